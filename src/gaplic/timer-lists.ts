/**
 * HOW and WHY: a gaplic's timers are kept as Node keeps its own: one list per duration,
 * and a small binary min-heap of those lists ordered by their first node. Timers added
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
 * A list is keyed by a number the caller gives (the timer's duration). A node whose
 * deadline is earlier than its list's tail (a periodic timer catching up after a stall)
 * is inserted in its place by a walk from the tail, so the order is exact in every case.
 *
 * The lists link nodes, not wrappers: a node carries its own links (deadline, seq, list,
 * prev, next), keyed by module symbols so that no subclass can shadow them. There are two
 * classes of node, so the loops here stay bimorphic: a `TimerEntry` (one per `addTimeout`,
 * also the handle given to callers) and a GTimer, which is its own node: arming,
 * re-arming, cancelling or firing a GTimer allocates nothing (an entry of its own would
 * cost ~112 B per armed timer). A node due is popped (one-shot) or rescheduled (periodic,
 * by its `[kPeriod]`), then run by `node[kExpire]()`.
 */
import { kDeadline, kExpire, kList, kNext, kPeriod, kPrev, kSeq } from '../symbols.js';

/** @internal What the lists link: a `TimerEntry`, or a GTimer (its own node). */
export interface TimerNode {
  [kDeadline]: number;
  /** Insertion order: breaks ties of equal deadlines. */
  [kSeq]: number;
  /** The list it is linked in, or `null` while not scheduled. */
  [kList]: TimerList | null;
  [kPrev]: TimerNode | null;
  [kNext]: TimerNode | null;
  /** Seconds between runs of a periodic timer; 0 = one-shot. Read while linked. */
  readonly [kPeriod]: number;
  /** Runs a due node, once it was popped (one-shot) or rescheduled (periodic). */
  [kExpire](): void;
}

/** @internal The timers of one duration, in (deadline, seq) order. */
export interface TimerList {
  readonly key: number;
  head: TimerNode | null;
  tail: TimerNode | null;
  /** Position in the heap. */
  index: number;
}

/** @internal One `addTimeout` timer; also the handle given to callers. */
export class TimerEntry implements TimerNode {
  [kDeadline]: number;
  [kSeq] = 0;
  [kList]: TimerList | null = null;
  [kPrev]: TimerNode | null = null;
  [kNext]: TimerNode | null = null;
  readonly [kPeriod]: number;
  /** `null` once cancelled or fired (one-shot). */
  callback: ((arg: unknown) => void) | null;
  /** What the callback is called with. */
  arg: unknown;
  /** The timers it belongs to (a handle from another gaplic is refused). */
  readonly owner: TimerLists<TimerNode>;

  constructor(
    deadline: number,
    callback: (arg: unknown) => void,
    period: number,
    arg: unknown,
    owner: TimerLists<TimerNode>,
  ) {
    this[kDeadline] = deadline;
    this[kPeriod] = period;
    this.callback = callback;
    this.arg = arg;
    this.owner = owner;
  }

  /** The deadline (clock seconds) of its last scheduling. */
  get deadline(): number {
    return this[kDeadline];
  }

  /** The list it is linked in, or `null` while not scheduled (tests). */
  get list(): TimerList | null {
    return this[kList];
  }

  [kExpire](): void {
    const callback = this.callback!;
    const arg = this.arg;
    if (this[kList] === null) {
      this.callback = null;
      this.arg = undefined;
    }
    callback(arg);
  }
}

function before(a: TimerNode, b: TimerNode): boolean {
  return a[kDeadline] < b[kDeadline] || (a[kDeadline] === b[kDeadline] && a[kSeq] < b[kSeq]);
}

function listBefore(a: TimerList, b: TimerList): boolean {
  return before(a.head!, b.head!);
}

/**
 * @internal The timers of a gaplic. `N` is the kind of node its users hand back and get
 * from `peek`/`pop` (entries only by default; the gaplic's: any node).
 */
export class TimerLists<N extends TimerNode = TimerEntry> {
  readonly #byKey = new Map<number, TimerList>();
  readonly #heap: TimerList[] = [];
  #size = 0;
  #seq = 0;

  /** Live timers. */
  get size(): number {
    return this.#size;
  }

  /** The next sequence number (entries scheduled from now on have seq >= it). */
  get nextSeq(): number {
    return this.#seq;
  }

  /** Schedules `callback(arg)` at `deadline`, in the list of `key` (its duration). */
  schedule(
    deadline: number,
    callback: (arg: unknown) => void,
    period: number,
    key: number,
    arg?: unknown,
  ): TimerEntry {
    const entry = new TimerEntry(deadline, callback, period, arg, this);
    this.push(entry as TimerNode as N, deadline, key);
    return entry;
  }

  /** (Re)inserts an unlinked `node` with a new deadline and a fresh sequence number. */
  push(node: N, deadline: number, key: number): void {
    node[kDeadline] = deadline;
    node[kSeq] = this.#seq++;
    let list = this.#byKey.get(key);
    if (list === undefined) {
      list = { key, head: null, tail: null, index: -1 };
      this.#byKey.set(key, list);
    }
    this.#size++;
    node[kList] = list;
    const tail = list.tail;
    if (tail === null) {
      list.head = list.tail = node;
      node[kPrev] = node[kNext] = null;
      list.index = this.#heap.length;
      this.#heap.push(list);
      this.#up(list.index);
    } else if (!before(node, tail)) {
      node[kPrev] = tail;
      node[kNext] = null;
      tail[kNext] = node;
      list.tail = node;
    } else {
      this.#insertBefore(list, node);
    }
  }

  /**
   * Moves `node`, linked or not, to `deadline` with a fresh sequence number. Alone in
   * its list (a periodic timer that just fired), the list stays and is only sifted: a
   * lone periodic timer costs no allocation per run.
   */
  reschedule(node: N, deadline: number, key: number): void {
    const list = node[kList];
    if (list !== null && list.head === node && list.tail === node && list.key === key) {
      node[kDeadline] = deadline;
      node[kSeq] = this.#seq++;
      this.#down(list.index);
      this.#up(list.index);
      return;
    }
    if (list !== null) this.#unlink(node);
    this.push(node, deadline, key);
  }

  /** Unlinks `entry` and marks it cancelled; false if it was not live or is foreign. */
  cancel(entry: TimerEntry): boolean {
    if (entry.owner !== (this as TimerLists<TimerNode>) || entry.callback === null) return false;
    entry.callback = null;
    entry.arg = undefined;
    if (entry[kList] !== null) this.#unlink(entry);
    return true;
  }

  /** Unlinks `node` if it is linked (a GTimer cancelled); false if it was not. */
  remove(node: N): boolean {
    if (node[kList] === null) return false;
    this.#unlink(node);
    return true;
  }

  /** The earliest node, or undefined. */
  peek(): N | undefined {
    return (this.#heap[0]?.head ?? undefined) as N | undefined;
  }

  /** Removes and returns the earliest node. */
  pop(): N | undefined {
    const top = this.#heap[0]?.head;
    if (top === undefined || top === null) return undefined;
    this.#unlink(top);
    return top as N;
  }

  /** Walks back from the tail to the node's place (a late periodic timer). */
  #insertBefore(list: TimerList, node: TimerNode): void {
    let after = list.tail!;
    for (let prev = after[kPrev]; prev !== null && before(node, prev); prev = after[kPrev]) {
      after = prev;
    }
    const prev = after[kPrev];
    node[kNext] = after;
    node[kPrev] = prev;
    if (prev === null) list.head = node;
    else prev[kNext] = node;
    after[kPrev] = node;
    if (list.head === node) this.#up(list.index);
  }

  #unlink(node: TimerNode): void {
    const list = node[kList]!;
    node[kList] = null;
    this.#size--;
    const prev = node[kPrev];
    const next = node[kNext];
    node[kPrev] = node[kNext] = null;
    if (next !== null) next[kPrev] = prev;
    else list.tail = prev;
    if (prev !== null) {
      prev[kNext] = next;
      return;
    }
    list.head = next;
    if (next === null) this.#removeList(list);
    else this.#down(list.index);
  }

  #removeList(list: TimerList): void {
    this.#byKey.delete(list.key);
    const heap = this.#heap;
    const last = heap.pop()!;
    const at = list.index;
    list.index = -1;
    if (last === list) return;
    heap[at] = last;
    last.index = at;
    this.#down(at);
    this.#up(last.index);
  }

  #up(index: number): void {
    const heap = this.#heap;
    const list = heap[index]!;
    while (index > 0) {
      const parent = (index - 1) >>> 1;
      const above = heap[parent]!;
      if (!listBefore(list, above)) break;
      heap[index] = above;
      above.index = index;
      index = parent;
    }
    heap[index] = list;
    list.index = index;
  }

  #down(index: number): void {
    const heap = this.#heap;
    const length = heap.length;
    const list = heap[index]!;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length && listBefore(heap[right]!, heap[child]!)) child = right;
      if (!listBefore(heap[child]!, list)) break;
      heap[index] = heap[child]!;
      heap[index]!.index = index;
      index = child;
    }
    heap[index] = list;
    list.index = index;
  }
}
