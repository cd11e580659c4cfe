/**
 * What a GWebSocket puts on the wire and how it closes: the payload of EV_SEND_MESSAGE
 * (text as is, bytes as a binary message, anything else as JSON text), the close codes an
 * application may send (RFC 6455 §7.4), and the codes it reports for the faults it
 * detects itself. Node only (Buffer).
 */
import { readFileSync } from 'node:fs';
import { codedError } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import { errorMessage } from '../util/error-text.js';

/** Close codes the endpoint itself uses (RFC 6455 §7.4.1). */
export const WS_CLOSE = {
  normal: 1000,
  goingAway: 1001,
  /** A message of a type the endpoint does not accept. */
  unsupportedData: 1003,
  /** No close frame came (the connection was cut, or we dropped a dead peer). */
  abnormal: 1006,
  /** A message over maxPayload. */
  tooBig: 1009,
} as const;

/** What `ws.send` takes: text, or bytes sent as one binary message. */
export type Payload = string | Uint8Array;

/** The payload of `data` (throws NET_WS_BAD_MESSAGE for what JSON cannot write). */
export function payloadOf(data: unknown, where: string): Payload {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch (error) {
    throw codedError(
      'NET_WS_BAD_MESSAGE',
      `${where}: EV_SEND_MESSAGE data got ${describeValue(data)} that JSON cannot write (${errorMessage(error)}), expected text, bytes or a JSON value`,
    );
  }
  if (text === undefined) {
    throw codedError(
      'NET_WS_BAD_MESSAGE',
      `${where}: EV_SEND_MESSAGE data got ${describeValue(data)}, expected text, bytes or a JSON value`,
    );
  }
  return text;
}

/** An upper bound of the bytes `payload` takes (UTF-16 units are at most 3 UTF-8 bytes). */
export function maxBytesOf(payload: Payload): number {
  return typeof payload === 'string' ? payload.length * 3 : payload.byteLength;
}

/** Checks the code and reason of EV_DROP (throws NET_WS_BAD_CLOSE). */
export function checkClose(code: unknown, reason: unknown, where: string): void {
  const valid =
    typeof code === 'number' &&
    Number.isInteger(code) &&
    (code === 1000 || (code >= 3000 && code <= 4999));
  if (!valid) {
    throw codedError(
      'NET_WS_BAD_CLOSE',
      `${where}: EV_DROP code got ${describeValue(code)}, expected 1000 or an integer from 3000 to 4999`,
    );
  }
  if (typeof reason !== 'string' || Buffer.byteLength(reason) > 123) {
    throw codedError(
      'NET_WS_BAD_CLOSE',
      `${where}: EV_DROP reason got ${describeValue(reason)}, expected a string of at most 123 bytes`,
    );
  }
}

/** PEM text as given, or read from the file it names. */
export function pem(value: string): string {
  return value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8');
}
