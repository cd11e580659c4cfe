// The published package, as a user gets it: `npm pack` (dist built by `prepack`),
// installed (from the npm cache where it can: --prefer-offline; its dependency ws may need the registry once) into a scratch ESM project, where strict consumers compile its
// declarations (the README's tsconfig, under nodenext and bundler resolution, with
// skipLibCheck false) and run; its source maps lead back to the .ts sources. Real npm and
// tsc child processes: about 8 s. `npm pack` rebuilds the repo's dist/ on the way.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../repo-root.js';
import { FAIL_TS, MAIN_OUTPUT, MAIN_TS, PACKAGE_JSON, TSCONFIGS, tsconfig } from './consumer.js';
import { packRepo, run, step } from './packed.js';

const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The compiler options of the tsconfig that README.md recommends. */
function readmeCompilerOptions(): Record<string, unknown> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/^```json\n([\s\S]*?)^```$/gm)]
    .map((m) => m[1]!)
    .find((text) => text.includes('"compilerOptions"'));
  assert.ok(block !== undefined, 'README.md shows no tsconfig');
  const { compilerOptions } = JSON.parse(block) as { compilerOptions: Record<string, unknown> };
  assert.equal(compilerOptions.strict, true, 'the README tsconfig is strict');
  assert.equal(compilerOptions.moduleResolution, 'nodenext');
  return compilerOptions;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String);
}

describe('packed package', () => {
  let tmp = '';
  let project = '';
  let installed = '';

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ginsfsm-pack-'));
    const tgz = packRepo(tmp);

    project = join(tmp, 'consumer');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify(PACKAGE_JSON));
    step(
      'npm install',
      'npm',
      ['install', tgz, '--prefer-offline', '--no-audit', '--no-fund'],
      project,
    );
    installed = join(project, 'node_modules', 'ginsfsm');
    writeFileSync(join(project, 'src', 'main.ts'), MAIN_TS);
    writeFileSync(join(project, 'src', 'fail.ts'), FAIL_TS);
  });

  after(() => {
    if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
  });

  test('packed package - holds dist, scaffolds, README and LICENSE, and runs no install script', () => {
    assert.deepEqual(readdirSync(installed).sort(), [
      'LICENSE',
      'README.md',
      'dist',
      'package.json',
      'scaffolds',
    ]);
    const dist = filesUnder(join(installed, 'dist'));
    for (const file of ['index.js', 'index.d.ts', 'testing/index.js', 'testing/index.d.ts']) {
      assert.ok(dist.includes(file), `dist/${file} is missing`);
    }
    const { scripts = {} } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      assert.equal(scripts[hook], undefined, `a consumer's install would run '${hook}'`);
    }
  });

  for (const kind of Object.keys(TSCONFIGS) as (keyof typeof TSCONFIGS)[]) {
    test(`packed package - a strict consumer compiles and runs (moduleResolution ${TSCONFIGS[kind].moduleResolution})`, () => {
      const config = join(project, `tsconfig.${kind}.json`);
      writeFileSync(config, JSON.stringify(tsconfig(kind, readmeCompilerOptions()), null, 2));
      step(`tsc -p tsconfig.${kind}.json`, process.execPath, [TSC, '-p', config], project);
      const { stdout } = step('the consumer', process.execPath, [`out-${kind}/main.js`], project);
      assert.equal(stdout, MAIN_OUTPUT);
    });
  }

  test('packed package - every source map embeds its TypeScript source', () => {
    const maps = filesUnder(join(installed, 'dist')).filter((f) => f.endsWith('.js.map'));
    assert.ok(maps.length > 20, `only ${maps.length} source maps`);
    for (const file of maps) {
      const map = JSON.parse(readFileSync(join(installed, 'dist', file), 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      assert.ok(map.sources[0]?.endsWith('.ts'), `${file}: sources ${String(map.sources)}`);
      assert.ok(
        map.sourcesContent?.length === map.sources.length &&
          map.sourcesContent.every((text) => typeof text === 'string' && text.length > 0),
        `${file} has no sourcesContent`,
      );
    }
  });

  test('packed package - an error thrown inside ginsfsm names its .ts source under --enable-source-maps', () => {
    // fail.ts is compiled by the previous tests (either output will do).
    const { status, stderr } = run(
      process.execPath,
      ['--enable-source-maps', 'out-nodenext/fail.js'],
      project,
    );
    assert.equal(status, 1, stderr);
    assert.match(stderr, /MachineError/);
    assert.match(stderr, /node_modules[\\/]ginsfsm[\\/]src[\\/]\S+\.ts:\d+:\d+/, stderr);
  });

  test('packed package - the gserve, ginsfsm, gcreate and gconsole commands run from the consumer (npx)', () => {
    writeFileSync(
      join(project, 'front.mjs'),
      `import { GAplic, GObj } from 'ginsfsm';
export class Greeter extends GObj {
  static fsm = { eventList: ['EV_HI: top input'], stateList: ['ST_IDLE'], machine: { ST_IDLE: [['EV_HI', null, null]] } };
}
export function frontMain(_global, { name, roles, ...settings }) {
  return new GAplic({ name, roles, settings });
}
`,
    );
    writeFileSync(
      join(project, 'app.ini'),
      '[composite:main]\nuse = call:ginsfsm#gaplicFactory\nmain = front\n\n[app:front]\nuse = call:./front.mjs#frontMain\n',
    );
    const help = step('npx gserve --help', 'npx', ['--no-install', 'gserve', '--help'], project);
    assert.match(help.stdout, /^Usage: gserve \[options\] <config\.ini>/);
    const checked = step(
      'npx gserve --check',
      'npx',
      ['--no-install', 'gserve', '--check', 'app.ini'],
      project,
    );
    assert.match(checked.stdout, /app\.ini: ok \(main \[app:front\]\)\n$/);
    const drawn = step(
      'npx ginsfsm draw',
      'npx',
      ['--no-install', 'ginsfsm', 'draw', './front.mjs#Greeter', '--format', 'mermaid'],
      project,
    );
    assert.match(drawn.stdout, /stateDiagram-v2\n {2}\[\*\] --> ST_IDLE\n/);
    const listed = step(
      'npx gcreate --list',
      'npx',
      ['--no-install', 'gcreate', '--list'],
      project,
    );
    assert.match(listed.stdout, /^Available scaffolds:\n(?: {2}\w+ +\S.*\n)+$/);
    assert.match(listed.stdout, /^ {2}simple_gobj +A package with one sample gclass/m);
    const consoleHelp = step(
      'npx gconsole --help',
      'npx',
      ['--no-install', 'gconsole', '--help'],
      project,
    );
    assert.match(consoleHelp.stdout, /^Usage: gconsole \[options\] <ws:\/\/host:port>/);
  });
});
