// docs/api.md and the entry points kept in step: every export (value or type) of
// src/index.ts, src/node.ts (what `ginsfsm` gives under Node: the core and the Node-only
// exports) and src/testing/index.ts has one '### `name`' entry, and every entry is an
// export. Names are read from the entry points' source, since types leave no trace at
// run time; the runtime exports are checked against that reading.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import * as core from '../../src/index.js';
import * as node from '../../src/node.js';
import * as testing from '../../src/testing/index.js';
import { REPO_ROOT } from '../repo-root.js';

const ROOT = REPO_ROOT;

/**
 * Exported names of an entry point: `export { a, type B } from`, `export type { C } from`,
 * and every name of a sibling module re-exported whole (`export * from './index.js'`).
 */
function exportedNames(path: string): { values: string[]; types: string[] } {
  const source = readFileSync(join(ROOT, path), 'utf8');
  const values: string[] = [];
  const types: string[] = [];
  for (const match of source.matchAll(/^export \* from '(\.[^']*)\.js';$/gm)) {
    const reexported = exportedNames(join(dirname(path), `${match[1]!}.ts`));
    values.push(...reexported.values);
    types.push(...reexported.types);
  }
  for (const match of source.matchAll(/^export (type )?\{([^}]*)\} from/gm)) {
    const allTypes = match[1] !== undefined;
    for (const raw of match[2]!.split(',')) {
      const item = raw.trim();
      if (item === '') continue;
      const isType = allTypes || item.startsWith('type ');
      const name = item
        .replace(/^type /, '')
        .split(/\s+as\s+/)
        .at(-1)!;
      (isType ? types : values).push(name);
    }
  }
  return { values, types };
}

const entries = [
  { path: 'src/index.ts', module: core as Record<string, unknown> },
  { path: 'src/node.ts', module: node as Record<string, unknown> },
  { path: 'src/testing/index.ts', module: testing as Record<string, unknown> },
];
const doc = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
const headings = [...doc.matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1]!);
const KIT_TITLE = '## Test kit: `ginsfsm/testing`';
const NODE_TITLE = '## Gaplics in threads and processes (Node)';

/** Every name (value or type) an entry point exports. */
function allNames(path: string): string[] {
  const { values, types } = exportedNames(path);
  return [...values, ...types];
}

describe('docs/api.md', () => {
  test('api doc - the source reading matches the runtime exports', () => {
    for (const { path, module } of entries) {
      const { values } = exportedNames(path);
      assert.deepEqual([...values].sort(), Object.keys(module).sort(), path);
    }
  });

  test('api doc - every export has exactly one entry', () => {
    for (const { path } of entries) {
      const { values, types } = exportedNames(path);
      for (const name of [...values, ...types]) {
        const count = headings.filter((h) => h === name).length;
        assert.equal(count, 1, `${path}: '${name}' needs one '### \`${name}\`' entry`);
      }
    }
  });

  test('api doc - every entry is an export', () => {
    const exported = new Set(
      entries.flatMap(({ path }) => {
        const { values, types } = exportedNames(path);
        return [...values, ...types];
      }),
    );
    const stale = headings.filter((h) => !exported.has(h));
    assert.deepEqual(stale, [], `entries that are not exports: ${stale.join(', ')}`);
  });

  test('api doc - the test kit is documented under its own section, after the core', () => {
    const kit = doc.indexOf(KIT_TITLE);
    assert.ok(kit > 0);
    for (const name of exportedNames('src/testing/index.ts').values) {
      assert.ok(doc.indexOf(`### \`${name}\``) > kit, `${name} belongs to the test kit section`);
    }
  });

  test('api doc - the Node entry exports the core and the Node-only names', () => {
    const coreNames = allNames('src/index.ts');
    const nodeNames = allNames('src/node.ts');
    assert.deepEqual(
      coreNames.filter((name) => !nodeNames.includes(name)),
      [],
      'src/node.ts gives every export of src/index.ts',
    );
    assert.ok(nodeNames.length > coreNames.length, 'src/node.ts has exports of its own');
  });

  test('api doc - the Node-only exports have their own section, after the core, before the test kit', () => {
    const section = doc.indexOf(NODE_TITLE);
    const kit = doc.indexOf(KIT_TITLE);
    assert.ok(section > 0 && section < kit, `'${NODE_TITLE}' comes before the test kit`);
    const coreNames = new Set(allNames('src/index.ts'));
    for (const name of allNames('src/node.ts')) {
      const at = doc.indexOf(`### \`${name}\``);
      if (coreNames.has(name)) {
        assert.ok(at < section, `${name} is isomorphic: its entry comes before '${NODE_TITLE}'`);
      } else {
        assert.ok(
          at > section && at < kit,
          `${name} is Node-only: its entry belongs under '${NODE_TITLE}'`,
        );
      }
    }
  });
});
