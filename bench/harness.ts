/**
 * The tiny shared harness of `npm run bench`: timing, median/min/max, rows that put our
 * figure beside its anchor measured in the same process, and the child side of the
 * protocol with `run.ts` (each section is a forked process that sends its rows back).
 *
 * Method: every measured function runs once as an unrecorded warm-up at a tenth of
 * its size, then `reps` recorded repetitions, ours and the anchor alternating (so drift of a shared host hits
 * both). A row gives the median and the [min–max] of the repetitions; its ratio is
 * ours.median / anchor.median. Benchmarks report; they never fail on a figure.
 */
import { performance } from 'node:perf_hooks';

/** Median, min and max of one figure over the recorded repetitions. */
export interface Stat {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** What a row's ratio (or our absolute figure) is checked against; `null` = reported only. */
export type Target =
  | { readonly kind: 'ratio>='; readonly value: number }
  | { readonly kind: 'ratio<'; readonly value: number }
  | { readonly kind: 'ours<'; readonly value: number };

/** One figure of ours beside one anchor. */
export interface Row {
  readonly name: string;
  /** 'ev/s', 'op/s', 'ms', 'B' ... rates are scaled (k, M) when printed. */
  readonly unit: string;
  readonly ours: Stat;
  readonly anchorName: string;
  readonly anchor: Stat;
  readonly target: Target | null;
}

/** The figures one run of a measured function gives (name → value). */
export type Sample = Record<string, number>;

/** A measured function; `scale` is 0.1 for the warm-up and 1 for recorded runs. */
export type Run = (scale: number) => Sample;

/** `n` operations at `scale` (at least 1). */
export function scaled(n: number, scale: number): number {
  return Math.max(1, Math.round(n * scale));
}

/** Runs `fn` and returns its duration in milliseconds. */
export function timeMs(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Runs `loop(n)` and returns operations per second. */
export function rate(n: number, loop: (n: number) => void): number {
  return n / (timeMs(() => loop(n)) / 1000);
}

/** Full garbage collection (the bench runs with `--expose-gc`), then `heapUsed` in bytes. */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  return process.memoryUsage().heapUsed;
}

export function stat(values: readonly number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/**
 * One warm-up of each function (scale 0.1), then `reps` rounds in which every function
 * runs once (scale 1), in order. Returns, per function and per figure, the Stat of the
 * recorded rounds.
 */
export function measure<K extends string>(
  reps: number,
  runs: Record<K, Run>,
): Record<K, Record<string, Stat>> {
  const names = Object.keys(runs) as K[];
  for (const name of names) runs[name](0.1);
  const samples = new Map<K, Sample[]>(names.map((name) => [name, []]));
  for (let r = 0; r < reps; r++) for (const name of names) samples.get(name)!.push(runs[name](1));
  return summarize(samples);
}

/** Per function and per figure, the Stat of its recorded samples. */
export function summarize<K extends string>(
  samples: ReadonlyMap<K, readonly Sample[]>,
): Record<K, Record<string, Stat>> {
  const out = {} as Record<K, Record<string, Stat>>;
  for (const [name, list] of samples) {
    const figures: Record<string, Stat> = {};
    for (const key of Object.keys(list[0]!)) figures[key] = stat(list.map((s) => s[key]!));
    out[name] = figures;
  }
  return out;
}

// ---- printing -------------------------------------------------------------------------

/** Rates are printed in k or M of their unit; other figures as plain numbers. */
function scaleOf(value: number, unit: string): { div: number; prefix: string } {
  if (!unit.endsWith('/s')) return { div: 1, prefix: '' };
  if (value >= 1e6) return { div: 1e6, prefix: 'M ' };
  if (value >= 1e3) return { div: 1e3, prefix: 'k ' };
  return { div: 1, prefix: '' };
}

function number(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}

/** `41.2 M ev/s`, `612 B`, `153 ms` */
export function formatValue(value: number, unit: string): string {
  const { div, prefix } = scaleOf(value, unit);
  return `${number(value / div)} ${prefix}${unit}`;
}

/** `41.2 M ev/s [40.1–42.0]` (min and max in the median's scale) */
function formatStat(s: Stat, unit: string): string {
  const { div } = scaleOf(s.median, unit);
  return `${formatValue(s.median, unit)} [${number(s.min / div)}–${number(s.max / div)}]`;
}

export function ratioOf(row: Row): number {
  return row.ours.median / row.anchor.median;
}

export function describeTarget(row: Row): string {
  const t = row.target;
  if (t === null) return 'reference';
  if (t.kind === 'ratio>=') return `target >= ${t.value}x`;
  if (t.kind === 'ratio<') return `target < ${t.value}x`;
  return `target ours < ${formatValue(t.value, row.unit)}`;
}

/** 'ok', 'BELOW TARGET', or '' for a reference row. */
export function verdict(row: Row): string {
  const t = row.target;
  if (t === null) return '';
  const ratio = ratioOf(row);
  const met =
    t.kind === 'ratio>='
      ? ratio >= t.value
      : t.kind === 'ratio<'
        ? ratio < t.value
        : row.ours.median < t.value;
  return met ? 'ok' : 'BELOW TARGET';
}

/** `name  ours X [min–max] | anchor Y [min–max] | 0.88x (target >= 0.5x) ok` */
export function formatRow(row: Row): string {
  const v = verdict(row);
  return (
    `${row.name}  ours ${formatStat(row.ours, row.unit)} | ${row.anchorName} ` +
    `${formatStat(row.anchor, row.unit)} | ${ratioOf(row).toPrecision(3)}x ` +
    `(${describeTarget(row)})${v === '' ? '' : ` ${v}`}`
  );
}

// ---- child side of the protocol -------------------------------------------------------

/** One row: our figure beside its anchor, with its target (`null`: reference only). */
export function row(
  name: string,
  unit: string,
  ours: Stat,
  anchorName: string,
  anchor: Stat,
  target: Target | null,
): Row {
  return { name, unit, ours, anchorName, anchor, target };
}

/**
 * Runs a section: prints each row as soon as the section returns (or its promise
 * resolves: sections on the real clock are asynchronous), and sends the rows to the
 * parent (`run.ts`) when forked. Run directly, a section just prints. A throw or a
 * rejection ends the process with exit code 1.
 */
export function runSection(title: string, body: () => Row[] | Promise<Row[]>): void {
  console.log(`\n== ${title} (pid ${process.pid})`);
  void Promise.resolve()
    .then(body)
    .then((rows) => {
      for (const row of rows) console.log(`  ${formatRow(row)}`);
      if (process.send !== undefined) process.send({ rows }, () => process.disconnect());
    });
}
