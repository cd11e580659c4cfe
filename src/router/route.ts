/**
 * A route: the way to one peer gaplic over one link, with the flow control of protocol
 * v2. Events get a serial per route and direction (unbounded, monotonic); up to `window`
 * of them are in flight, the rest wait in a bounded queue; an ack for serial N releases
 * every event up to N. Everything sent in one turn of the loop leaves in one batch
 * (flushed on a microtask), so a lone event is not delayed and a burst costs few
 * transport messages.
 *
 *   send → queue (bounded) → in flight (window) → batch → link
 *                                  ↑ ack N releases ≤ N, nack S fails S
 *
 * A route whose link is lost either holds (its worker restarts: events in flight are
 * failed — the peer may have died before handling them — and new ones wait in the queue)
 * or closes (everything it holds is failed). A failed event is handed to `onFail`,
 * which tells its sender (EV_NACK): nothing vanishes.
 */
import type { Link } from '../links/link.js';
import { queueMicrotask } from '../util/host-services.js';
import { InFlight } from './in-flight.js';
import type { AckMessage, EventMessage, WireMessage } from '../wire/messages.js';

/** Flow-control limits of a route. */
export interface RouteLimits {
  /** Events in flight (sent, not yet acknowledged). @default 1024 */
  readonly window: number;
  /** Events waiting for the window or for the link; beyond it an event is failed. @default 100_000 */
  readonly maxQueue: number;
}

/** Messages per transport message at most. */
const BATCH = 1024;

export const DEFAULT_LIMITS: RouteLimits = { window: 8192, maxQueue: 100_000 };

export type RouteState = 'up' | 'holding' | 'closed';

/** Counters of a route, for reports and consoles. */
export interface RouteCounters {
  sent: number;
  received: number;
  acked: number;
  nacked: number;
  failed: number;
}

let nextId = 1;

export class Route {
  readonly id = nextId++;
  name: string;
  roles: readonly string[];
  /** The default route of a gaplic whose only peer is its main gaplic. */
  readonly upstream: boolean;
  readonly limits: RouteLimits;
  readonly counters: RouteCounters = { sent: 0, received: 0, acked: 0, nacked: 0, failed: 0 };
  #state: RouteState = 'holding';
  #link: Link | null = null;
  readonly #inflight = new InFlight();
  #queue: EventMessage[] = [];
  #queueHead = 0;
  #outbox: WireMessage[] = [];
  #flushing = false;
  /** The highest serial received on this route (duplicates at or below it are dropped). */
  lastIn = 0;
  readonly #onFail: (message: EventMessage, reason: string) => void;
  readonly #flush = (): void => {
    this.#flushing = false;
    this.flushNow();
  };

  constructor(
    name: string,
    roles: readonly string[],
    upstream: boolean,
    limits: RouteLimits,
    onFail: (message: EventMessage, reason: string) => void,
  ) {
    this.name = name;
    this.roles = roles;
    this.upstream = upstream;
    this.limits = limits;
    this.#onFail = onFail;
  }

  get state(): RouteState {
    return this.#state;
  }

  get link(): Link | null {
    return this.#link;
  }

  /** Events in flight and waiting. */
  get inflight(): number {
    return this.#inflight.size;
  }

  get queued(): number {
    return this.#queue.length - this.#queueHead;
  }

  /** True when `name` or `role` designates this route's peer. */
  serves(name: string, role: string): boolean {
    if (name !== '' && this.name === name) return true;
    return role !== '' && this.roles.includes(role);
  }

  /** Puts the route up on `link` and sends what waited. */
  attach(link: Link): void {
    this.#link = link;
    this.#state = 'up';
    this.#pump();
  }

  /** The link is lost but the peer comes back: in-flight events fail, new ones wait. */
  hold(reason: string): void {
    if (this.#state === 'closed') return;
    this.#link = null;
    this.#outbox = [];
    this.#state = 'holding';
    // The peer that comes back is a new incarnation: its serials start again.
    this.lastIn = 0;
    this.#failInflight(reason);
  }

  /** The peer is gone for good: everything held fails. */
  close(reason: string): void {
    if (this.#state === 'closed') return;
    this.hold(reason);
    this.#state = 'closed';
    const waiting = this.#queue.slice(this.#queueHead);
    this.#queue = [];
    this.#queueHead = 0;
    for (const message of waiting) this.#fail(message, reason);
  }

  /** Sends an event (a serial is given when it leaves); false when it was failed at once. */
  send(message: EventMessage): boolean {
    if (this.#state === 'closed') {
      this.#fail(message, `route to '${this.name}' is closed`);
      return false;
    }
    if (this.queued >= this.limits.maxQueue) {
      this.#fail(message, `queue to '${this.name}' is full (${this.limits.maxQueue} events)`);
      return false;
    }
    this.#queue.push(message);
    this.#pump();
    return true;
  }

  /** Queues a control message (ack, nack, identity card) in the next batch. */
  sendControl(message: WireMessage): void {
    if (this.#link === null) return;
    this.#outbox.push(message);
    this.#schedule();
  }

  /**
   * Sends what waits in the outbox now, in batches of at most BATCH messages: the peer
   * starts on the first while the next is still being serialized.
   */
  flushNow(): void {
    const outbox = this.#outbox;
    const link = this.#link;
    if (outbox.length === 0 || link === null) return;
    this.#outbox = [];
    if (outbox.length <= BATCH) {
      link.send(outbox);
      return;
    }
    for (let i = 0; i < outbox.length; i += BATCH) link.send(outbox.slice(i, i + BATCH));
  }

  /** Releases every event in flight up to `serial` (a v2 ack covers several). */
  ack(message: AckMessage): void {
    this.counters.acked += this.#inflight.releaseUpTo(message.serial);
    this.#pump();
  }

  /** The event in flight under `serial`, refused by the peer: taken out and returned. */
  nack(serial: number): EventMessage | undefined {
    const message = this.#inflight.take(serial);
    if (message === undefined) return undefined;
    this.counters.nacked++;
    this.#pump();
    return message;
  }

  /** Moves waiting events into flight while the window allows. */
  #pump(): void {
    if (this.#state !== 'up') return;
    const window = this.limits.window;
    while (this.#inflight.size < window && this.#queueHead < this.#queue.length) {
      const message = this.#queue[this.#queueHead]!;
      this.#queue[this.#queueHead++] = undefined as unknown as EventMessage;
      // The router built (or received) the message: this hop's serial is written in it.
      (message as { serial: number }).serial = this.#inflight.nextSerial;
      this.#inflight.push(message);
      this.#outbox.push(message);
      this.counters.sent++;
    }
    if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#queueHead);
      this.#queueHead = 0;
    }
    if (this.#outbox.length > 0) this.#schedule();
  }

  #schedule(): void {
    if (this.#flushing) return;
    this.#flushing = true;
    queueMicrotask(this.#flush);
  }

  #failInflight(reason: string): void {
    for (const message of this.#inflight.drain()) this.#fail(message, reason);
  }

  #fail(message: EventMessage, reason: string): void {
    this.counters.failed++;
    this.#onFail(message, reason);
  }
}
