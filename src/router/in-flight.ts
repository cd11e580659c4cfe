/**
 * The events of a route in flight: sent, not yet acknowledged. Their serials are
 * consecutive, so they sit in an array by serial (no map, no hashing): an ack for N
 * releases the oldest ones up to N, a nack (or, over NATS, an ack of one event) takes one
 * out of the middle (a hole), and the array is compacted when the released part dominates.
 *
 *   serial:  first ......................... first + length - 1
 *   slots:  [released | m | m | hole | m | m]
 *                      ^ head
 */
import type { EventMessage } from '../wire/messages.js';

export class InFlight {
  #slots: (EventMessage | null)[] = [];
  #head = 0;
  /** The serial of the slot at `head`. */
  #first = 1;
  #count = 0;

  /** Events in flight. */
  get size(): number {
    return this.#count;
  }

  /** The serial the next `push` must carry. */
  get nextSerial(): number {
    return this.#first + this.#slots.length - this.#head;
  }

  /** Adds the event with serial `nextSerial`. */
  push(message: EventMessage): void {
    this.#slots.push(message);
    this.#count++;
  }

  /** Releases every event up to `serial`; returns how many. */
  releaseUpTo(serial: number): number {
    const slots = this.#slots;
    let released = 0;
    while (this.#head < slots.length && this.#first <= serial) {
      if (slots[this.#head] !== null) released++;
      slots[this.#head++] = null;
      this.#first++;
    }
    this.#count -= released;
    this.#compact();
    return released;
  }

  /** The event of `serial` if it is in flight (it stays). */
  peek(serial: number): EventMessage | undefined {
    const index = this.#head + (serial - this.#first);
    if (serial < this.#first || index >= this.#slots.length) return undefined;
    return this.#slots[index] ?? undefined;
  }

  /** Takes the event of `serial` out (a nack), or `undefined`. */
  take(serial: number): EventMessage | undefined {
    const message = this.peek(serial);
    if (message === undefined) return undefined;
    const slots = this.#slots;
    slots[this.#head + (serial - this.#first)] = null;
    this.#count--;
    // Taken from the front (acks one by one, over NATS): the head moves past the holes.
    while (this.#head < slots.length && slots[this.#head] === null) {
      this.#head++;
      this.#first++;
    }
    this.#compact();
    return message;
  }

  /** The events in flight, oldest first (they stay in flight). */
  list(): EventMessage[] {
    const out: EventMessage[] = [];
    for (let i = this.#head; i < this.#slots.length; i++) {
      const message = this.#slots[i];
      if (message !== null && message !== undefined) out.push(message);
    }
    return out;
  }

  /** Takes every event out, oldest first; serials go on from where they were. */
  drain(): EventMessage[] {
    const next = this.nextSerial;
    const out = this.list();
    this.#slots = [];
    this.#head = 0;
    this.#first = next;
    this.#count = 0;
    return out;
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#slots.length) {
      this.#slots = this.#slots.slice(this.#head);
      this.#head = 0;
    }
  }
}
