/**
 * A route: the way to one peer gaplic over one link, with the flow control of protocol
 * v2. Events get a serial per route and direction (unbounded, monotonic); up to `window`
 * of them are in flight, the rest wait in a bounded queue; an ack for serial N releases
 * every event up to N. Everything sent in one turn of the loop leaves in one batch
 * (flushed on a microtask), so a lone event is not delayed and a burst costs few
 * transport messages. Protocol v1 (ginsfsm) is the same with a window of one.
 *
 *   send → queue (bounded) → in flight (window) → batch → link
 *                                  ↑ ack N releases ≤ N, nack S fails S
 *
 * States: a WebSocket route first has a link that carries only the identity handshake
 * ('admitting' on the server, 'connecting' on the client), then is 'up'. A route whose
 * link is lost either is suspended (a WebSocket peer that may come back: events in flight
 * are kept and sent again when it does — the receiver drops the ones it already had),
 * holds (a worker that restarts: events in flight are failed, the peer may have died
 * before handling them, and new ones wait) or closes (everything it holds is failed). A
 * failed event is handed to `onFail`, which tells its sender (EV_NACK): nothing vanishes.
 */
import type { Link } from '../links/link.js';
import { queueMicrotask } from '../util/host-services.js';
import type { ProtocolVersion } from '../wire/frames.js';
import type { AckMessage, EventMessage, WireMessage } from '../wire/messages.js';
import { InFlight } from './in-flight.js';

/** Flow-control limits of a route. */
export interface RouteLimits {
  /** Events in flight (sent, not yet acknowledged). @default 8192 */
  readonly window: number;
  /** Events waiting for the window or for the link. @default 100_000 */
  readonly maxQueue: number;
  /**
   * A full queue nacks the new event (`'nack'`) or drops the oldest waiting one, nacked
   * in turn (`'dropOldest'`: the freshest data wins). @default 'nack'
   */
  readonly queuePolicy: QueuePolicy;
}

/** What a route does with an event when its queue is full. */
export type QueuePolicy = 'nack' | 'dropOldest';

/**
 * How the route came to be: a worker link, a connection we made, one a peer made, or a
 * destination on NATS (a gaplic name or a role, over the router's NATS connection).
 */
export type RouteKind = 'link' | 'static' | 'dynamic' | 'nats';

/** Messages per transport message at most. */
const BATCH = 1024;

export const DEFAULT_LIMITS: RouteLimits = { window: 8192, maxQueue: 100_000, queuePolicy: 'nack' };

export type RouteState = 'admitting' | 'connecting' | 'up' | 'holding' | 'closed';

/** Counters of a route, for reports and consoles. */
export interface RouteCounters {
  sent: number;
  received: number;
  acked: number;
  nacked: number;
  failed: number;
  /** Events dropped from a full queue (`queuePolicy: 'dropOldest'`), also counted as failed. */
  dropped: number;
  /** Events sent again after a reconnection. */
  resent: number;
  /** Events received twice (after a reconnection) and not delivered again. */
  duplicates: number;
}

let nextId = 1;

export class Route {
  readonly id = nextId++;
  name: string;
  roles: readonly string[];
  /** The default route of a gaplic whose only peer is its main gaplic. */
  readonly upstream: boolean;
  readonly limits: RouteLimits;
  readonly kind: RouteKind;
  readonly counters: RouteCounters = {
    sent: 0,
    received: 0,
    acked: 0,
    nacked: 0,
    failed: 0,
    dropped: 0,
    resent: 0,
    duplicates: 0,
  };
  /** The protocol spoken on the current link (1: ginsfsm's, a window of one, no dedup). */
  protocol: ProtocolVersion = 2;
  /** The peer's session (v2): the same after a reconnection, another after a restart. */
  peerSession = '';
  /** Batches received and not yet handled (the link stops reading beyond a bound). */
  pendingInput = 0;
  /** The roles our last identity card on this route announced (sent again when they change). */
  advertised = '';
  /** Sees every batch as it leaves (the router's trace). */
  tracer: ((batch: readonly WireMessage[]) => void) | null = null;
  #state: RouteState = 'holding';
  #link: Link | null = null;
  readonly #inflight = new InFlight();
  #queue: EventMessage[] = [];
  #queueHead = 0;
  #outbox: WireMessage[] = [];
  #flushing = false;
  #waitingDrain = false;
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
    kind: RouteKind = 'link',
  ) {
    this.kind = kind;
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

  /** How messages name the route: `'name'`, or `role 'r'` for a route to a role. */
  get label(): string {
    return this.name === '' && this.roles.length > 0
      ? `role '${this.roles[0]!}'`
      : `'${this.name}'`;
  }

  /** True when `name` or `role` designates this route's peer. */
  serves(name: string, role: string): boolean {
    if (name !== '' && this.name === name) return true;
    return role !== '' && this.roles.includes(role);
  }

  /** Puts the route up on `link` and sends what waited. */
  attach(link: Link): void {
    this.#link = link;
    this.#waitingDrain = false;
    this.#state = 'up';
    this.#pump();
  }

  /** A link that first carries the identity handshake (events wait until `resume`). */
  handshake(link: Link, state: 'admitting' | 'connecting'): void {
    this.#link = link;
    this.#waitingDrain = false;
    this.#state = state;
  }

  /**
   * Puts the route up on the link of its handshake: the events in flight are sent again
   * first, with their serials (the peer drops those it had), then what waited.
   */
  resume(): void {
    const link = this.#link;
    if (link === null || this.#state === 'closed') return;
    this.#state = 'up';
    const again = this.#inflight.list();
    if (again.length > 0) {
      this.counters.resent += again.length;
      this.#outbox.push(...again);
      this.#schedule();
    }
    this.#pump();
  }

  /** The link is lost and the peer may come back: events in flight wait to be sent again. */
  suspend(): void {
    if (this.#state === 'closed') return;
    this.#link = null;
    this.#outbox = [];
    this.#state = 'holding';
  }

  /** The link is lost but the peer comes back: in-flight events fail, new ones wait. */
  hold(reason: string): void {
    if (this.#state === 'closed') return;
    this.suspend();
    // The peer that comes back is a new incarnation: its serials start again.
    this.lastIn = 0;
    this.failInflight(reason);
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
      this.#fail(message, `route to ${this.label} is closed`);
      return false;
    }
    if (this.queued >= this.limits.maxQueue && !this.#makeRoom(message)) return false;
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
    this.tracer?.(outbox);
    if (outbox.length <= BATCH) {
      this.#sendSafely(link, outbox);
      return;
    }
    for (let i = 0; i < outbox.length; i += BATCH)
      this.#sendSafely(link, outbox.slice(i, i + BATCH));
  }

  /**
   * Sends a batch; when the transport cannot take it (a kw too deep to copy), sends its
   * messages one by one and fails the events that cannot go.
   */
  #sendSafely(link: Link, batch: readonly WireMessage[]): void {
    try {
      link.send(batch);
    } catch {
      for (const message of batch) {
        try {
          link.send([message]);
        } catch (error) {
          if (message.message_type !== '__event__') continue;
          const failed = this.#inflight.take(message.serial);
          if (failed !== undefined) this.#fail(failed, `cannot be sent: ${String(error)}`);
        }
      }
    }
  }

  /** The event in flight under `serial`, if any (it stays in flight). */
  inflightAt(serial: number): EventMessage | undefined {
    return this.#inflight.peek(serial);
  }

  /** Releases every event in flight up to `serial` (a v2 ack covers several). */
  ack(message: AckMessage): void {
    this.counters.acked += this.#inflight.releaseUpTo(message.serial);
    this.#pump();
  }

  /**
   * Releases the events in flight under `serials`, one by one (over NATS: the members of
   * a role, or JetStream, answer each batch on its own; a cumulative ack would release
   * events another one still holds).
   */
  settle(serials: Iterable<number>): void {
    let acked = 0;
    for (const serial of serials) if (this.#inflight.take(serial) !== undefined) acked++;
    this.counters.acked += acked;
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

  /** A full queue: drops the oldest waiting event (true), or fails `message` (false). */
  #makeRoom(message: EventMessage): boolean {
    const full = `queue to ${this.label} is full (${this.limits.maxQueue} events)`;
    if (this.limits.queuePolicy === 'nack') {
      this.#fail(message, full);
      return false;
    }
    const oldest = this.#queue[this.#queueHead]!;
    this.#queue[this.#queueHead++] = undefined as unknown as EventMessage;
    this.counters.dropped++;
    this.#fail(oldest, `dropped: ${full}, the oldest waiting event makes room`);
    return true;
  }

  /** Moves waiting events into flight while the window allows and the link keeps up. */
  #pump(): void {
    if (this.#state !== 'up') return;
    const link = this.#link!;
    if (link.congested === true) {
      // The peer reads slowly: events wait here (bounded by maxQueue), not in its socket.
      if (!this.#waitingDrain) {
        this.#waitingDrain = true;
        link.onDrain?.(() => {
          this.#waitingDrain = false;
          this.#pump();
        });
      }
      return;
    }
    const window = this.protocol === 1 ? 1 : this.limits.window;
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

  /** Fails every event in flight (the peer restarted or died with them). */
  failInflight(reason: string): void {
    for (const message of this.#inflight.drain()) this.#fail(message, reason);
  }

  #fail(message: EventMessage, reason: string): void {
    this.counters.failed++;
    this.#onFail(message, reason);
  }
}
