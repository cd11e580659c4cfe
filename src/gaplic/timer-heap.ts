/**
 * HOW and WHY: every timer of a gaplic lives in one binary min-heap ordered by
 * (deadline, sequence number), so equal deadlines fire in insertion order. Only the
 * earliest deadline is armed as a host timer.
 *
 * Cancelling is O(1): the entry is marked dead and left in place; dead entries are
 * dropped when they reach the top, and the heap is rebuilt without them when they
 * outnumber the live ones (so memory stays within 2x the live timers).
 *
 *            [d=1.0 #3]
 *           /          \
 *     [d=2.5 #1]    [d=1.5 #7 dead]
 */

/** @internal One scheduled timer; also the handle given to callers. */
export interface TimerEntry {
  deadline: number;
  seq: number;
  /** `null` once cancelled or fired (one-shot). */
  callback: (() => void) | null;
  /** Seconds between runs of a periodic timer; 0 = one-shot. */
  period: number;
  /** True while the entry sits in the heap array. */
  queued: boolean;
  /** The heap the entry belongs to (a handle from another gaplic is refused). */
  readonly owner: TimerHeap;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

/** @internal */
export class TimerHeap {
  #heap: TimerEntry[] = [];
  #dead = 0;
  #seq = 0;

  /** Live timers. */
  get size(): number {
    return this.#heap.length - this.#dead;
  }

  /** The next sequence number (entries scheduled from now on have seq >= it). */
  get nextSeq(): number {
    return this.#seq;
  }

  schedule(deadline: number, callback: () => void, period: number): TimerEntry {
    const entry: TimerEntry = { deadline, seq: 0, callback, period, queued: false, owner: this };
    this.push(entry, deadline);
    return entry;
  }

  /** (Re)inserts `entry` with a new deadline and a fresh sequence number. */
  push(entry: TimerEntry, deadline: number): void {
    entry.deadline = deadline;
    entry.seq = this.#seq++;
    entry.queued = true;
    const heap = this.#heap;
    heap.push(entry);
    this.#up(heap.length - 1);
  }

  /** Marks `entry` dead; false if it was not live or belongs to another heap. */
  cancel(entry: TimerEntry): boolean {
    if (entry.owner !== this || entry.callback === null) return false;
    entry.callback = null;
    if (entry.queued) {
      this.#dead++;
      if (this.#dead > 64 && this.#dead * 2 > this.#heap.length) this.#compact();
    }
    return true;
  }

  /** The earliest live entry, or undefined. */
  peek(): TimerEntry | undefined {
    const heap = this.#heap;
    while (heap.length > 0 && heap[0]!.callback === null) {
      this.#dead--;
      this.#removeTop();
    }
    return heap[0];
  }

  /** Removes and returns the earliest live entry (which the caller checked with peek). */
  pop(): TimerEntry | undefined {
    const top = this.peek();
    if (top !== undefined) this.#removeTop();
    return top;
  }

  #removeTop(): void {
    const heap = this.#heap;
    const top = heap[0]!;
    top.queued = false;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.#down(0);
    }
  }

  #compact(): void {
    const live: TimerEntry[] = [];
    for (const entry of this.#heap) {
      if (entry.callback !== null) live.push(entry);
      else entry.queued = false;
    }
    this.#heap = live;
    this.#dead = 0;
    for (let i = (live.length >>> 1) - 1; i >= 0; i--) this.#down(i);
  }

  #up(index: number): void {
    const heap = this.#heap;
    const entry = heap[index]!;
    while (index > 0) {
      const parent = (index - 1) >>> 1;
      const above = heap[parent]!;
      if (!before(entry, above)) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = entry;
  }

  #down(index: number): void {
    const heap = this.#heap;
    const length = heap.length;
    const entry = heap[index]!;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length && before(heap[right]!, heap[child]!)) child = right;
      if (!before(heap[child]!, entry)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = entry;
  }
}
