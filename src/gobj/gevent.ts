/**
 * GEvent: what travels between gobjs. `source[0]` is the original sender and the last
 * entry the most recent forwarder; forwarding builds a new event (the original's
 * source list is never mutated). Posted events keep their source chain.
 *
 * Most events come from one sender and most actions never read `source`, so an event
 * keeps its single sender and builds the `source` list only when it is read.
 */
import type { GObj } from './gobj.js';

/** The data of an event (ginsfsm's `**kw`). Treat a received `kw` as read-only. */
export type Kw = Record<string, unknown>;

/** What an event records of its senders: one gobj, the list of them, or none. */
export type EventSource = GObj | readonly GObj[] | null;

const NO_SOURCE: readonly GObj[] = Object.freeze([]);

export class GEvent<K extends Kw = Kw> {
  readonly eventName: string;
  /** A gobj, or a unique name resolved when the event is delivered. */
  readonly destination: GObj | string;
  readonly kw: K;
  #source: EventSource;

  constructor(eventName: string, destination: GObj | string, source: EventSource, kw: K) {
    this.eventName = eventName;
    this.destination = destination;
    this.#source = source;
    this.kw = kw;
  }

  /** The senders: the original one first, the last forwarder last. */
  get source(): readonly GObj[] {
    const source = this.#source;
    if (source === null) return NO_SOURCE;
    if (Array.isArray(source)) return source as readonly GObj[];
    const list = [source as GObj];
    this.#source = list;
    return list;
  }

  /** The original sender, or `undefined` for an event injected from outside any gobj. */
  get origin(): GObj | undefined {
    const source = this.#source;
    if (source === null) return undefined;
    return Array.isArray(source) ? (source as readonly GObj[])[0] : (source as GObj);
  }

  toString(): string {
    const dest =
      typeof this.destination === 'string' ? this.destination : this.destination.toString();
    return `GEvent ${this.eventName} -> ${dest} {${Object.keys(this.kw).join(', ')}}`;
  }
}

/** @internal The source of `event` forwarded by `forwarder` (appended unless it is the last). */
export function forwardedSource(event: GEvent, forwarder: GObj): EventSource {
  const source = event.source;
  return source[source.length - 1] === forwarder ? source : [...source, forwarder];
}
