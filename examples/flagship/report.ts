/**
 * What the flagship prints: a progress line per interval and the final table. Plain lines
 * (no cursor movement), so that a terminal, a log file and a pipe show the same thing.
 */
import type { RouteInfo } from '../../src/node.js';
import type { EchoStats, StressProgress, StressReport } from './messages.js';

/** What the final table is made of. */
export interface FinalFigures {
  /** Stress's report, or its last progress when the demo was stopped before the end. */
  readonly stress: StressReport | StressProgress | null;
  /** Echo's figures after the run (or its last broadcast ones). */
  readonly echo: EchoStats | null;
  /** The main gaplic's routes, one per worker. */
  readonly routes: readonly RouteInfo[];
}

const BAR = 16;

export const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => `${n.toFixed(2)} ms`;

/** `   1.5 s [#####...........]  31%   31,250/100,000   21,874/s   p50 1.62 ms  p99 ...`. */
export function progressLine(p: StressProgress): string {
  const elapsed = `${p.elapsed.toFixed(1)} s`.padStart(8);
  const latency = `p50 ${ms(p.latencyMs.p50).padStart(8)}  p99 ${ms(p.latencyMs.p99).padStart(9)}`;
  const tail = `${count(p.rate).padStart(7)}/s  ${latency}  ${p.open} open`;
  if (p.total === 0) return `${elapsed}   ${count(p.done).padStart(11)} round trips  ${tail}`;
  const filled = Math.round((p.done / p.total) * BAR);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}]`;
  const percent = `${Math.floor((p.done / p.total) * 100)}%`.padStart(4);
  const done = `${count(p.done).padStart(count(p.total).length)}/${count(p.total)}`;
  return `${elapsed} ${bar} ${percent}  ${done}  ${tail}`;
}

/** The table printed when the demo ends (by itself, or stopped by a signal). */
export function finalTable(f: FinalFigures): string {
  const { stress, echo } = f;
  if (stress === null) return 'flagship: stopped before Stress started\n';
  const report = 'rounds' in stress ? stress : null;
  const head =
    report !== null
      ? `flagship: done in ${stress.elapsed.toFixed(2)} s`
      : `flagship: stopped after ${stress.elapsed.toFixed(2)} s (figures of the last progress)`;
  const rows: [string, string][] = [];
  if (report !== null) {
    rows.push([
      'round trips',
      `${count(report.done)} of ${count(report.total)} (${count(report.connections)} connections × ${count(report.rounds)}), ${count(report.size)} bytes each`,
    ]);
    rows.push([
      'throughput',
      `${count(report.rate)} round trips/s, ${((report.rate * report.size * 2) / 1e6).toFixed(2)} MB/s both ways`,
    ]);
  } else {
    rows.push(['round trips', `${count(stress.done)} (${count(stress.connections)} connections)`]);
    const rate = stress.elapsed > 0 ? stress.done / stress.elapsed : 0;
    rows.push(['throughput', `${count(rate)} round trips/s`]);
  }
  const { p50, p90, p99, max } = stress.latencyMs;
  rows.push(['latency', `p50 ${ms(p50)}   p90 ${ms(p90)}   p99 ${ms(p99)}   max ${ms(max)}`]);
  if (echo !== null) rows.push(['echoed by Echo', echoed(echo, report)]);
  const lost = report === null ? '' : `, ${count(report.lost)} lost`;
  const cut = report === null ? '' : `, ${count(report.cutShort)} connections cut short`;
  rows.push(['errors', `${count(stress.errors)} bytes not echoed as sent${lost}${cut}`]);
  if (f.routes.length > 0) {
    rows.push([
      'events',
      f.routes
        .map(
          (r) =>
            `Demo ⇄ ${r.name}: ${count(r.counters.sent)} sent, ${count(r.counters.received)} received`,
        )
        .join('   '),
    ]);
  }
  return `${head}\n${rows.map(([name, value]) => `  ${name.padEnd(15)} ${value}`).join('\n')}\n`;
}

function echoed(echo: EchoStats, report: StressReport | null): string {
  const bytes = `${count(echo.bytes)} bytes to ${count(echo.accepted)} connections`;
  if (report === null) return bytes;
  const expected = report.done * report.size;
  return echo.bytes === expected
    ? `${bytes} = ${count(report.done)} × ${count(report.size)}: every message came back`
    : `${bytes}, ${count(expected)} expected`;
}
