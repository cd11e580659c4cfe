/**
 * 14. Trees: `toString()` and `resourcePath()` of the leaf of a 50,000-deep chain (built
 * iteratively with `createGObj`) against push + reverse + join over a chain of plain
 * parent-linked objects of the same depth; `getChild(name)` among 100,000 children
 * against `Map.get` on 100,000 keys; `children` read 1,000 times in a row on a parent
 * with 100,000 children against reading an array's `length` (a copy per read would show).
 * Figures are µs per call, timed over rounds of calls lasting at least MIN_MS.
 */
import { GAplic, GObj, createGObj, silentLogger } from '../src/index.js';
import { measure, row, runSection, type Sample } from './harness.js';
import { random } from './random.js';

const DEPTH = 50_000;
const CHILDREN = 100_000;
const LOOKUPS = 1_000;
const ACCESSES = 1_000;
const MIN_MS = 100;
const REPS = 3;

/**
 * µs per call of `fn`, timing rounds of `batch` calls until `minMs` have passed. Each
 * call returns `expected` when it did its work; the results are summed (so that no call
 * can be optimised away) and checked.
 */
function usPerCall(fn: () => number, expected: number, batch: number, minMs: number): Sample {
  let calls = 0;
  let total = 0;
  let elapsed: number;
  const start = performance.now();
  do {
    for (let i = 0; i < batch; i++) total += fn();
    calls += batch;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  if (total !== calls * expected) throw new Error(`${calls - total / expected} wrong results`);
  return { us: (elapsed * 1000) / calls };
}

interface Link {
  readonly name: string;
  readonly parent: Link | null;
}

function linkPath(leaf: Link, sep: string): string {
  const names: string[] = [];
  for (let l: Link | null = leaf; l !== null; l = l.parent) names.push(l.name);
  return names.reverse().join(sep);
}

/** The deepest chain under `root` that can be built and printed, up to `depth`. */
function deepChain(root: GObj, depth: number): { leaf: GObj; depth: number; note: string } {
  const chain: GObj[] = [root];
  let note = '';
  try {
    for (let d = 1; d <= depth; d++) chain.push(createGObj(`n${d}`, GObj, chain[d - 1]!));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    note = ` (create at ${chain.length}: RangeError)`;
  }
  for (let d = chain.length - 1; d > 0; d >>= 1) {
    try {
      chain[d]!.toString();
      chain[d]!.resourcePath();
      return { leaf: chain[d]!, depth: d, note };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      note ||= ` (path at ${d}: RangeError)`;
    }
  }
  throw new Error('no depth works');
}

runSection('14. trees: deep paths, many children', () => {
  const root = new GAplic({ name: 'root', logger: silentLogger });
  const { leaf, depth, note } = deepChain(root, DEPTH);
  let link: Link = { name: 'root', parent: null };
  for (let d = 1; d <= depth; d++) link = { name: `n${d}`, parent: link };
  if (leaf.toString() !== linkPath(link, '.') || leaf.resourcePath() !== linkPath(link, '/')) {
    throw new Error('toString() or resourcePath() is not the path from the root');
  }

  const parent = new GAplic({ logger: silentLogger });
  const keyed = new Map<string, { name: string }>();
  for (let i = 0; i < CHILDREN; i++) {
    keyed.set(`c${i}`, { name: `c${i}` });
    createGObj(`c${i}`, GObj, parent);
  }
  const next = random(0x1b873593);
  const names = Array.from({ length: LOOKUPS }, () => `c${Math.floor(next() * CHILDREN)}`);
  let k = 0;
  /** 1 when `get` finds the next name of the list. */
  const lookup = (get: (name: string) => { name: string } | undefined): number => {
    const name = names[k++ % LOOKUPS]!;
    return get(name)?.name === name ? 1 : 0;
  };
  const holder = { children: Array.from({ length: CHILDREN }, (_, i) => i) };

  const min = (s: number): number => MIN_MS * s;
  const dots = linkPath(link, '.').length;
  const m = measure(REPS, {
    toString: (s) => usPerCall(() => leaf.toString().length, dots, 1, min(s)),
    linkDots: (s) => usPerCall(() => linkPath(link, '.').length, dots, 1, min(s)),
    resourcePath: (s) => usPerCall(() => leaf.resourcePath().length, dots, 1, min(s)),
    linkSlashes: (s) => usPerCall(() => linkPath(link, '/').length, dots, 1, min(s)),
    getChild: (s) => usPerCall(() => lookup((n) => parent.getChild(n)), 1, 100, min(s)),
    mapGet: (s) => usPerCall(() => lookup((n) => keyed.get(n)), 1, 100, min(s)),
    children: (s) => usPerCall(() => parent.children.length, CHILDREN, ACCESSES, min(s)),
    length: (s) => usPerCall(() => holder.children.length, CHILDREN, ACCESSES, min(s)),
  });

  const at = `at depth ${depth.toLocaleString('en-US')}${note}`;
  const joined = 'push + reverse + join, parent-linked objects';
  const within = (value: number) => ({ kind: 'ratio<', value }) as const;
  return [
    row(`toString() ${at}`, 'µs', m.toString.us!, joined, m.linkDots.us!, within(3)),
    row(`resourcePath() ${at}`, 'µs', m.resourcePath.us!, joined, m.linkSlashes.us!, within(3)),
    row(
      'getChild(name) among 100k children',
      'µs',
      m.getChild.us!,
      'Map.get, 100k keys',
      m.mapGet.us!,
      within(5),
    ),
    row(
      'children of 100k, read 1k times: per read',
      'µs',
      m.children.us!,
      'array length read',
      m.length.us!,
      within(10),
    ),
  ];
});
