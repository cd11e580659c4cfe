// Each scaffold's project as a user gets it: `npm pack` of the repository, the tarball's
// own gcreate (dist/cli/gcreate.js, scaffolds/ beside it) generates the five projects, and
// in each, `npm install <tarball>` (the rest from the npm cache: --prefer-offline) and
// `npm test` — its own tsc build and node:test tests, with their real sockets, threads and
// processes — must exit 0. Real npm, tsc and node child processes, two projects at a time:
// about 2 minutes on a loaded 2-core machine (npm pack alone about 35 s).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../repo-root.js';
import { assertSucceeded, packRepo, runAsync, step } from './packed.js';

const NAMES = readdirSync(join(REPO_ROOT, 'scaffolds'))
  .filter((name) => !name.startsWith('_'))
  .sort();
const INSTALL = ['--prefer-offline', '--no-audit', '--no-fund'];

describe(
  'scaffolds - each generated project installs and passes its own npm test',
  { concurrency: 2 },
  () => {
    let tmp = '';
    let tgz = '';

    before(() => {
      tmp = mkdtempSync(join(tmpdir(), 'ginsfsm-scaffolds-'));
      tgz = packRepo(tmp);
      const unpacked = join(tmp, 'unpacked');
      mkdirSync(unpacked);
      step('tar', 'tar', ['xzf', tgz, '-C', unpacked], tmp); // package/...
      const gcreate = join(unpacked, 'package', 'dist', 'cli', 'gcreate.js');
      for (const name of NAMES) {
        step(`gcreate -s ${name}`, process.execPath, [gcreate, '-s', name, `my-${name}`], tmp);
      }
    });

    after(() => {
      if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
    });

    for (const name of NAMES) {
      test(`scaffolds - ${name}: npm install, npm test`, { timeout: 600_000 }, async () => {
        const project = join(tmp, `my-${name}`);
        const npm = async (what: string, args: string[]) =>
          assertSucceeded(what, await runAsync('npm', args, project, 300_000), project);
        // Installs the tarball and, with it, the rest of the project's dependencies.
        await npm(`npm install ${tgz}`, ['install', tgz, ...INSTALL]);
        const { stdout } = await npm('npm test', ['test']);
        const passed = Number(/^# pass (\d+)$/m.exec(stdout)?.[1] ?? 0);
        assert.ok(passed > 0, `${name}: no test passed\n${stdout}`);
        assert.match(stdout, /^# fail 0$/m);
      });
    }
  },
);
