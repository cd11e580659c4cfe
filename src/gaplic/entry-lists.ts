/**
 * The `addTimeout` timers of a gaplic (a GTimer is its own node, in `timer-lists.ts`).
 *
 * HOW and WHY: a gaplic's timers are kept as Node keeps its own: one list per duration,
 * and a small binary min-heap of those lists ordered by their first entry. Timers added
 * with the same duration expire in the order they were added (the clock only moves
 * forward), so adding one appends to its list in O(1) and firing one takes it from the
 * head of a list in O(1), with one sift of a heap as large as the number of distinct
 * durations (a few), not of timers (a million). A timer cancelled is unlinked at once.
 *
 *      heap of lists, by (deadline, seq) of their heads
 *            [1 s: t3 → t7 → t9]
 *           /                    \
 *   [2.5 s: t1 → t4]      [0.25 s: t8]        (seq breaks ties: insertion order)
 *
 * A list is keyed by a number the caller gives (the timer's duration). An entry whose
 * deadline is earlier than its list's tail (a periodic timer catching up after a stall)
 * is inserted in its place by a walk from the tail, so the order is exact in every case.
 *
 * An entry is an object literal with string keys, on purpose: V8 tracks where literals
 * are made and, seeing these live long, allocates them in the old generation at once. An
 * instance of a class (or a literal with symbol keys) is allocated young, and a million
 * pending ones are copied by every scavenge: firing a million then costs ~1.4x the CPU
 * (measured, docs/performance.md section 11). So entries cannot be the symbol-keyed nodes
 * GTimers are, and are kept apart; both take their sequence numbers from one
 * `TimerSequence`, so the gaplic fires the two kinds in one (deadline, seq) order.
 */
import { ListHeap } from './list-heap.js';

/** @internal The insertion counter shared by a gaplic's entries and timer nodes. */
export interface TimerSequence {
  next: number;
}

/** @internal One scheduled timer; also the handle given to callers. */
export interface TimerEntry {
  deadline: number;
  seq: number;
  /** `null` once cancelled or fired (one-shot). */
  callback: (() => void) | null;
  /** Seconds between runs of a periodic timer; 0 = one-shot. */
  period: number;
  /** The list it is linked in, or `null` while not scheduled. */
  list: TimerList | null;
  prev: TimerEntry | null;
  next: TimerEntry | null;
  /** The timers it belongs to (a handle from another gaplic is refused). */
  readonly owner: EntryLists;
}

/** @internal The timers of one duration, in (deadline, seq) order. */
interface TimerList {
  readonly key: number;
  head: TimerEntry | null;
  tail: TimerEntry | null;
  /** Position in the heap. */
  index: number;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

function listBefore(a: TimerList, b: TimerList): boolean {
  return before(a.head!, b.head!);
}

/** @internal */
export class EntryLists {
  readonly #byKey = new Map<number, TimerList>();
  readonly #heap = new ListHeap<TimerList>(listBefore);
  readonly #seq: TimerSequence;
  #size = 0;

  constructor(seq: TimerSequence = { next: 0 }) {
    this.#seq = seq;
  }

  /** Live timers. */
  get size(): number {
    return this.#size;
  }

  /** The next sequence number (entries scheduled from now on have seq >= it). */
  get nextSeq(): number {
    return this.#seq.next;
  }

  /** Schedules `callback` at `deadline`, in the list of `key` (its duration). */
  schedule(deadline: number, callback: () => void, period: number, key: number): TimerEntry {
    const entry: TimerEntry = {
      deadline,
      seq: 0,
      callback,
      period,
      list: null,
      prev: null,
      next: null,
      owner: this,
    };
    this.push(entry, deadline, key);
    return entry;
  }

  /** (Re)inserts an unlinked `entry` with a new deadline and a fresh sequence number. */
  push(entry: TimerEntry, deadline: number, key: number): void {
    entry.deadline = deadline;
    entry.seq = this.#seq.next++;
    let list = this.#byKey.get(key);
    if (list === undefined) {
      list = { key, head: null, tail: null, index: -1 };
      this.#byKey.set(key, list);
    }
    this.#size++;
    entry.list = list;
    const tail = list.tail;
    if (tail === null) {
      list.head = list.tail = entry;
      entry.prev = entry.next = null;
      this.#heap.add(list);
    } else if (!before(entry, tail)) {
      entry.prev = tail;
      entry.next = null;
      tail.next = entry;
      list.tail = entry;
    } else {
      this.#insertBefore(list, entry);
    }
  }

  /**
   * Moves a linked `entry` (a periodic timer that just fired) to `deadline` with a fresh
   * sequence number. Alone in its list, the list stays and is only sifted: a lone
   * periodic timer costs no allocation per run.
   */
  reschedule(entry: TimerEntry, deadline: number, key: number): void {
    const list = entry.list;
    if (list !== null && list.head === entry && list.tail === entry && list.key === key) {
      entry.deadline = deadline;
      entry.seq = this.#seq.next++;
      this.#heap.down(list.index);
      this.#heap.up(list.index);
      return;
    }
    if (list !== null) this.#unlink(entry);
    this.push(entry, deadline, key);
  }

  /** Unlinks `entry` and marks it cancelled; false if it was not live or is foreign. */
  cancel(entry: TimerEntry): boolean {
    if (entry.owner !== this || entry.callback === null) return false;
    entry.callback = null;
    if (entry.list !== null) this.#unlink(entry);
    return true;
  }

  /** The earliest entry, or undefined. */
  peek(): TimerEntry | undefined {
    return this.#heap.first?.head ?? undefined;
  }

  /** Removes and returns the earliest entry. */
  pop(): TimerEntry | undefined {
    const top = this.#heap.first?.head;
    if (top === undefined || top === null) return undefined;
    this.#unlink(top);
    return top;
  }

  /** Walks back from the tail to the entry's place (a late periodic timer). */
  #insertBefore(list: TimerList, entry: TimerEntry): void {
    let after = list.tail!;
    while (after.prev !== null && before(entry, after.prev)) after = after.prev;
    entry.next = after;
    entry.prev = after.prev;
    if (after.prev === null) list.head = entry;
    else after.prev.next = entry;
    after.prev = entry;
    if (list.head === entry) this.#heap.up(list.index);
  }

  #unlink(entry: TimerEntry): void {
    const list = entry.list!;
    entry.list = null;
    this.#size--;
    const { prev, next } = entry;
    entry.prev = entry.next = null;
    if (next !== null) next.prev = prev;
    else list.tail = prev;
    if (prev !== null) {
      prev.next = next;
      return;
    }
    list.head = next;
    if (next === null) this.#removeList(list);
    else this.#heap.down(list.index);
  }

  #removeList(list: TimerList): void {
    this.#byKey.delete(list.key);
    this.#heap.remove(list);
  }
}
