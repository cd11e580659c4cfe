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
 * These lists link GTimers, each its own node: it carries its links (deadline, seq, prev,
 * next), keyed by module symbols so that no subclass can shadow them, so arming,
 * re-arming, cancelling or firing a GTimer allocates nothing (an entry of its own would
 * cost ~112 B per armed timer). `addTimeout` entries are kept apart (`entry-lists.ts`
 * says why); both take their sequence numbers from one `TimerSequence`. As in Node's own
 * lists, a list is a ring whose sentinel is the list itself (its next is the head, its
 * prev the tail), so a node needs no pointer to its list: unlinking it is two writes, and
 * its prev is the list (seq -1) exactly when it is the head. A node due is popped
 * (one-shot) or moved to its next run (`[kPeriodic]`: every `key` seconds, its list's
 * duration), then run by `node[kExpire]()`.
 */
import { kDeadline, kExpire, kNext, kPeriodic, kPrev, kSeq } from '../symbols.js';
import type { TimerSequence } from './entry-lists.js';
import { ListHeap } from './list-heap.js';

/** @internal A place in a list's ring: a node, or the list itself (its sentinel). */
export interface TimerLink {
  /** Insertion order of a node (>= 0); -1 for a list. */
  readonly [kSeq]: number;
  /** `null` while a node is not scheduled. */
  [kPrev]: TimerLink | null;
  [kNext]: TimerLink | null;
}

/** @internal What the lists link: a GTimer (its own node). */
export interface TimerNode extends TimerLink {
  [kDeadline]: number;
  /** Insertion order: breaks ties of equal deadlines. */
  [kSeq]: number;
  /** Runs again every `key` seconds (the duration of its list). Read while linked. */
  readonly [kPeriodic]: boolean;
  /** Runs a due node, once it was popped (one-shot) or moved to its next run (periodic). */
  [kExpire](): void;
}

/** The timers of one duration: the sentinel of a ring in (deadline, seq) order. */
class TimerList implements TimerLink {
  // Assigned in the constructor only (a field declared without `declare` is first
  // defined as undefined, which would give it the wrong representation).
  /** The tail. */
  declare [kPrev]: TimerLink;
  /** The head. */
  declare [kNext]: TimerLink;
  /** -1: tells the list from a node (whose seq is >= 0) with one load, not an instanceof. */
  declare readonly [kSeq]: number;
  declare readonly key: number;
  /** Position in the heap. */
  declare index: number;

  constructor(key: number, first: TimerNode) {
    this[kPrev] = first;
    this[kNext] = first;
    this[kSeq] = -1;
    this.key = key;
    this.index = -1;
  }
}

function before(a: TimerNode, b: TimerNode): boolean {
  return a[kDeadline] < b[kDeadline] || (a[kDeadline] === b[kDeadline] && a[kSeq] < b[kSeq]);
}

function listBefore(a: TimerList, b: TimerList): boolean {
  return before(a[kNext] as TimerNode, b[kNext] as TimerNode);
}

/** @internal The GTimers of a gaplic. */
export class TimerLists {
  readonly #byKey = new Map<number, TimerList>();
  readonly #heap = new ListHeap<TimerList>(listBefore);
  readonly #seq: TimerSequence;
  #size = 0;

  constructor(seq: TimerSequence) {
    this.#seq = seq;
  }

  /** Live timers. */
  get size(): number {
    return this.#size;
  }

  /** The duration (key) of the list of the earliest node: its period, if periodic. */
  get firstKey(): number {
    return this.#heap.first?.key ?? 0;
  }

  /** (Re)inserts an unlinked `node` with a new deadline and a fresh sequence number. */
  push(node: TimerNode, deadline: number, key: number): void {
    node[kDeadline] = deadline;
    node[kSeq] = this.#seq.next++;
    this.#size++;
    const list = this.#byKey.get(key);
    if (list === undefined) {
      const created = new TimerList(key, node);
      node[kPrev] = node[kNext] = created;
      this.#byKey.set(key, created);
      this.#heap.add(created);
      return;
    }
    const tail = list[kPrev] as TimerNode;
    if (!before(node, tail)) {
      node[kPrev] = tail;
      node[kNext] = list;
      tail[kNext] = node;
      list[kPrev] = node;
    } else {
      this.#insertBefore(list, node);
    }
  }

  /**
   * Moves `node`, linked or not, to `deadline` with a fresh sequence number. Alone in
   * its list (a periodic timer that just fired), the list stays and is only sifted: a
   * lone periodic timer costs no allocation per run.
   */
  reschedule(node: TimerNode, deadline: number, key: number): void {
    const prev = node[kPrev];
    // Only a ring of two (the list and the node) has the same link on both sides.
    if (prev !== null && prev === node[kNext] && (prev as TimerList).key === key) {
      node[kDeadline] = deadline;
      node[kSeq] = this.#seq.next++;
      const list = prev as TimerList;
      this.#heap.down(list.index);
      this.#heap.up(list.index);
      return;
    }
    if (prev !== null) this.#unlink(node);
    this.push(node, deadline, key);
  }

  /** Unlinks `node` if it is linked (a GTimer cancelled); false if it was not. */
  remove(node: TimerNode): boolean {
    if (node[kNext] === null) return false;
    this.#unlink(node);
    return true;
  }

  /** The earliest node, or undefined. */
  peek(): TimerNode | undefined {
    return this.#heap.first?.[kNext] as TimerNode | undefined;
  }

  /** Removes and returns the earliest node. */
  pop(): TimerNode | undefined {
    const list = this.#heap.first;
    if (list === undefined) return undefined;
    const top = list[kNext] as TimerNode;
    this.#unlink(top);
    return top;
  }

  /** Walks back from the tail to the node's place (a late periodic timer). */
  #insertBefore(list: TimerList, node: TimerNode): void {
    let after = list[kPrev];
    for (let prev = after[kPrev]!; prev !== list; prev = after[kPrev]!) {
      if (!before(node, prev as TimerNode)) break;
      after = prev;
    }
    const prev = after[kPrev]!;
    node[kNext] = after;
    node[kPrev] = prev;
    prev[kNext] = node;
    after[kPrev] = node;
    if (prev === list) this.#heap.up(list.index);
  }

  #unlink(node: TimerNode): void {
    const prev = node[kPrev]!;
    const next = node[kNext]!;
    node[kPrev] = node[kNext] = null;
    this.#size--;
    prev[kNext] = next;
    next[kPrev] = prev;
    if (prev[kSeq] >= 0) return; // not the head
    const list = prev as TimerList;
    if (next === list) this.#removeList(list);
    else this.#heap.down(list.index);
  }

  #removeList(list: TimerList): void {
    this.#byKey.delete(list.key);
    this.#heap.remove(list);
  }
}
