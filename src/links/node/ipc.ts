/**
 * A link over a child process's IPC channel (Node only): `child.send()` on the parent's
 * side, `process.send()` on the child's. Wire batches are tagged: `{ c: compact }` for a
 * burst (the encoding of `wire/compact.ts`, whose JSON is a fifth of the messages': the
 * channel's cost is its bytes — 3.4x the events/s of plain objects), `{ w: batch }` for a
 * message or two; anything else is a control message for the host. The channel
 * serializes with JSON (`fork`'s default, and the faster of the two on this kind of
 * machine).
 */
import { decodeBatch, encodeBatch } from '../../wire/compact.js';
import type { WireMessage } from '../../wire/messages.js';
import { BaseLink } from '../link.js';

/** Both ends of an IPC channel look like this (a ChildProcess, or `process` in the child). */
export interface IpcEndpoint {
  /** False once the channel is closed (sending then would emit an 'error'). */
  readonly connected?: boolean;
  send?(message: unknown): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** Batches up to this many messages travel as plain objects. */
const SMALL = 4;

export class IpcLink extends BaseLink {
  readonly #endpoint: IpcEndpoint;
  #onControl: ((message: unknown) => void) | null = null;
  readonly #listener = (message: unknown): void => {
    const data = message as { w?: unknown; c?: unknown } | null;
    if (typeof data !== 'object' || data === null) this.#onControl?.(message);
    else if ('w' in data) this.receive(data.w);
    else if ('c' in data) this.receive(decodeBatch(data.c));
    else this.#onControl?.(message);
  };

  constructor(endpoint: IpcEndpoint) {
    super();
    this.#endpoint = endpoint;
    endpoint.on('message', this.#listener);
  }

  send(batch: readonly WireMessage[]): void {
    if (!this.open) return;
    // A burst goes compact (its names once per batch: a fifth of the JSON); a lone message
    // or two as they are, which is cheaper than building the tables.
    this.#post(batch.length > SMALL ? { c: encodeBatch(batch) } : { w: batch });
  }

  sendControl(message: unknown): void {
    if (this.open) this.#post(message);
  }

  onControl(handler: (message: unknown) => void): void {
    this.#onControl = handler;
  }

  #post(message: unknown): void {
    if (this.#endpoint.connected === false) return;
    try {
      this.#endpoint.send?.(message);
    } catch {
      // The channel closed under us: the host sees the exit and closes the link.
    }
  }

  protected release(): void {
    this.#endpoint.off('message', this.#listener);
  }
}
