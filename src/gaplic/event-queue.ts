/**
 * The gaplic's event queue: a FIFO of posted events.
 *
 * Invariant (run-to-completion): events are delivered one at a time, in the order they
 * were posted. An event posted while another is being delivered is appended at the
 * back and delivered after it has completed, never re-entrantly.
 *
 * HOW: a queued event is not an object. Its four parts (name, destination, source, kw)
 * sit in four slots of a fixed-size block, and blocks are linked in a list (as Node's
 * own `FixedQueue`), so posting allocates nothing of ours, a backlog of a million events
 * is a few hundred arrays the garbage collector never scans object by object, growing
 * never copies, and a drained block is dropped (one is kept for reuse): the memory of a
 * burst is given back as it drains. The `GEvent` is built when the event is delivered,
 * and dies young.
 *
 *   head block [n0 d0 s0 k0 | n1 d1 s1 k1 | ...] → block → ... → tail block [... | free]
 *               ^ read                                                  write ^
 */
import type { EventSource, Kw } from '../gobj/gevent.js';
import type { GObj } from '../gobj/gobj.js';

const FIELDS = 4;
/**
 * Events per block: 4 × 8192 slots, 256 KiB, above the size V8 copies between young
 * generations, so a block of a long backlog is allocated once and never moved.
 */
const BLOCK = 8192;

interface Block {
  readonly slots: unknown[];
  read: number;
  write: number;
  next: Block | null;
}

function newBlock(): Block {
  return { slots: new Array<unknown>(BLOCK * FIELDS), read: 0, write: 0, next: null };
}

/** @internal */
export class EventQueue {
  #head: Block = newBlock();
  #tail: Block = this.#head;
  #spare: Block | null = null;
  #length = 0;
  /** The parts of the event taken by the last `shift()`. */
  name = '';
  destination: GObj | string = '';
  source: EventSource = null;
  kw: Kw | undefined = undefined;

  get length(): number {
    return this.#length;
  }

  push(name: string, destination: GObj | string, source: EventSource, kw: Kw | undefined): void {
    let tail = this.#tail;
    if (tail.write === BLOCK) {
      const block = this.#spare ?? newBlock();
      this.#spare = null;
      tail.next = block;
      this.#tail = tail = block;
    }
    const at = tail.write++ * FIELDS;
    const slots = tail.slots;
    slots[at] = name;
    slots[at + 1] = destination;
    slots[at + 2] = source;
    slots[at + 3] = kw;
    this.#length++;
  }

  /**
   * Removes the oldest event into `name`, `destination`, `source` and `kw` (read them at
   * once); false when the queue is empty.
   */
  shift(): boolean {
    if (this.#length === 0) return false;
    let head = this.#head;
    if (head.read === BLOCK) {
      const next = head.next!;
      head.read = head.write = 0;
      head.next = null;
      this.#spare = head;
      this.#head = head = next;
    }
    const at = head.read++ * FIELDS;
    const slots = head.slots;
    this.name = slots[at] as string;
    this.destination = slots[at + 1] as GObj | string;
    this.source = slots[at + 2] as EventSource;
    this.kw = slots[at + 3] as Kw | undefined;
    slots[at + 1] = slots[at + 2] = slots[at + 3] = undefined;
    if (--this.#length === 0 && head === this.#tail) head.read = head.write = 0;
    return true;
  }
}
