// The layers of the core import only downwards (beside the isomorphic test): gobj/ owns
// the host interface GAplic implements, so gobj/ never imports gaplic/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './repo-root.js';

/** Lowest first. Top-level files of src/ (errors, faults, logger, symbols) are the base. */
const ORDER = [
  'base',
  'util',
  'fsm',
  'gconfig',
  'gobj',
  'gaplic',
  'gclasses',
  'net',
  'wire',
  'links',
  'router',
  'hosts',
  'config',
  'cli',
  'testing',
  'entry',
];

function layerOf(file: string): string {
  if (file === 'index.ts' || file === 'node.ts' || file === 'testing/index.ts') return 'entry';
  const folder = file.includes('/') ? file.slice(0, file.indexOf('/')) : 'base';
  return folder;
}

test('layers - every import of src/ goes to the same layer or a lower one', () => {
  const src = join(REPO_ROOT, 'src');
  const files = readdirSync(src, { recursive: true })
    .map((f) => String(f).replaceAll('\\', '/'))
    .filter((f) => f.endsWith('.ts'));
  const wrong: string[] = [];
  for (const file of files) {
    const layer = layerOf(file);
    assert.ok(ORDER.includes(layer), `${file}: layer '${layer}' is not in ORDER`);
    const text = readFileSync(join(src, file), 'utf8');
    for (const match of text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
      const target = relative(src, normalize(join(src, dirname(file), match[1]!)))
        .replaceAll('\\', '/')
        .replace(/\.js$/, '.ts');
      const to = layerOf(target);
      if (ORDER.indexOf(to) > ORDER.indexOf(layer))
        wrong.push(`${file} (${layer}) -> ${target} (${to})`);
    }
  }
  assert.deepEqual(wrong, []);
});
