/**
 * What the stress client prints: a progress bar on a terminal (redrawn in place), plain
 * lines at each tenth otherwise (a log, a pipe, a test), and the final table.
 */
import type { StressResult } from './stress.js';

const BAR = 30;

/** Draws the progress; returns the function to call with each new count. */
export function progress(total: number, tty: boolean, write: (text: string) => void) {
  let shownTenth = 0;
  const startedAt = Date.now();
  return (done: number, final = false): void => {
    if (tty) {
      const filled = Math.round((done / total) * BAR);
      const seconds = (Date.now() - startedAt) / 1000;
      const rate = seconds > 0 ? Math.round(done / seconds) : 0;
      write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${percent(done, total)} ${done}/${total} messages, ${rate} msg/s${final ? '\n' : ''}`,
      );
      return;
    }
    const tenth = Math.floor((done / total) * 10);
    for (; shownTenth < tenth; shownTenth++) {
      write(
        `progress: ${(shownTenth + 1) * 10}% (${Math.round(((shownTenth + 1) * total) / 10)}/${total} messages)\n`,
      );
    }
  };
}

function percent(done: number, total: number): string {
  return `${String(Math.floor((done / total) * 100)).padStart(3)}%`;
}

/** The p-th percentile (0..100) of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, rank)]!;
}

/** The final table. */
export function table(result: StressResult): string {
  const { connections, messages, size, seconds, latencies } = result;
  const done = latencies.length;
  const rate = done / seconds;
  const mbps = (rate * size * 2) / 1e6;
  const ms = (p: number): string => percentile(latencies, p).toFixed(3);
  const rows: [string, string][] = [
    ['connections', String(connections)],
    [
      'messages',
      `${done} of ${connections * messages} (${connections} × ${messages}), ${size} bytes each`,
    ],
    ['duration', `${seconds.toFixed(3)} s`],
    ['throughput', `${Math.round(rate)} msg/s, ${mbps.toFixed(2)} MB/s (both ways)`],
    ['latency ms', `p50 ${ms(50)}  p90 ${ms(90)}  p99 ${ms(99)}  max ${ms(100)}`],
    [
      'errors',
      `${result.errors} bytes not echoed as sent, ${result.failed.length} connections cut short`,
    ],
  ];
  return rows.map(([name, value]) => `${name.padEnd(12)} ${value}`).join('\n') + '\n';
}
