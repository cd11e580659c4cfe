// The published package, as a user gets it: `npm pack` of the repository (dist built by
// `prepack`) into a temp folder, and the npm and node child processes that install and use
// it. Shared by pack.test.ts and scaffolds.test.ts.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { REPO_ROOT } from '../repo-root.js';

/**
 * The environment without npm's own variables — run from `npm test`, a child npm would
 * inherit `npm_config_local_prefix` (the repo) and install the tarball there — nor the
 * test runner's: a `node --test` child that inherits `NODE_TEST_CONTEXT` reports to its
 * parent runner in a binary format instead of printing its results.
 */
export const ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !/^npm_|^INIT_CWD$|^NODE_TEST_CONTEXT$/i.test(name),
  ),
);

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(command: string, args: readonly string[], cwd: string): Run {
  const { status, stdout, stderr, error } = spawnSync(command, args, {
    cwd,
    env: ENV,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (error !== undefined) throw new Error(`${command} ${args.join(' ')}: ${error.message}`);
  return { status, stdout, stderr };
}

/** As `run`, without blocking the test runner (for steps that run side by side). */
export function runAsync(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 180_000,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: ENV, timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', (error) =>
      reject(new Error(`${command} ${args.join(' ')}: ${error.message}`)),
    );
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Asserts that a step succeeded; on failure the message shows everything it printed. */
export function assertSucceeded(what: string, result: Run, cwd: string): Run {
  assert.equal(
    result.status,
    0,
    `${what} failed (exit ${result.status}) in ${cwd}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
  );
  return result;
}

/** Runs a step that must succeed. */
export function step(what: string, command: string, args: readonly string[], cwd: string): Run {
  return assertSucceeded(what, run(command, args, cwd), cwd);
}

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** The newest modification time of what the tarball is made of. */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string): void => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const part of [
    'src',
    'scaffolds',
    'package.json',
    'README.md',
    'LICENSE',
    'tsconfig.build.json',
    'tsconfig.base.json',
  ]) {
    visit(join(REPO_ROOT, part));
  }
  return newest;
}

/**
 * `npm pack` of the repository, copied into `dest`; returns the copy's path. The tarball
 * is kept in a cache folder and made again only when a source is newer, so the test files
 * of one `npm test` pack once (`prepack` compiles the whole package: tens of seconds).
 * Test files that run side by side take turns (a lock folder).
 */
export function packRepo(dest: string): string {
  const id = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12);
  const lock = join(tmpdir(), `ginsfsm-pack-${id}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 5 minutes was left by a killed run.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000) {
        rmSync(lock, { recursive: true, force: true });
      } else sleep(200);
    }
  }
  try {
    const cache = join(tmpdir(), `ginsfsm-pack-${id}`);
    let tarball = tarballIn(cache);
    if (tarball === undefined || statSync(tarball).mtimeMs <= newestSource()) {
      rmSync(cache, { recursive: true, force: true });
      mkdirSync(cache);
      step('npm pack', 'npm', ['pack', '--pack-destination', cache], REPO_ROOT);
      tarball = tarballIn(cache);
      assert.ok(tarball !== undefined, `npm pack wrote no tarball in ${cache}`);
    }
    const copy = join(dest, basename(tarball));
    copyFileSync(tarball, copy);
    return copy;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function tarballIn(folder: string): string | undefined {
  const tarballs = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.tgz')) : [];
  assert.ok(tarballs.length <= 1, `${folder} holds ${tarballs.join(', ')}`);
  return tarballs.length === 1 ? join(folder, tarballs[0]!) : undefined;
}
