// The code of the docs is real code: every ```ts block of README.md and of the docs this
// suite owns is a verbatim excerpt of a compiled file (examples/ or test/docs/, with
// 'ginsfsm' for the relative imports); the guide's files run here; the README's tour runs
// as a child process (real time, about 0.3 s: its promise is that it exits by itself) and
// prints exactly what the README shows; the README's project test (examples/project/)
// runs in its own `node --test`, as its user would run it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../repo-root.js';

const HERE = dirname(fileURLToPath(import.meta.url));

const ROOT = REPO_ROOT;
const DOCS = [
  'README.md',
  'docs/guide.md',
  'docs/api.md',
  'docs/porting.md',
  'docs/errors.md',
  'docs/architecture.md',
  'docs/placement.md',
  'docs/router.md',
  'docs/net.md',
  'docs/compose.md',
  'docs/scaling.md',
  'docs/gconsole.md',
];

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/**
 * What a reader of the docs sees: the package's name instead of relative imports, and
 * import lists on one line (prettier wraps the longer relative form differently).
 */
function asPublished(source: string): string {
  return source
    .replaceAll(/'(?:\.\.\/)+src\/testing\/index\.js'/g, "'ginsfsm/testing'")
    .replaceAll(/'(?:\.\.\/)+src\/index\.js'/g, "'ginsfsm'")
    .replaceAll(
      /^import (type )?\{([^}]*)\} from/gm,
      (_all, type: string | undefined, names: string) => {
        const list = names
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n !== '');
        return `import ${type ?? ''}{ ${list.join(', ')} } from`;
      },
    );
}

function blocks(markdown: string, lang: string): string[] {
  const fence = new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm');
  return [...markdown.matchAll(fence)].map((m) => m[1]!);
}

const sources = [join(ROOT, 'examples'), join(ROOT, 'test', 'docs')]
  .flatMap(tsFiles)
  .map((path) => ({ path, text: asPublished(readFileSync(path, 'utf8')) }));

describe('docs code blocks', () => {
  for (const doc of DOCS) {
    test(`docs code blocks - every ts block of ${doc} is compiled code`, () => {
      const path = join(ROOT, doc);
      if (!existsSync(path)) return; // not written yet
      for (const block of blocks(readFileSync(path, 'utf8'), 'ts').map(asPublished)) {
        const home = sources.find((s) => s.text.includes(block));
        assert.ok(
          home !== undefined,
          `${doc}: this block is in no file of examples/ or test/docs/:\n${block}`,
        );
      }
    });
  }

  test('docs code blocks - the guide has blocks, and each is found in one file', () => {
    const guide = blocks(readFileSync(join(ROOT, 'docs', 'guide.md'), 'utf8'), 'ts').map(
      asPublished,
    );
    assert.ok(guide.length >= 10);
    const homes = new Set(guide.map((b) => sources.find((s) => s.text.includes(b))?.path));
    assert.ok(homes.size >= 6, `blocks come from ${[...homes].join(', ')}`);
  });
});

describe('guide examples', () => {
  const guideDir = join(HERE, '..', '..', 'examples', 'guide');
  for (const name of readdirSync(guideDir).filter((f) => f.endsWith('.js'))) {
    test(`guide examples - ${name} runs and its assertions hold`, async () => {
      await import(pathToFileURL(join(guideDir, name)).href);
    });
  }
});

describe('README tour', () => {
  test('README tour - the tour runs, exits by itself, and prints what the README shows', async () => {
    const main = join(HERE, '..', '..', 'examples', 'tour', 'main.js');
    const stdout = await new Promise<string>((done, fail) => {
      execFile(process.execPath, [main], { timeout: 20_000 }, (error, out) =>
        error === null ? done(out) : fail(new Error('the tour failed', { cause: error })),
      );
    });
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const shown = blocks(readme, 'text').find((b) => b.includes('lamp stopped'));
    assert.ok(shown !== undefined, 'the README shows the output of the tour');
    assert.equal(stdout, shown);
    const tour = asPublished(
      readFileSync(join(ROOT, 'examples', 'tour', 'main.ts'), 'utf8'),
    ).replace(/^(\/\/.*\n)+/, '');
    assert.ok(
      blocks(readme, 'ts').some((b) => asPublished(b) === tour),
      `the README shows examples/tour/main.ts whole (after its header comment)`,
    );
  });
});

describe('README project', () => {
  test('README project - the test of the minimal gclass passes under node --test', async () => {
    const file = join(HERE, '..', '..', 'examples', 'project', 'test', 'turnstile.test.js');
    // Without the runner's own variable, the child reports as a top-level run would.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const stdout = await new Promise<string>((done, fail) => {
      execFile(
        process.execPath,
        ['--test', '--test-reporter=tap', file],
        { env, timeout: 20_000 },
        (error, out) =>
          error === null
            ? done(out)
            : fail(new Error(`its test failed:\n${out}`, { cause: error })),
      );
    });
    assert.match(stdout, /^# pass 3$/m);
    assert.match(stdout, /^# fail 0$/m);
  });
});
