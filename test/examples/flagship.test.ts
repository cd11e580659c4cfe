// The flagship demo (examples/flagship/), which `npm start` runs: gserve as a child process
// with Demo in it, Echo in a child process and Stress in a worker thread, real sockets and a
// real HTTP server, on free ports with a short load. Real time: threads, processes, sockets
// and signals cannot run on a TestClock; the tests wait for what the demo prints, never for
// a duration. The demo is started with the command line of package.json's start script
// (what npm runs, with the `var=value` arguments npm appends), pointed at this build.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { readIni } from '../../src/config/ini-reader.js';
import { planComposite } from '../../src/config/plan.js';
import { LatencyHistogram } from '../../examples/flagship/latency.js';
import type { Status } from '../../examples/flagship/status-page.js';
import { REPO_ROOT } from '../repo-root.js';

/** This build's outDir (build/ for npm test, build-<name>/ elsewhere). */
const OUT = fileURLToPath(new URL('../../', import.meta.url));
const BUILD = fileURLToPath(new URL('../../examples', import.meta.url));

/** package.json's start script: `tsc -p <config> && node <flags> <gserve> <ini>`. */
function startScript(): { config: string; node: string[] } {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const steps = pkg.scripts.start.split(' && ');
  assert.equal(steps.length, 2, pkg.scripts.start);
  const [tsc, flag, config, ...more] = steps[0]!.split(' ');
  assert.deepEqual([tsc, flag, more], ['tsc', '-p', []], steps[0]);
  const [node, ...args] = steps[1]!.split(' ');
  assert.equal(node, 'node', steps[1]);
  return { config: config!, node: args };
}

/** The start script's outDir, where its `node` command finds gserve. */
function startOutDir(config: string): string {
  const tsconfig = JSON.parse(readFileSync(join(REPO_ROOT, config), 'utf8')) as {
    compilerOptions: { outDir: string };
  };
  return tsconfig.compilerOptions.outDir;
}

interface Demo {
  readonly child: ReturnType<typeof spawn>;
  /** Resolves with the output so far once it matches `pattern` (rejects if gserve ends first). */
  until(pattern: RegExp): Promise<string>;
  readonly exited: Promise<{ code: number | null; out: string; err: string }>;
}

/** Runs the start script's command line, on this build, with `vars` appended as npm does. */
function npmStartCommand(vars: readonly string[]): Demo {
  const { config, node } = startScript();
  const outDir = startOutDir(config);
  const args = node.map((arg) =>
    arg.startsWith(`${outDir}/`) ? join(OUT, arg.slice(outDir.length + 1)) : arg,
  );
  const child = spawn(process.execPath, [...args, `build=${BUILD}`, ...vars], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const waiter of [...waiters]) waiter();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; out: string; err: string }>((done) =>
    child.on('close', (code) => done({ code, out, err })),
  );
  return {
    child,
    exited,
    until: (pattern) =>
      new Promise((found, failed) => {
        const check = (): void => {
          if (!pattern.test(out)) return;
          waiters.delete(check);
          found(out);
        };
        waiters.add(check);
        check();
        void exited.then(({ code }) =>
          failed(new Error(`gserve exited (${code}) before ${pattern}:\n${out}\n${err}`)),
        );
      }),
  };
}

/** Asks `/status` until Stress has done some round trips and Echo has told its figures. */
async function statusWhileRunning(url: string): Promise<Status> {
  for (;;) {
    const status = (await (await fetch(`${url}/status`)).json()) as Status;
    if (status.messages.done > 0 && status.echo !== null) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const PROGRESS =
  /^ +\d+\.\d s \[[#.]{16}\] +\d+% +[\d,]+\/[\d,]+ +[\d,]+\/s {2}p50 +[\d.]+ ms {2}p99 +[\d.]+ ms {2}\d+ open$/;

describe('flagship demo', () => {
  test('flagship demo - Demo, Echo (process) and Stress (thread): progress, /status while it runs, every echo back, the table; exit 0 by itself', async () => {
    const demo = npmStartCommand([
      'http_port=0',
      'router_port=0',
      'connections=10',
      'rounds=1500',
      'size=64',
      'interval=0.2',
    ]);
    const started = await demo.until(/status page on (http:\S+)\/ /);
    const url = /status page on (http:\S+)\/ /.exec(started)![1]!;
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    const html = await page.text();
    assert.match(html, /fetch\('status'/);
    new Script(/<script>([\s\S]*)<\/script>/.exec(html)![1]!); // the page's script parses
    assert.equal((await fetch(`${url}/nothing`)).status, 404);

    const status = await statusWhileRunning(url);
    assert.ok(['running', 'done'].includes(status.phase), status.phase);
    assert.ok(status.elapsed > 0);
    assert.equal(status.connections.asked, 10);
    assert.equal(status.messages.total, 15_000);
    assert.ok(status.messages.rate > 0);
    assert.equal(status.messages.errors, 0);
    assert.ok(status.latencyMs!.p50 > 0 && status.latencyMs!.p50 <= status.latencyMs!.max);
    assert.equal(status.echo?.placement, 'process');
    const gaplics = [...status.gaplics].sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(
      gaplics.map((g) => [g.name, g.roles, g.placement?.placement, g.state]),
      [
        ['Demo', ['front'], 'main', 'running'],
        ['Echo', ['echo'], 'process', 'up'],
        ['Stress', ['stress'], 'thread', 'up'],
      ],
    );
    assert.equal(gaplics[0]!.placement!.id, demo.child.pid);
    assert.equal(gaplics[1]!.placement!.id, status.echo.id);
    assert.ok(gaplics[2]!.events!.received > 0, 'Stress has sent progress events to Demo');

    const { code, out, err } = await demo.exited;
    assert.equal(err, '');
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.match(
      lines[0]!,
      /^flagship: Demo here \(pid \d+\), Echo in a child process, Stress in a worker thread$/,
    );
    assert.match(
      lines[1]!,
      /^flagship: router on ws:\/\/127\.0\.0\.1:\d+ \(for gaplics of other hosts\)$/,
    );
    assert.ok(lines.includes(`flagship: status page on ${url}/ (JSON on /status)`));
    assert.ok(
      lines.some((l) =>
        /^gserve: running app\.ini \(pid \d+\): main 'Demo', threads \[Stress\], subprocesses \[Echo\]$/.test(
          l,
        ),
      ),
    );
    assert.ok(
      lines.some((l) => /^flagship: Echo \(process \d+\) echoing on 127\.0\.0\.1:\d+$/.test(l)),
    );
    assert.ok(
      lines.some((l) =>
        /^flagship: Stress \(thread \d+\): 10 connections to Echo, 1,500 round trips each$/.test(l),
      ),
      out,
    );
    const progress = lines.filter((l) => l.startsWith('   '));
    assert.ok(progress.length >= 1, out);
    for (const line of progress) assert.match(line, PROGRESS);
    assert.match(progress.at(-1)!, / 100% {2}15,000\/15,000 /);

    const table = lines.slice(lines.findIndex((l) => l.startsWith('flagship: done in ')));
    assert.match(table[0]!, /^flagship: done in \d+\.\d\d s$/);
    assert.equal(
      table[1],
      '  round trips     15,000 of 15,000 (10 connections × 1,500), 64 bytes each',
    );
    assert.match(table[2]!, /^ {2}throughput {6}[\d,]+ round trips\/s, \d+\.\d\d MB\/s both ways$/);
    assert.match(
      table[3]!,
      /^ {2}latency {9}p50 [\d.]+ ms {3}p90 [\d.]+ ms {3}p99 [\d.]+ ms {3}max [\d.]+ ms$/,
    );
    // Every message came back whole: Echo's count of bytes is Stress's, exactly.
    assert.equal(
      table[4],
      '  echoed by Echo  960,000 bytes to 10 connections = 15,000 × 64: every message came back',
    );
    assert.equal(
      table[5],
      '  errors          0 bytes not echoed as sent, 0 lost, 0 connections cut short',
    );
    assert.match(
      table[6]!,
      /^ {2}events {10}Demo ⇄ (Stress|Echo): [\d,]+ sent, [\d,]+ received {3}Demo ⇄ (Stress|Echo): /,
    );
    assert.deepEqual(table.slice(7), [
      "gserve: the main gaplic 'Demo' stopped: stopping",
      'gserve: stopped',
    ]);
  });

  test('flagship demo - rounds=0 runs until Ctrl-C (SIGINT): the table of the last progress; exit 0', async () => {
    const demo = npmStartCommand([
      'http_port=0',
      'router_port=0',
      'connections=4',
      'rounds=0',
      'interval=0.1',
    ]);
    await demo.until(/^flagship: Echo \(process \d+\)/m); // its figures are in
    await demo.until(/round trips .*\n(.*\n)*.* round trips /); // two progress lines
    demo.child.kill('SIGINT');
    const { code, out, err } = await demo.exited;
    // A worker stopped by the signal may have an event on its way to Demo (a progress, a
    // broadcast): its router reports it nacked (ROUTE_DOWN; NACK_NOT_ACCEPTED once its
    // sender has gone out), since a stop does not wait for the acks. Nothing else. (A run
    // that ends by itself stops its workers when they have nothing in flight: test above.)
    const inFlight = /^WARN GRouter:router: .*(\[ROUTE_DOWN\]|\(stopped\).*\[NACK_NOT_ACCEPTED\])$/;
    assert.deepEqual(
      err.split('\n').filter((line) => line !== '' && !inFlight.test(line)),
      [],
    );
    assert.equal(code, 0);
    assert.match(out, /^flagship: Stress \(thread \d+\): 4 connections to Echo, until Ctrl-C$/m);
    assert.match(out, /^ +\d+\.\d s +[\d,]+ round trips +[\d,]+\/s {2}p50 /m);
    // A progress already on its way when the signal came may still be printed.
    assert.match(
      out,
      /gserve: SIGINT: stopping\n(?: .*\n)*flagship: stopped after \d+\.\d\d s \(figures of the last progress\)\n {2}round trips {5}[\d,]+ \(4 connections\)\n {2}throughput {6}[\d,]+ round trips\/s\n {2}latency .*\n {2}echoed by Echo {2}[\d,]+ bytes to 4 connections\n {2}errors {10}0 bytes not echoed as sent\n {2}events {10}Demo ⇄ .*\ngserve: stopped\n$/,
    );
  });

  test('npm start - compiles gserve, the worker entries and every module the flagship ini names', () => {
    const { config, node } = startScript();
    const outDir = resolve(REPO_ROOT, startOutDir(config));
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const compiled = new Set(
      execFileSync(process.execPath, [tsc, '-p', config, '--listFilesOnly'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      })
        .trim()
        .split('\n'),
    );
    const ini = resolve(
      REPO_ROOT,
      node.find((a) => a.endsWith('.ini'))!,
    );
    const doc = readIni(readFileSync(ini, 'utf8'), ini);
    // The ini finds its modules where the start script compiles them...
    const build = doc.defaults.get('build')!.raw.replace('%(here)s', dirname(ini));
    assert.equal(resolve(build), join(outDir, 'examples'));
    // ...which are, planned on this build (a plan checks that they exist), these.
    const plan = planComposite(doc, 'main', { build: BUILD });
    const modules = plan.apps.map((a) => join(outDir, relative(OUT, a.module)));
    const gserve = resolve(
      REPO_ROOT,
      node.find((a) => a.endsWith('gserve.js'))!,
    );
    // The worker entries are loaded by URL (src/hosts/node/spawners.ts): no import leads there.
    const entries = ['thread-entry.js', 'process-entry.js'].map((f) =>
      join(outDir, 'src/hosts/node', f),
    );
    const needed = [gserve, ...entries, ...modules];
    assert.equal(plan.apps.length, 4); // demo, stress, echo, status
    for (const js of needed) {
      assert.ok(js.startsWith(`${outDir}/`), `${js} is compiled into ${outDir}`);
      const source = join(REPO_ROOT, js.slice(outDir.length + 1).replace(/\.js$/, '.ts'));
      assert.ok(compiled.has(source), `${config} compiles ${source}`);
    }
  });

  test('flagship demo - latency percentiles are nearest-rank within 1/64, the maximum exact', () => {
    const latencies = new LatencyHistogram();
    assert.equal(latencies.percentile(50), 0);
    for (let ms = 1000; ms >= 1; ms--) latencies.record(ms + 0.25); // any order
    latencies.record(0.0004); // below a microsecond: the first bucket
    assert.equal(latencies.count, 1001);
    for (const [p, exact] of [
      [50, 500.25],
      [90, 900.25],
      [99, 990.25],
    ] as const) {
      const got = latencies.percentile(p);
      assert.ok(got >= exact && got <= exact * (1 + 1 / 64), `p${p}: ${got} for ${exact}`);
    }
    assert.equal(latencies.percentile(100), 1000.25);
    assert.equal(latencies.maxMs, 1000.25);
  });
});
