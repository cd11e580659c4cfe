/**
 * Tree traversal (ginsfsm's Pyramid-style resource lookup): a child is found by exact
 * name first, then by the `reName` pattern of children that have one; the matched
 * part of the name is recorded in the child's `reMatchedName`.
 */
import type { GObj } from './gobj.js';

export function getChild(parent: GObj, name: string): GObj | undefined {
  const trace = parent.config.traceTraverse;
  const children = parent._children;
  let found: GObj | undefined;
  if (children !== null) {
    for (const child of children) {
      if (child._reName === null && child.name === name) {
        found = child;
        break;
      }
    }
    if (found === undefined) {
      for (const child of children) {
        const match = child._reName?.exec(name);
        if (match != null) {
          child.reMatchedName = match[0];
          found = child;
          break;
        }
      }
    }
  }
  if (trace) {
    parent.logger.info(
      `${parent._label()}: getChild('${name}') -> ${found === undefined ? 'none' : found._label()}`,
    );
  }
  return found;
}

export function resourcePath(gobj: GObj, sep: string): string {
  const names: string[] = [];
  for (const g of gobj.lineage()) names.unshift(g.name);
  return names.join(sep);
}

/** True when `ancestor` is `gobj` or one of its ancestors. */
export function inside(gobj: GObj, ancestor: GObj): boolean {
  for (const g of gobj.lineage()) if (g === ancestor) return true;
  return false;
}
