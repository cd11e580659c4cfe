/**
 * The binary min-heap of a gaplic's timer lists (one list per duration), ordered by the
 * first timer of each list: what both kinds of timer lists (`entry-lists.ts` for
 * `addTimeout` entries, `timer-lists.ts` for GTimers) share. A list knows its place in
 * the heap (`index`), so a list whose head changed is sifted from there, and an emptied
 * list leaves in O(log n) of the number of durations (a few), not of timers.
 */

/** @internal What the heap holds: a list that knows its position (-1 when out). */
export interface HeapedList {
  index: number;
}

/** @internal */
export class ListHeap<L extends HeapedList> {
  readonly #lists: L[] = [];
  /** True when the head of `a` comes before the head of `b`. */
  readonly #before: (a: L, b: L) => boolean;

  constructor(before: (a: L, b: L) => boolean) {
    this.#before = before;
  }

  /** The list whose head is the earliest timer, or undefined. */
  get first(): L | undefined {
    return this.#lists[0];
  }

  /** Adds a list (just given its first timer). */
  add(list: L): void {
    list.index = this.#lists.length;
    this.#lists.push(list);
    this.up(list.index);
  }

  /** Removes an emptied list. */
  remove(list: L): void {
    const lists = this.#lists;
    const last = lists.pop()!;
    const at = list.index;
    list.index = -1;
    if (last === list) return;
    lists[at] = last;
    last.index = at;
    this.down(at);
    this.up(last.index);
  }

  /** Moves the list at `index` up while its head is earlier than its parent's. */
  up(index: number): void {
    const lists = this.#lists;
    const before = this.#before;
    const list = lists[index]!;
    while (index > 0) {
      const parent = (index - 1) >>> 1;
      const above = lists[parent]!;
      if (!before(list, above)) break;
      lists[index] = above;
      above.index = index;
      index = parent;
    }
    lists[index] = list;
    list.index = index;
  }

  /** Moves the list at `index` down while a child's head is earlier. */
  down(index: number): void {
    const lists = this.#lists;
    const before = this.#before;
    const length = lists.length;
    const list = lists[index]!;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length && before(lists[right]!, lists[child]!)) child = right;
      if (!before(lists[child]!, list)) break;
      lists[index] = lists[child]!;
      lists[index]!.index = index;
      index = child;
    }
    lists[index] = list;
    list.index = index;
  }
}
