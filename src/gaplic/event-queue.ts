/**
 * The gaplic's event queue: a FIFO ring buffer.
 *
 * Invariant (run-to-completion): events are delivered one at a time, in the order they
 * were posted. An event posted while another is being delivered is appended at the
 * back and delivered after it has completed, never re-entrantly.
 *
 * The buffer grows by doubling and never shrinks below its initial size; push and shift
 * are O(1) and allocate nothing in the steady state.
 */

/** @internal */
export class EventQueue<T> {
  #buffer: (T | undefined)[];
  #head = 0;
  #length = 0;

  constructor(initialCapacity = 64) {
    this.#buffer = new Array<T | undefined>(initialCapacity);
  }

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length === this.#buffer.length) this.#grow();
    this.#buffer[(this.#head + this.#length) & (this.#buffer.length - 1)] = item;
    this.#length++;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#buffer[this.#head];
    this.#buffer[this.#head] = undefined;
    this.#head = (this.#head + 1) & (this.#buffer.length - 1);
    this.#length--;
    return item;
  }

  #grow(): void {
    const old = this.#buffer;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.#length; i++) next[i] = old[(this.#head + i) & (old.length - 1)];
    this.#buffer = next;
    this.#head = 0;
  }
}
