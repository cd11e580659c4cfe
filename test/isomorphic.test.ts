// DESIGN.md §2.5: the core is isomorphic. Modules outside the Node-only folders import
// nothing from `node:` and touch no Node global, so the browser bundle is the same core.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './repo-root.js';

/** Folders of src/ allowed to use Node (DESIGN.md §3); none exists yet. */
const NODE_ONLY = ['hosts/node/', 'links/node/', 'node.ts', 'net/', 'config/', 'cli/'];

const NODE_USE = /from\s+['"]node:|\brequire\(|\bprocess\.|\bBuffer\b|\b__dirname\b/;

test('isomorphic core - src/ outside the Node-only folders uses no Node module or global', () => {
  const src = join(REPO_ROOT, 'src');
  const files = readdirSync(src, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !NODE_ONLY.some((dir) => f.startsWith(dir)));
  assert.ok(files.length > 20, `only ${files.length} source files found`);
  const offenders = files.filter((f) => NODE_USE.test(readFileSync(join(src, f), 'utf8')));
  assert.deepEqual(offenders, []);
});
