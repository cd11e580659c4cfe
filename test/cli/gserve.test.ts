// gserve as a user runs it: real child processes on the compiled CLI, with a small
// composite in a temp dir (the main gaplic 'Front' here, 'Calc' in a worker thread, 'Store'
// in a child process). Real time: real processes, signals and file watching cannot run on
// a TestClock; each waits for what gserve prints, never for a duration.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const GSERVE = fileURLToPath(new URL('../../src/cli/gserve.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

function iniText(): string {
  return `[DEFAULT]
mood = calm

[composite:main]
use = call:ginsfsm#gaplicFactory
main = front
threads = calc
subprocesses = store

[app:front]
use = call:${FIXTURES}compose-apps.js#frontMain
name = Front
desk.greeting = %(greeting)s

[app:calc]
use = call:${FIXTURES}remote-apps.js#calcMain
name = Calc

[app:store]
use = call:${FIXTURES}remote-apps.js#storeMain
name = Store
stopTimeout = 2
`;
}

interface Running {
  readonly child: ChildProcess;
  /** Resolves with the output so far once it matches `pattern` (rejects if the process ends first). */
  until(pattern: RegExp, count?: number): Promise<string>;
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    out: string;
    err: string;
  }>;
}

function gserve(args: readonly string[], cwd: string): Running {
  const child = spawn(process.execPath, [GSERVE, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) w();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    out: string;
    err: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })));
  return {
    child,
    exited,
    until(pattern, count = 1) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const matches = out.match(new RegExp(pattern.source, 'g')) ?? [];
          if (matches.length >= count) {
            waiters.splice(waiters.indexOf(check), 1);
            resolve(out);
          }
        };
        waiters.push(check);
        check();
        void exited.then(({ code }) =>
          reject(new Error(`gserve exited (${code}) first:\n${out}\n${err}`)),
        );
      });
    },
  };
}

function gserveSync(args: readonly string[], cwd: string) {
  return spawnSync(process.execPath, [GSERVE, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
}

describe('gserve', () => {
  let dir = '';
  let ini = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ginsfsm-gserve-'));
    ini = join(dir, 'app.ini');
    writeFileSync(ini, iniText());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('gserve - runs the composite (main here, a thread, a process) and SIGTERM stops it all: exit 0', async () => {
    const run = gserve([ini, 'greeting=hey'], dir);
    const out = await run.until(/gserve: running/);
    assert.match(out, /^Front: desk says hey x1 \(roles ; mood calm\)$/m);
    assert.match(
      out,
      /^gserve: running app\.ini \(pid \d+\): main 'Front', threads \[Calc\], subprocesses \[Store\]$/m,
    );
    run.child.kill('SIGTERM');
    const { code, signal, out: all, err } = await run.exited;
    assert.equal(err, '');
    assert.deepEqual([code, signal], [0, null]);
    assert.match(all, /gserve: SIGTERM: stopping\ndesk: out\ngserve: stopped\n$/);
  });

  test('gserve - a main gaplic that stops by itself stops the workers and gserve: exit 0, or 1 with a reason', async () => {
    const selfStopping = join(dir, 'self-stopping.ini');
    writeFileSync(selfStopping, iniText().replace('#frontMain', '#selfStoppingMain'));
    const failing = join(dir, 'failing.ini');
    writeFileSync(failing, iniText().replace('#frontMain', '#failingMain'));
    const [done, failed] = await Promise.all([
      gserve([selfStopping, 'greeting=bye'], dir).exited,
      gserve([failing, 'greeting=oops'], dir).exited,
    ]);
    for (const [{ code, signal, out, err }, expected, ini] of [
      [done, 0, 'self-stopping.ini'],
      [failed, 1, 'failing.ini'],
    ] as const) {
      assert.equal(err, '');
      assert.deepEqual([code, signal], [expected, null]);
      assert.match(
        out,
        new RegExp(`^gserve: running ${ini.replace('.', '\\.')} \\(pid \\d+\\)`, 'm'),
      );
      assert.match(
        out,
        /gserve: the main gaplic 'Front' stopped: stopping\ndesk: out\ngserve: stopped\n$/,
      );
    }
  });

  test('gserve - --help, a bad command line (exit 2) and a bad ini (exit 1, the message, nothing started)', () => {
    const help = gserveSync(['--help'], dir);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: gserve \[options\] <config\.ini>/);
    const usage = gserveSync(['--frobnicate', ini], dir);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^gserve: Unknown option '--frobnicate'/);
    const bad = join(dir, 'bad.ini');
    writeFileSync(bad, iniText().replace('name = Calc', 'name = Calc\nrestart = sometimes'));
    const failed = gserveSync([bad, 'greeting=x'], dir);
    assert.equal(failed.status, 1);
    assert.equal(failed.stdout, '', 'nothing started');
    assert.equal(
      failed.stderr,
      `gserve: ${bad}:18: [app:calc] key 'restart' got "sometimes" (string), expected 'never', 'on-crash' or 'always' [INI_BAD_SETTING]\n`,
    );
    const checked = gserveSync(['--check', ini, 'greeting=x'], dir);
    assert.equal(checked.status, 0, checked.stderr);
    assert.equal(
      checked.stdout,
      `gserve: ${ini}: ok (main [app:front], thread [app:calc], process [app:store])\n`,
    );
  });

  test('gserve - a worker that cannot start stops the composite: exit 1 with its message', () => {
    const bad = join(dir, 'broken.ini');
    writeFileSync(bad, iniText().replace('#calcMain', '#brokenMain'));
    const failed = gserveSync([bad, 'greeting=x'], dir);
    assert.equal(failed.status, 1, failed.stderr);
    assert.match(
      failed.stderr,
      /^gserve: cannot start: .*the factory is broken.*\[WORKER_FACTORY_FAILED\]$/m,
    );
  });

  test('gserve - --daemon writes the pid file and the log; status, then stop ends it; status says so', () => {
    const pid = join(dir, 'app.pid');
    const log = join(dir, 'app.log');
    const started = gserveSync(
      [ini, '--daemon', '--pid-file', pid, '--log-file', log, 'greeting=bg'],
      dir,
    );
    assert.equal(started.status, 0, started.stderr);
    const daemon = Number(readFileSync(pid, 'utf8'));
    assert.equal(
      started.stdout,
      `gserve: started in the background (pid ${daemon}), pid file ${pid}, log ${log}\n`,
    );
    assert.match(readFileSync(log, 'utf8'), /gserve: running app\.ini \(pid \d+\)/);
    const again = gserveSync([ini, '--daemon', '--pid-file', pid, 'greeting=bg'], dir);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already running \(pid \d+/);
    const status = gserveSync(['status', '--pid-file', pid], dir);
    assert.deepEqual([status.status, status.stdout], [0, `gserve: running (pid ${daemon})\n`]);
    const stopped = gserveSync(['stop', '--pid-file', pid], dir);
    assert.deepEqual([stopped.status, stopped.stdout], [0, `gserve: stopped (pid ${daemon})\n`]);
    assert.equal(existsSync(pid), false);
    assert.match(
      readFileSync(log, 'utf8'),
      /gserve: SIGTERM: stopping\ndesk: out\ngserve: stopped\n$/,
    );
    const bad = join(dir, 'bad-daemon.ini');
    writeFileSync(bad, iniText().replace('[app:store]', '[app:store]\nrestart = sometimes'));
    const refused = gserveSync(
      [bad, '--daemon', '--pid-file', pid, '--log-file', log, 'greeting=x'],
      dir,
    );
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /^gserve: the daemon exited at start \(code 1\); its log .* ends with:\n/,
    );
    assert.match(
      refused.stderr,
      /key 'restart' got "sometimes" \(string\).*\[INI_BAD_SETTING\]\n$/,
    );
    assert.equal(existsSync(pid), false);
    const after = gserveSync(['status', '--pid-file', pid], dir);
    assert.deepEqual(
      [after.status, after.stdout],
      [1, `gserve: not running (no pid file ${pid})\n`],
    );
  });

  test('gserve - --reload restarts the composite when a watched file changes', async () => {
    const run = gserve(['--reload', ini, 'greeting=dev'], dir);
    await run.until(/gserve: running/);
    appendFileSync(ini, '# touched\n');
    const out = await run.until(/gserve: running/, 2);
    assert.match(
      out,
      new RegExp(`gserve: ${ini.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} changed: restarting`),
    );
    const pids = [...out.matchAll(/gserve: running app\.ini \(pid (\d+)\)/g)].map((m) => m[1]);
    assert.equal(pids.length, 2);
    assert.notEqual(pids[0], pids[1], 'a new process');
    run.child.kill('SIGTERM');
    const { code, signal } = await run.exited;
    assert.deepEqual([code, signal], [0, null]);
  });
});
