// The docs stand alone: README.md, docs/ and examples/ point at nothing outside the
// repository (a reader of the package or of its repository has nothing else). Flagged:
// relative paths that climb above the root, paths into the workspace the project was
// written in (shared/, the reference spec), and links or .md names that are not here.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../repo-root.js';

function markdownFiles(dir: string): string[] {
  if (!existsSync(join(REPO_ROOT, dir))) return [];
  return readdirSync(join(REPO_ROOT, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(dir, f));
}

function inRepo(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The problems of one markdown file (`file` relative to `root`), as `file:line: why`.
 * Fenced code is checked for workspace paths only: its relative imports belong to the
 * example file it comes from, not to the page. One problem per path and line.
 */
function scan(root: string, file: string, text: string): string[] {
  const here = dirname(join(root, file));
  const problems: string[] = [];
  let fenced = false;
  text.split('\n').forEach((line, index) => {
    const at = `${file}:${index + 1}`;
    const seen = new Set<string>();
    const report = (path: string, why: string): void => {
      if (!seen.has(path)) problems.push(`${at}: ${path} ${why}`);
      seen.add(path);
    };
    // The workspace the project was written in: flagged in code too.
    for (const [path] of line.matchAll(/[\w./-]*(?:shared\/|reference\/ginsfsm-spec)[\w./-]*/g)) {
      report(path, 'is in the workspace around the repo');
    }
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced || line.startsWith('```')) return;

    for (const [path] of line.matchAll(/(?:\.\.\/)+[^\s)`'"\]]*/g)) {
      if (!inRepo(root, resolve(here, path))) report(path, 'leaves the repo');
    }
    const prose = line.replaceAll(/`[^`]*`/g, '');
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      const path = target!.replace(/[#?].*$/, '');
      if (path === '' || /^[a-z][a-z0-9+.-]*:/i.test(path)) continue; // anchor or URL
      if (!inRepo(root, resolve(here, path)) || !existsSync(resolve(here, path))) {
        report(target!, 'is a link to no file of the repo');
      }
    }
    for (const [name] of line.matchAll(/(?<![\w./-])[\w./-]+\.md\b/g)) {
      if (!existsSync(resolve(here, name)) && !existsSync(resolve(root, name))) {
        report(name, 'is no file of the repo');
      }
    }
  });
  return problems;
}

describe('standalone docs', () => {
  test('standalone docs - README, docs/ and examples/ point at nothing outside the repo', () => {
    const files = ['README.md', ...markdownFiles('docs'), ...markdownFiles('examples')];
    assert.ok(files.length >= 7, `only ${files.join(', ')}`);
    const problems = files.flatMap((file) =>
      scan(REPO_ROOT, file, readFileSync(join(REPO_ROOT, file), 'utf8')),
    );
    assert.deepEqual(problems, []);
  });

  test('standalone docs - the scan names the file and line of each kind of problem', () => {
    const text = [
      'Measured as in `shared/reference/perf-baselines.md`.',
      'See [the guide](guide.md) and [api](api.md#gobj).',
      'Numbered as in `reference/ginsfsm-spec.md` §6.',
      'A [sibling](../../other/README.md) and [a gone page](gone.md).',
      'The design is in DESIGN.md.',
      '```ts',
      "import { x } from '../../../src/index.js';",
      '```',
    ].join('\n');
    assert.deepEqual(scan(REPO_ROOT, 'docs/page.md', text), [
      'docs/page.md:1: shared/reference/perf-baselines.md is in the workspace around the repo',
      'docs/page.md:3: reference/ginsfsm-spec.md is in the workspace around the repo',
      'docs/page.md:4: ../../other/README.md leaves the repo',
      'docs/page.md:4: gone.md is a link to no file of the repo',
      'docs/page.md:5: DESIGN.md is no file of the repo',
    ]);
  });
});
