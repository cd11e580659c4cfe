// Where the docs tests read README.md, docs/ and src/ from: the nearest ancestor of this
// file (compiled into build/test/) that holds the package's package.json.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'docs'))) return dir;
    if (dirname(dir) === dir) throw new Error('the repository root is not above the test file');
  }
}

/** Absolute path of the repository root. */
export const REPO_ROOT = findRoot();
