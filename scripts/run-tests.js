// `npm test` after compiling: runs every build/test/**/*.test.js with node's test runner.
// Node 20's --test takes no globs, and given a directory it would also run the helper
// modules that tests import as if they were tests.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const root = join('build', 'test');
const files = readdirSync(root, { recursive: true })
  .filter((file) => file.endsWith('.test.js'))
  .map((file) => join(root, file))
  .sort();
const { status } = spawnSync(process.execPath, ['--enable-source-maps', '--test', ...files], {
  stdio: 'inherit',
});
process.exit(status ?? 1);
