/**
 * GEvent: what travels between gobjs. `source[0]` is the original sender and the last
 * entry the most recent forwarder; forwarding builds a new event (the original's
 * source list is never mutated). Posted events keep their source chain.
 */
import type { GObj } from './gobj.js';

/** The data of an event (ginsfsm's `**kw`). */
export type Kw = Record<string, unknown>;

export class GEvent {
  readonly eventName: string;
  /** A gobj, or a unique name resolved when the event is delivered. */
  readonly destination: GObj | string;
  readonly source: readonly GObj[];
  readonly kw: Kw;

  constructor(eventName: string, destination: GObj | string, source: readonly GObj[], kw: Kw) {
    this.eventName = eventName;
    this.destination = destination;
    this.source = source;
    this.kw = kw;
  }

  /** The original sender, or `undefined` for an event injected from outside any gobj. */
  get origin(): GObj | undefined {
    return this.source[0];
  }

  toString(): string {
    const dest =
      typeof this.destination === 'string' ? this.destination : this.destination.toString();
    return `GEvent ${this.eventName} -> ${dest} {${Object.keys(this.kw).join(', ')}}`;
  }
}
