/**
 * Figures at growing sizes (1k, 16k, 100k) for the publish/subscribe scale sections, with
 * a time guard: a quadratic implementation would need minutes at 100k, so when one
 * repetition at a size takes longer than GUARD_MS the larger sizes are skipped (and a
 * row says so) and that size keeps its one repetition.
 *
 * Rows: per size and figure, our total time beside the anchor's (ratio reported); per
 * figure, our per-call cost at the largest size run beside ours at 1k (target < 3x:
 * O(1) amortised per call).
 */
import { heapAfterGc, row, stat, timeMs, type Row, type Sample, type Stat } from './harness.js';

export const SIZES = [1_000, 16_000, 100_000] as const;
const REPS = 3;
const GUARD_MS = 5_000;

/** One figure (a time in ms in the samples of both sides) and how its rows name it. */
export interface Figure {
  readonly key: string;
  readonly ours: string;
  readonly anchor: string;
}

/** A side of the comparison: does the work for `n` subscribers, returns its times in ms. */
export type Side = (n: number) => Sample;

function label(n: number): string {
  return n >= 1000 ? `${n / 1000}k` : String(n);
}

interface Measured {
  readonly n: number;
  readonly ours: Sample[];
  readonly anchor: Sample[];
}

function perCall(samples: readonly Sample[], key: string, n: number): Stat {
  return stat(samples.map((s) => (s[key]! * 1000) / n));
}

/** Runs both sides at each size (ours first, alternating), under the time guard. */
function runSizes(figures: readonly Figure[], ours: Side, anchor: Side) {
  ours(SIZES[0] / 10); // warm-up
  anchor(SIZES[0] / 10);
  const measured: Measured[] = [];
  let slow: Stat | null = null;
  for (const n of SIZES) {
    const m: Measured = { n, ours: [], anchor: [] };
    const repMs: number[] = [];
    for (let r = 0; r < REPS && slow === null; r++) {
      heapAfterGc(); // the previous repetition's garbage is not charged to this one
      repMs.push(timeMs(() => m.ours.push(ours(n))));
      heapAfterGc();
      m.anchor.push(anchor(n));
      if (repMs[r]! > GUARD_MS) slow = stat(repMs);
    }
    measured.push(m);
    const calls = figures.map(
      (f) =>
        `${f.ours} ${perCall(m.ours, f.key, n).median.toPrecision(3)} µs, ` +
        `${f.anchor} ${perCall(m.anchor, f.key, n).median.toPrecision(3)} µs`,
    );
    console.log(`  per call at ${label(n)}: ${calls.join('; ')}`);
    if (slow !== null) break;
  }
  return { measured, slow };
}

/** The rows of a scale section (see the module comment). */
export function scaleRows(
  title: string,
  figures: readonly Figure[],
  ours: Side,
  anchor: Side,
): Row[] {
  const { measured, slow } = runSizes(figures, ours, anchor);
  const rows: Row[] = [];
  for (const m of measured) {
    for (const f of figures) {
      const o = stat(m.ours.map((s) => s[f.key]!));
      const a = stat(m.anchor.map((s) => s[f.key]!));
      rows.push(row(`${f.ours} ${label(m.n)}`, 'ms', o, f.anchor, a, null));
    }
  }
  const last = measured[measured.length - 1]!;
  const skipped = SIZES.filter((n) => n > last.n);
  if (slow !== null && skipped.length > 0) {
    const guard: Stat = { median: GUARD_MS, min: GUARD_MS, max: GUARD_MS };
    const name = `${title} ${skipped.map(label).join(', ')}: skipped (quadratic)`;
    rows.push(
      row(name, 'ms', slow, `time guard per ${label(last.n)} repetition`, guard, {
        kind: 'ratio<',
        value: 1,
      }),
    );
  }
  const first = measured[0]!;
  const suffix = skipped.length > 0 ? ` (${skipped.map(label).join(', ')} skipped)` : '';
  for (const f of figures) {
    rows.push(
      row(
        `${f.ours} per call ${label(last.n)} vs ${label(first.n)}${suffix}`,
        'µs',
        perCall(last.ours, f.key, last.n),
        `ours per call at ${label(first.n)}`,
        perCall(first.ours, f.key, first.n),
        { kind: 'ratio<', value: 3 },
      ),
    );
  }
  return rows;
}
