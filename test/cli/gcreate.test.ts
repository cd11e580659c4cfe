// gcreate as a user runs it: real child processes on the compiled CLI, writing into temp
// folders. (That each scaffold's project installs and passes its own tests is
// test/package/scaffolds.test.ts.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listScaffolds, planScaffold } from '../../src/cli/scaffolds.js';
import { REPO_ROOT } from '../repo-root.js';

const GCREATE = fileURLToPath(new URL('../../src/cli/gcreate.js', import.meta.url));
const OWN = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};
/** The scaffolds as the folders of scaffolds/ are, `_common` aside. */
const NAMES = readdirSync(join(REPO_ROOT, 'scaffolds'))
  .filter((name) => !name.startsWith('_'))
  .sort();

let tmp = '';

function gcreate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(process.execPath, [GCREATE, ...args], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status, stdout, stderr };
}

/** Every file under `dir`, relative, sorted. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** The files a scaffold makes: _common's and its own, `_tmpl` dropped, scaffold.json left. */
function expectedFiles(scaffold: string): string[] {
  const of = (dir: string) => filesIn(join(REPO_ROOT, 'scaffolds', dir));
  return [...new Set([...of('_common'), ...of(scaffold)])]
    .filter((file) => file !== 'scaffold.json')
    .map((file) => file.replace(/_tmpl$/, ''))
    .sort();
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ginsfsm-gcreate-'));
});

after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('gcreate - options', () => {
  test('gcreate - --help prints the usage', () => {
    const { status, stdout } = gcreate('--help');
    assert.equal(status, 0);
    assert.match(stdout, /^Usage: gcreate -s <scaffold> \[options\] <output_directory>\n/);
    for (const option of ['--scaffold', '--template', '--list', '--simulate', '--overwrite']) {
      assert.ok(stdout.includes(option), `the usage does not mention ${option}`);
    }
  });

  test('gcreate - -l, --list and --list-templates list every scaffold with its summary', () => {
    for (const flag of ['-l', '--list', '--list-templates']) {
      const { status, stdout } = gcreate(flag);
      assert.equal(status, 0, flag);
      const lines = stdout.trimEnd().split('\n');
      assert.equal(lines[0], 'Available scaffolds:');
      assert.deepEqual(
        lines.slice(1).map((line) => line.trim().split(/\s+/)[0]),
        NAMES,
      );
      for (const name of NAMES) {
        const { summary } = JSON.parse(
          readFileSync(join(REPO_ROOT, 'scaffolds', name, 'scaffold.json'), 'utf8'),
        ) as { summary: string };
        assert.match(stdout, new RegExp(`^ {2}${name} +${summary.replace(/[()]/g, '\\$&')}$`, 'm'));
      }
    }
  });

  test('gcreate - the scaffolds are the five of the brief', () => {
    assert.deepEqual(NAMES, [
      'multi_gaplic',
      'router_network',
      'simple_gobj',
      'simple_http',
      'websocket_server',
    ]);
  });
});

describe('gcreate - bad command lines: exit 2, the message, nothing written', () => {
  const cases: Array<[string, string[], string]> = [
    [
      'no scaffold',
      ['myproj'],
      `gcreate: no scaffold given: name one with -s (one of: ${NAMES.join(', ')})`,
    ],
    [
      'no project name',
      ['-s', 'simple_gobj'],
      'gcreate: no project name given: gcreate -s <scaffold> <output_directory>',
    ],
    [
      'an unknown scaffold',
      ['-s', 'simple_gobj', '-s', 'pyramid', 'myproj'],
      `gcreate: unknown scaffold 'pyramid': the scaffolds are ${NAMES.join(', ')}`,
    ],
    [
      'a project name with capitals',
      ['-s', 'simple_gobj', 'sub/MyApp'],
      "gcreate: project name 'MyApp' (the output directory's name) is not a valid npm package name: it has upper-case letters",
    ],
    [
      'a project name with a space',
      ['-s', 'simple_gobj', 'my app'],
      "gcreate: project name 'my app' (the output directory's name) is not a valid npm package name: it has characters other than a-z, 0-9, '-', '.', '_' and '~'",
    ],
    [
      'a project named like a Node module',
      ['-s', 'simple_gobj', 'http'],
      "gcreate: project name 'http' (the output directory's name) is not a valid npm package name: it is the name of a Node built-in module",
    ],
    [
      'a project named ginsfsm',
      ['-s', 'simple_gobj', 'ginsfsm'],
      "gcreate: project name 'ginsfsm' (the output directory's name) is not a valid npm package name: it is reserved (a project cannot depend on a package of its own name)",
    ],
    [
      'a project name starting with a dot',
      ['-s', 'simple_gobj', '.hidden'],
      "gcreate: project name '.hidden' (the output directory's name) is not a valid npm package name: it starts with '.' or '_'",
    ],
    ['an unknown option', ['--bogus'], "gcreate: Unknown option '--bogus'"],
    [
      'two output directories',
      ['-s', 'simple_gobj', 'one', 'two'],
      'gcreate: one output directory expected, got 2: one two',
    ],
  ];
  for (const [what, args, message] of cases) {
    test(`gcreate - ${what}`, () => {
      const { status, stdout, stderr } = gcreate(...args);
      assert.equal(status, 2, stderr);
      assert.equal(stdout, '');
      assert.ok(stderr.startsWith(message), stderr);
      assert.match(stderr, /\(gcreate --help shows the usage\)\n$/);
      assert.deepEqual(readdirSync(tmp), []);
    });
  }
});

describe('gcreate - writing a project', () => {
  test('gcreate - every scaffold renders its files, variables filled in', () => {
    for (const name of NAMES) {
      const dir = join(tmp, `gen-${name.replaceAll('_', '-')}`);
      const { status, stdout, stderr } = gcreate('-s', name, dir);
      assert.equal(status, 0, stderr);
      assert.deepEqual(filesIn(dir), expectedFiles(name), name);
      for (const file of filesIn(dir)) {
        const text = readFileSync(join(dir, file), 'utf8');
        assert.doesNotMatch(text, /\{\{|\}\}/, `${name}: ${file} keeps a placeholder`);
      }
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        type: string;
        scripts: Record<string, string>;
        dependencies: Record<string, string>;
        devDependencies: Record<string, string>;
      };
      assert.equal(pkg.name, `gen-${name.replaceAll('_', '-')}`);
      assert.equal(pkg.type, 'module');
      assert.deepEqual(Object.keys(pkg.scripts).sort(), ['build', 'start', 'test']);
      assert.deepEqual(pkg.dependencies, { ginsfsm: `^${OWN.version}` });
      assert.deepEqual(pkg.devDependencies, {
        '@types/node': OWN.devDependencies['@types/node'],
        typescript: OWN.devDependencies.typescript,
      });
      assert.ok(existsSync(join(dir, 'app.ini')), `${name} has no app.ini`);
      assert.ok(
        filesIn(dir).some((f) => /^test\/.+\.test\.ts$/.test(f)),
        `${name}: no test`,
      );
      assert.ok(
        stdout.endsWith(
          `\nWelcome to ginsfsm! Your project is in ${dir}. Next:\n\n  cd ${dir} && npm install && npm test && npm start\n`,
        ),
        stdout,
      );
      assert.match(stdout, /^ {2}create {5}package\.json$/m);
    }
  });

  test('gcreate - the generated sources are formatted as prettier formats them', () => {
    const prettier = join(REPO_ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
    const config = join(REPO_ROOT, '.prettierrc.json');
    const { status, stdout, stderr } = spawnSync(
      process.execPath,
      [
        prettier,
        '--config',
        config,
        '--check',
        ...NAMES.map((n) => `gen-${n.replaceAll('_', '-')}`),
      ],
      { cwd: tmp, encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(status, 0, `${stdout}${stderr}`);
  });

  test('gcreate - -t is -s; the token of a project is random and shared by its ini files', () => {
    assert.equal(gcreate('-t', 'router_network', 'net-a').status, 0);
    assert.equal(gcreate('--template', 'router_network', 'net-b').status, 0);
    const token = (dir: string, ini: string) =>
      /^auth_token = ([0-9a-f]{40})$/m.exec(readFileSync(join(tmp, dir, ini), 'utf8'))?.[1];
    assert.ok(token('net-a', 'app.ini') !== undefined);
    assert.equal(token('net-a', 'app.ini'), token('net-a', 'edge.ini'));
    assert.notEqual(token('net-a', 'app.ini'), token('net-b', 'app.ini'));
  });

  test("gcreate - with two scaffolds, the later one's files replace the earlier one's", () => {
    const { status } = gcreate('-s', 'simple_gobj', '-s', 'simple_http', 'both');
    assert.equal(status, 0);
    const files = filesIn(join(tmp, 'both'));
    assert.ok(files.includes('src/sample.ts') && files.includes('src/site.ts'), String(files));
    assert.match(readFileSync(join(tmp, 'both', 'app.ini'), 'utf8'), /^http = site$/m);
  });

  test('gcreate - --simulate prints what it would write and writes nothing', () => {
    const { status, stdout } = gcreate('--simulate', '-s', 'simple_gobj', 'dry');
    assert.equal(status, 0);
    assert.equal(existsSync(join(tmp, 'dry')), false);
    assert.equal(stdout.split('\n')[0], 'gcreate: simulating: nothing is written to dry');
    assert.deepEqual(
      stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/)),
      expectedFiles('simple_gobj').map((file) => ['create', file]),
    );
    assert.doesNotMatch(stdout, /Welcome/);
  });

  test('gcreate - existing files: same content is left, other content refuses everything, --overwrite replaces it', () => {
    const dir = join(tmp, 'again');
    assert.equal(gcreate('-s', 'simple_gobj', 'again').status, 0);
    const again = gcreate('-s', 'simple_gobj', 'again');
    assert.equal(again.status, 0);
    assert.match(again.stdout, /^ {2}identical {2}README\.md$/m);

    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    writeFileSync(join(dir, 'README.md'), 'my own notes\n');
    rmSync(join(dir, 'tsconfig.json'));
    const refused = gcreate('-s', 'simple_gobj', 'again');
    assert.equal(refused.status, 1);
    assert.equal(refused.stdout, '  exists     README.md (other content)\n');
    assert.equal(
      refused.stderr,
      'gcreate: 1 file(s) already exist in again with other content: nothing written (--overwrite replaces them)\n',
    );
    assert.equal(readFileSync(join(dir, 'README.md'), 'utf8'), 'my own notes\n');
    assert.equal(existsSync(join(dir, 'tsconfig.json')), false, 'nothing is written');

    const simulated = gcreate('--simulate', '--overwrite', '-s', 'simple_gobj', 'again');
    assert.equal(simulated.status, 0);
    assert.match(simulated.stdout, /^ {2}overwrite {2}README\.md$/m);
    assert.match(simulated.stdout, /^ {2}create {5}tsconfig\.json$/m);
    assert.equal(readFileSync(join(dir, 'README.md'), 'utf8'), 'my own notes\n');

    const overwritten = gcreate('--overwrite', '-s', 'simple_gobj', 'again');
    assert.equal(overwritten.status, 0, overwritten.stderr);
    assert.equal(readFileSync(join(dir, 'README.md'), 'utf8'), readme);
    assert.ok(existsSync(join(dir, 'tsconfig.json')));
  });

  test('gcreate - a folder where a file goes is a conflict', () => {
    mkdirSync(join(tmp, 'clash', 'README.md'), { recursive: true });
    const { status, stdout } = gcreate('-s', 'simple_gobj', 'clash');
    assert.equal(status, 1);
    assert.equal(stdout, '  exists     README.md (other content)\n');
  });
});

describe('gcreate - templates', () => {
  test('planScaffold - renders *_tmpl files and +var+ names; other files are copied as they are', () => {
    const base = join(tmp, 'scaffolds-fixture', 'scaffolds');
    mkdirSync(join(base, '_common'), { recursive: true });
    mkdirSync(join(base, 'demo', 'src'), { recursive: true });
    writeFileSync(join(base, '_common', 'shared.txt_tmpl'), 'from {{scaffold}}: {{ summary }}\n');
    writeFileSync(join(base, '_common', 'replaced.txt'), 'common\n');
    writeFileSync(join(base, 'demo', 'scaffold.json'), '{ "summary": "A demo" }');
    writeFileSync(join(base, 'demo', 'replaced.txt'), 'own {{ project }}\n');
    writeFileSync(
      join(base, 'demo', 'src', '+package+.ts_tmpl'),
      "export const name = '{{ project }}';\n",
    );
    const [demo] = listScaffolds(join(base, '..'));
    assert.deepEqual(demo, { name: 'demo', summary: 'A demo', dir: join(base, 'demo') });
    const { files, problems } = planScaffold(demo, { project: 'my-app', package: 'my-app' });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      files.map((f) => [f.path, f.content.toString('utf8')]),
      [
        ['replaced.txt', 'own {{ project }}\n'], // not a template: copied as it is
        ['shared.txt', 'from demo: A demo\n'],
        ['src/my-app.ts', "export const name = 'my-app';\n"],
      ],
    );
  });

  test('planScaffold - a variable no one defines is reported with its file', () => {
    const base = join(tmp, 'scaffolds-bad', 'scaffolds');
    mkdirSync(join(base, 'bad'), { recursive: true });
    writeFileSync(join(base, 'bad', 'scaffold.json'), '{ "summary": "Bad" }');
    writeFileSync(join(base, 'bad', '+nope+.md_tmpl'), '{{ missing }}\n');
    const [bad] = listScaffolds(join(base, '..'));
    assert.deepEqual(planScaffold(bad!, {}).problems, [
      "scaffold 'bad', +nope+.md_tmpl: no variable 'nope'",
      "scaffold 'bad', +nope+.md_tmpl: no variable 'missing'",
    ]);
  });
});
