/**
 * The gaplic's event queue: a FIFO ring buffer of posted events.
 *
 * Invariant (run-to-completion): events are delivered one at a time, in the order they
 * were posted. An event posted while another is being delivered is appended at the
 * back and delivered after it has completed, never re-entrantly.
 *
 * HOW: a queued event is not an object. Its four parts (name, destination, source, kw)
 * sit in four slots of one array, so posting allocates nothing of ours and a backlog of
 * a million events is a few arrays the garbage collector never scans object by object.
 * The `GEvent` is built when the event is delivered, and dies young.
 *
 *   slots: [name0, dest0, src0, kw0, name1, dest1, src1, kw1, ...]   head → oldest
 *
 * The buffer doubles when full and halves when a quarter full (down to its initial
 * size), so the memory of a burst is given back once it has drained.
 */
import type { EventSource, Kw } from '../gobj/gevent.js';
import type { GObj } from '../gobj/gobj.js';

const FIELDS = 4;

/** Receives the parts of the event taken from the queue. */
export type QueueVisitor = (
  name: string,
  destination: GObj | string,
  source: EventSource,
  kw: Kw | undefined,
) => void;

/** @internal */
export class EventQueue {
  readonly #initial: number;
  #slots: unknown[];
  /** Capacity in events (a power of two). */
  #capacity: number;
  #head = 0;
  #length = 0;

  constructor(initialCapacity = 64) {
    this.#initial = initialCapacity;
    this.#capacity = initialCapacity;
    this.#slots = new Array<unknown>(initialCapacity * FIELDS);
  }

  get length(): number {
    return this.#length;
  }

  push(name: string, destination: GObj | string, source: EventSource, kw: Kw | undefined): void {
    if (this.#length === this.#capacity) this.#resize(this.#capacity * 2);
    const at = ((this.#head + this.#length) & (this.#capacity - 1)) * FIELDS;
    const slots = this.#slots;
    slots[at] = name;
    slots[at + 1] = destination;
    slots[at + 2] = source;
    slots[at + 3] = kw;
    this.#length++;
  }

  /** Removes the oldest event and hands its parts to `visit`; false when empty. */
  shift(visit: QueueVisitor): boolean {
    if (this.#length === 0) return false;
    const slots = this.#slots;
    const at = this.#head * FIELDS;
    const name = slots[at] as string;
    const destination = slots[at + 1] as GObj | string;
    const source = slots[at + 2] as EventSource;
    const kw = slots[at + 3] as Kw | undefined;
    slots[at + 1] = slots[at + 2] = slots[at + 3] = undefined;
    this.#head = (this.#head + 1) & (this.#capacity - 1);
    this.#length--;
    if (this.#capacity > this.#initial && this.#length * 4 < this.#capacity) {
      this.#resize(this.#capacity / 2);
    }
    visit(name, destination, source, kw);
    return true;
  }

  #resize(capacity: number): void {
    const old = this.#slots;
    const mask = this.#capacity - 1;
    const next = new Array<unknown>(capacity * FIELDS);
    for (let i = 0; i < this.#length; i++) {
      const from = ((this.#head + i) & mask) * FIELDS;
      const to = i * FIELDS;
      next[to] = old[from];
      next[to + 1] = old[from + 1];
      next[to + 2] = old[from + 2];
      next[to + 3] = old[from + 3];
    }
    this.#slots = next;
    this.#capacity = capacity;
    this.#head = 0;
  }
}
