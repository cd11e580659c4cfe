/**
 * A link over a child process's IPC channel (Node only): `child.send()` on the parent's
 * side, `process.send()` on the child's. Wire batches travel in the compact encoding of
 * `wire/compact.ts` (its JSON is a fifth of the messages': the channel's cost is its
 * bytes — 3.4x the events/s of plain objects): a burst tagged `{ c: tables }`, a message
 * or two as their inline array; any other object is a control message for the host. The channel
 * serializes with JSON (`fork`'s default, and the faster of the two on this kind of
 * machine).
 */
import { CONTROL, packBatch, unpackBatch } from '../../wire/compact.js';
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

export class IpcLink extends BaseLink {
  readonly #endpoint: IpcEndpoint;
  #onControl: ((message: unknown) => void) | null = null;
  readonly #listener = (message: unknown): void => {
    const batch = unpackBatch(message, 'c');
    if (batch === CONTROL) this.#onControl?.(message);
    else this.receive(batch);
  };

  constructor(endpoint: IpcEndpoint) {
    super();
    this.#endpoint = endpoint;
    endpoint.on('message', this.#listener);
  }

  send(batch: readonly WireMessage[]): void {
    if (this.open) this.#post(packBatch(batch, 'c'));
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
