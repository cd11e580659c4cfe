/**
 * What a kw may hold to cross to another gaplic: JSON data — plain objects, arrays,
 * strings, finite numbers, booleans and null (`undefined` members are left out, as JSON
 * does). One rule for every placement, so a gobj's code does not change when its peer
 * moves from a thread to a process or to another host: a function, a gobj, a symbol, a
 * class instance (a Date, a Map, a byte array...), a bigint, NaN or a cycle is refused at the
 * sender, with the path to the bad value.
 */
import { describeValue } from './describe-value.js';
import { isPlainObject } from './is-plain-object.js';

/** Deeper than this is refused (it would be a cycle, or a document not meant for events). */
const MAX_DEPTH = 64;

/** Why `value` cannot cross, naming its path (`kw.a[2].b`), or `null` when it can. */
export function crossingProblem(value: unknown, path = 'kw'): string | null {
  return problemOf(value, path, new Set(), 0);
}

function problemOf(value: unknown, path: string, seen: Set<object>, depth: number): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is ${String(value)}, not a finite number`;
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return `${path} is ${describeValue(value)}`;
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH) return `${path} is nested deeper than ${MAX_DEPTH} levels`;
  if (seen.has(value)) return `${path} is a cycle`;
  if (Array.isArray(value)) {
    seen.add(value);
    for (let i = 0; i < value.length; i++) {
      const problem = problemOf(value[i], `${path}[${i}]`, seen, depth + 1);
      if (problem !== null) return problem;
    }
    seen.delete(value);
    return null;
  }
  if (!isPlainObject(value)) return `${path} is ${describeValue(value)}, not plain data`;
  seen.add(value);
  for (const key of Object.keys(value)) {
    const problem = problemOf(value[key], `${path}.${key}`, seen, depth + 1);
    if (problem !== null) return problem;
  }
  seen.delete(value);
  return null;
}
