/**
 * The children of a gobj, in creation order, with O(1) lookup by exact name and a
 * `list` view that is rebuilt only after a change (reading `gobj.children` in a loop
 * copies nothing). Names need not be unique among siblings: a lookup gives the child
 * that took the name first. Children with a `reName` pattern are matched by `getChild`
 * separately, since a pattern cannot be a key; unnamed children are not indexed.
 */
import type { GObj } from './gobj.js';

/** @internal */
export class Children {
  readonly #all = new Set<GObj>();
  /**
   * Exact names → the child with that name, or the children sharing it in the order they
   * took it (a Set only then: a Set per child would cost ~150 B of every gobj).
   */
  readonly #byName = new Map<string, GObj | Set<GObj>>();
  /** Children with a `reName` pattern, in creation order. */
  readonly #patterns = new Set<GObj>();
  #list: readonly GObj[] | null = null;

  get size(): number {
    return this.#all.size;
  }

  /** A frozen snapshot in creation order (the same array until the next change). */
  get list(): readonly GObj[] {
    return (this.#list ??= Object.freeze([...this.#all]));
  }

  values(): IterableIterator<GObj> {
    return this.#all.values();
  }

  add(child: GObj, pattern: boolean): void {
    this.#all.add(child);
    this.#list = null;
    if (pattern) this.#patterns.add(child);
    else this.#index(child, child.name);
  }

  /** False when `child` is not a child. */
  delete(child: GObj): boolean {
    if (!this.#all.delete(child)) return false;
    this.#list = null;
    if (!this.#patterns.delete(child)) this.#unindex(child, child.name);
    return true;
  }

  /** Re-keys a child whose name changed from `before`. */
  renamed(child: GObj, before: string): void {
    if (this.#patterns.has(child) || !this.#all.has(child)) return;
    this.#unindex(child, before);
    this.#index(child, child.name);
  }

  /** The child that took the exact name `name` first (children with a pattern excluded). */
  byName(name: string): GObj | undefined {
    if (name === '') {
      for (const child of this.#all)
        if (child.name === '' && !this.#patterns.has(child)) return child;
      return undefined;
    }
    const same = this.#byName.get(name);
    return same instanceof Set ? same.values().next().value : same;
  }

  /** Children with a `reName` pattern, in creation order. */
  patterns(): IterableIterator<GObj> {
    return this.#patterns.values();
  }

  #index(child: GObj, name: string): void {
    if (name === '') return;
    const same = this.#byName.get(name);
    if (same === undefined) this.#byName.set(name, child);
    else if (same instanceof Set) same.add(child);
    else this.#byName.set(name, new Set<GObj>().add(same).add(child));
  }

  #unindex(child: GObj, name: string): void {
    const same = this.#byName.get(name);
    if (same === child) this.#byName.delete(name);
    else if (same instanceof Set && same.delete(child)) {
      // Back to a single child: store it alone again.
      if (same.size === 1) this.#byName.set(name, same.values().next().value!);
    }
  }
}
