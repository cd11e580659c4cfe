/**
 * The Link seam: how two gaplics exchange batches of wire messages. A router sees only
 * this interface, whatever carries the bytes — a worker port, a child's IPC channel, a
 * WebSocket, NATS — and the one conformance suite runs over every implementation.
 *
 * A batch is one transport message (one postMessage, one IPC message, one frame): the
 * router puts every message of one turn of the loop in one batch, so a lone event leaves
 * at once and a burst leaves in few messages. Delivery is in order; a link that loses
 * its peer resolves `closed` and sends nothing more.
 */
import type { WireMessage } from '../wire/messages.js';

export interface Link {
  /** Sends one batch (one transport message). Ignored once closed. */
  send(batch: readonly WireMessage[]): void;
  /** Sets the receiver of incoming batches (raw: the router checks every message). */
  onReceive(handler: (batch: unknown) => void): void;
  /** Closes the link; `closed` resolves with `reason`. */
  close(reason?: string): void;
  /** Resolves with the reason once the link is down (closed here, by the peer, or the peer died). */
  readonly closed: Promise<string>;
  /** True until the link is down. */
  readonly open: boolean;
  /**
   * True while the transport holds more unsent bytes than it should (the peer reads
   * slowly): the route then stops putting events in flight until `onDrain` calls back.
   * Links without such a buffer leave both out.
   */
  readonly congested?: boolean;
  onDrain?(callback: () => void): void;
}

/** The common part of a link: the receiver, the closed promise, closing once. */
export abstract class BaseLink implements Link {
  #handler: ((batch: unknown) => void) | null = null;
  /** Batches that arrived before a receiver was set, delivered when it is. */
  #early: unknown[] = [];
  #open = true;
  #reason = '';
  #resolveClosed!: (reason: string) => void;
  readonly closed = new Promise<string>((resolve) => (this.#resolveClosed = resolve));

  get open(): boolean {
    return this.#open;
  }

  /** Why the link closed ('' while open). */
  get closedReason(): string {
    return this.#reason;
  }

  abstract send(batch: readonly WireMessage[]): void;

  onReceive(handler: (batch: unknown) => void): void {
    this.#handler = handler;
    const early = this.#early;
    this.#early = [];
    for (const batch of early) handler(batch);
  }

  close(reason = 'closed'): void {
    if (!this.#open) return;
    this.#open = false;
    this.#reason = reason;
    this.release();
    this.#resolveClosed(reason);
  }

  /** Called by the transport with a received batch. */
  protected receive(batch: unknown): void {
    if (!this.#open) return;
    if (this.#handler === null) this.#early.push(batch);
    else this.#handler(batch);
  }

  /** Frees the transport (close the port, stop listening). */
  protected abstract release(): void;
}
