/**
 * Two linked ends in one thread, delivering each batch on a later microtask (as a port
 * would, after the current turn): the reference implementation of the Link seam, used to
 * test routers without threads or sockets. Batches are copied through JSON, so what
 * crosses is exactly what would cross a wire.
 */
import type { WireMessage } from '../wire/messages.js';
import { queueMicrotask } from '../util/host-services.js';
import { BaseLink } from './link.js';

class MemoryLink extends BaseLink {
  peer: MemoryLink | null = null;

  send(batch: readonly WireMessage[]): void {
    const peer = this.peer;
    if (!this.open || peer === null) return;
    const copy: unknown = JSON.parse(JSON.stringify(batch));
    queueMicrotask(() => peer.deliver(copy));
  }

  deliver(batch: unknown): void {
    this.receive(batch);
  }

  protected release(): void {
    const peer = this.peer;
    this.peer = null;
    if (peer !== null) queueMicrotask(() => peer.close('peer closed'));
  }
}

/** Two ends of one in-memory link. */
export function createMemoryLinkPair(): [BaseLink, BaseLink] {
  const a = new MemoryLink();
  const b = new MemoryLink();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
