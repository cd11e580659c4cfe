/**
 * The tree: attaching and detaching children, and traversal (ginsfsm's Pyramid-style
 * resource lookup): a child is found by exact name first (an O(1) lookup), then by the
 * `reName` pattern of children that have one; the matched part of the name is recorded
 * in the child's `reMatchedName`. Every walk is a loop, never a recursion, so a chain of
 * any depth works.
 */
import { codedError } from '../errors.js';
import { safeLog } from '../logger.js';
import { kChildren, kLabel, kParent, kReName } from '../symbols.js';
import { describeValue } from '../util/describe-value.js';
import { Children } from './children.js';
import { GObj, paramsOf } from './gobj.js';

/** @internal Makes `child` a child of `parent` (throws `GOBJ_ALREADY_HAS_PARENT`). */
export function attachChild(parent: GObj, child: GObj): void {
  const current = child[kParent];
  if (current !== null) {
    throw codedError(
      'GOBJ_ALREADY_HAS_PARENT',
      `${child[kLabel]()} already has parent ${current[kLabel]()}; cannot add it to ${parent[kLabel]()}`,
    );
  }
  (parent[kChildren] ??= new Children()).add(child, child[kReName] !== null);
  child[kParent] = parent;
}

/** @internal Detaches `child` from its parent (nothing when it has none). */
export function detachChild(child: GObj): void {
  const parent = child[kParent];
  if (parent === null) return;
  parent[kChildren]?.delete(child);
  child[kParent] = null;
}

export function getChild(parent: GObj, name: string): GObj | undefined {
  if (typeof name !== 'string') {
    throw codedError(
      'GOBJ_BAD_ARGUMENT',
      `${parent[kLabel]()}: getChild name got ${describeValue(name)}, expected a string`,
    );
  }
  const children = parent[kChildren];
  let found = children?.byName(name);
  if (found === undefined && children != null) {
    for (const child of children.patterns()) {
      const match = child[kReName]!.exec(name);
      if (match !== null) {
        child.reMatchedName = match[0];
        found = child;
        break;
      }
    }
  }
  if (paramsOf(parent).traceTraverse) {
    safeLog(
      parent.logger,
      'info',
      `${parent[kLabel]()}: getChild('${name}') -> ${found === undefined ? 'none' : found[kLabel]()}`,
    );
  }
  return found;
}

/** Names from the root down to `gobj` joined by `sep`. O(depth). */
export function resourcePath(gobj: GObj, sep: string): string {
  const names: string[] = [];
  for (let g: GObj | null = gobj; g !== null; g = g[kParent]) names.push(g.name);
  return names.reverse().join(sep);
}

/** True when `ancestor` is `gobj` or one of its ancestors. */
export function inside(gobj: GObj, ancestor: GObj): boolean {
  if (!(gobj instanceof GObj) || !(ancestor instanceof GObj)) {
    const [name, value] = gobj instanceof GObj ? ['ancestor', ancestor] : ['gobj', gobj];
    throw codedError(
      'GOBJ_BAD_ARGUMENT',
      `inside: ${name} got ${describeValue(value)}, expected a gobj`,
    );
  }
  for (let g: GObj | null = gobj; g !== null; g = g[kParent]) if (g === ancestor) return true;
  return false;
}
