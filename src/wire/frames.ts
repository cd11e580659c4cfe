/**
 * WebSocket text frames between gaplics on different hosts.
 *
 *   v1 (ginsfsm 0.7): one message per frame, a JSON object with exactly the field set
 *                     of its type (FIELD_SETS), `message_type` first, as ginsfsm writes it.
 *   v2:               one batch per frame, a JSON array of messages; identity cards add
 *                     the v2 fields. Chosen by the WebSocket subprotocol `ginsfsm-v2`, so
 *                     a v1 peer never receives a v2 frame.
 *
 * Decoding never throws: a frame that is not JSON, or not of its protocol's shape, gives
 * a `FrameError` with the reason, which the router logs and drops. Each message is then
 * checked by `decodeMessage`.
 */
import { FIELD_SETS, type WireMessage } from './messages.js';

/** The WebSocket subprotocol of protocol v2. */
export const SUBPROTOCOL_V2 = 'ginsfsm-v2';

/** The protocol versions a route speaks. */
export type ProtocolVersion = 1 | 2;

/** A frame that could not be decoded, with the reason. */
export class FrameError {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

/** The v1 frame of one message: its type's field set only, in ginsfsm's order. */
export function encodeV1(message: WireMessage): string {
  const source = message as unknown as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = { message_type: message.message_type };
  for (const field of FIELD_SETS[message.message_type]) out[field] = source[field] ?? null;
  return JSON.stringify(out);
}

/** The v2 frame of a batch. Identity cards keep their v2 fields; nothing else is added. */
export function encodeV2(batch: readonly WireMessage[]): string {
  return JSON.stringify(batch);
}

/** The messages of a received frame (not yet checked one by one), or why it is refused. */
export function decodeFrame(text: string, protocol: ProtocolVersion): unknown[] | FrameError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return new FrameError(`not JSON (${(error as Error).message}): ${excerpt(text)}`);
  }
  if (protocol === 1) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return new FrameError(`a v1 frame must be one JSON object: ${excerpt(text)}`);
    }
    return [value];
  }
  if (!Array.isArray(value))
    return new FrameError(`a v2 frame must be a JSON array: ${excerpt(text)}`);
  return value as unknown[];
}

/** The size of `text` in UTF-8 bytes (what the WebSocket frame carries). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 code units
      i++;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

function excerpt(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
