/**
 * A link over a MessagePort (a worker thread's port in Node, a MessageChannel or a Web
 * Worker port in a browser). Batches travel by structured clone, in the compact encoding
 * of `wire/compact.ts`: a small batch as its inline array, a larger one tagged
 * `{ w: tables }`, so that the port can also carry the host's control messages (objects),
 * which `onControl` receives.
 */
import { CONTROL, packBatch, unpackBatch } from '../wire/compact.js';
import type { WireMessage } from '../wire/messages.js';
import { BaseLink } from './link.js';

/** What the link needs of a port (Node's MessagePort and the browser's both fit). */
export interface PortLike {
  postMessage(value: unknown): void;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  close?(): void;
}

export class PortLink extends BaseLink {
  readonly #port: PortLike;
  #onControl: ((message: unknown) => void) | null = null;

  constructor(port: PortLike) {
    super();
    this.#port = port;
    port.onmessage = (event) => {
      const batch = unpackBatch(event.data, 'w');
      if (batch === CONTROL) this.#onControl?.(event.data);
      else this.receive(batch);
    };
  }

  send(batch: readonly WireMessage[]): void {
    if (this.open) this.#port.postMessage(packBatch(batch, 'w'));
  }

  /** Sends a control message (not a wire batch) to the other end. */
  sendControl(message: unknown): void {
    if (this.open) this.#port.postMessage(message);
  }

  /** Receives the control messages of the other end. */
  onControl(handler: (message: unknown) => void): void {
    this.#onControl = handler;
  }

  protected release(): void {
    this.#port.onmessage = null;
    this.#port.close?.();
  }
}
