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

/**
 * Deeper than this is refused: a cycle always is (it never ends), so no set of visited
 * objects is needed, and a document this deep is not meant for an event anyway.
 */
const MAX_DEPTH = 64;

/** A value that cannot cross: what it is, and the path to it (built only on failure). */
interface Problem {
  readonly what: string;
  /** Path segments from the value up to the root (`.b`, `[2]`, `.a`). */
  readonly up: string[];
}

/** Why `value` cannot cross, naming its path (`kw.a[2].b`), or `null` when it can. */
export function crossingProblem(value: unknown, path = 'kw'): string | null {
  const problem = problemOf(value, 0);
  if (problem === null) return null;
  const up = problem.up.reverse();
  const at = up.length > 8 ? `${up.slice(0, 4).join('')}...` : up.join('');
  return `${path}${at} ${problem.what}`;
}

function problemOf(value: unknown, depth: number): Problem | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return null;
    case 'number':
      return Number.isFinite(value)
        ? null
        : { what: `is ${String(value)}, not a finite number`, up: [] };
    case 'object':
      break;
    default:
      return { what: `is ${describeValue(value)}`, up: [] };
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH) {
    return { what: `is nested deeper than ${MAX_DEPTH} levels (or a cycle)`, up: [] };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = problemOf(value[i], depth + 1);
      if (problem !== null) return (problem.up.push(`[${i}]`), problem);
    }
    return null;
  }
  if (!isPlainObject(value)) return { what: `is ${describeValue(value)}, not plain data`, up: [] };
  for (const key in value) {
    const problem = problemOf(value[key], depth + 1);
    if (problem !== null) return (problem.up.push(`.${key}`), problem);
  }
  return null;
}
