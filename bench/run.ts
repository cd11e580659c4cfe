/**
 * `npm run bench`: runs every section in a fresh child process (`--expose-gc`), so the
 * JIT state and heap of one section cannot bias another, then prints the summary table.
 * Exits 0 whatever the figures: a figure below its target is reported, not thrown.
 * A section can also be run alone: `node --expose-gc build/bench/timers.js`.
 */
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeTarget, formatValue, ratioOf, verdict, type Row } from './harness.js';

const SECTIONS = [
  'send-event',
  'post-event',
  'broadcast',
  'create-destroy',
  'memory',
  'timers',
  'subscribe-scale',
  'destroy-publisher',
  'destroy-subscribers',
  'post-burst',
  'timers-fire',
  'gtimers',
  'memory-scale',
  'trees',
  'placement',
  'router-ws',
  'net-ws',
  'net-tcp',
  'nats',
] as const;

function runChild(section: string): Promise<Row[]> {
  const script = fileURLToPath(new URL(`./${section}.js`, import.meta.url));
  return new Promise((resolve, reject) => {
    let rows: Row[] = [];
    const child = fork(script, [], { execArgv: ['--expose-gc', '--enable-source-maps'] });
    child.on('message', (message) => (rows = (message as { rows: Row[] }).rows));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(rows) : reject(new Error(`bench section ${section} exited ${code}`)),
    );
  });
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
}

function summary(rows: readonly Row[]): string {
  const header = ['benchmark', 'ours (median)', 'anchor', 'anchor (median)', 'ratio', 'target', ''];
  const lines = rows.map((r) => [
    r.name,
    formatValue(r.ours.median, r.unit),
    r.anchorName,
    formatValue(r.anchor.median, r.unit),
    `${ratioOf(r).toPrecision(3)}x`,
    describeTarget(r),
    verdict(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines].map((l) => pad(l, widths).trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(
    `ginsfsm bench: node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}`,
  );
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('each figure: median [min–max] of the recorded repetitions after one warm-up');
  const rows: Row[] = [];
  for (const section of SECTIONS) {
    const t0 = Date.now();
    try {
      rows.push(...(await runChild(section)));
      console.log(`  (${section}: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (error) {
      console.error(`\n${String(error)}`);
      process.exitCode = 1;
    }
  }
  const load = loadavg()[0]!.toFixed(2);
  console.log(`\n== Summary (${((Date.now() - started) / 1000).toFixed(0)} s, load ${load})\n`);
  console.log(summary(rows));
  const below = rows.filter((r) => verdict(r) === 'BELOW TARGET').length;
  console.log(`\n${below === 0 ? 'every target met' : `${below} figure(s) BELOW TARGET`}`);
}

await main();
