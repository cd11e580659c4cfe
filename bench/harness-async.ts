/**
 * The asynchronous side of the harness, for sections that run on the real clock (timers
 * that fire, queues drained by `setImmediate`): the same warm-up and alternation as
 * `measure`, a deadline so that work that never completes throws instead of hanging,
 * and process CPU time.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { summarize, type Sample, type Stat } from './harness.js';

/** An asynchronous measured function; `scale` is 0.1 for the warm-up and 1 for recorded runs. */
export type AsyncRun = (scale: number) => Promise<Sample>;

/** `measure` for asynchronous functions: one warm-up each, then `reps` alternating rounds. */
export async function measureAsync<K extends string>(
  reps: number,
  runs: Record<K, AsyncRun>,
): Promise<Record<K, Record<string, Stat>>> {
  const names = Object.keys(runs) as K[];
  for (const name of names) await runs[name](0.1);
  const samples = new Map<K, Sample[]>(names.map((name) => [name, []]));
  for (let r = 0; r < reps; r++) {
    for (const name of names) samples.get(name)!.push(await runs[name](1));
  }
  return summarize(samples);
}

/**
 * `measureAsync` with every run in a fresh process: `sides[name]` is the module (beside
 * this one, compiled) that makes one run of `name` with `args` and sends its Sample back
 * (`sendSample`). For CPU figures of sections whose two sides would otherwise charge each
 * other: what one leaves (garbage to sweep, a grown heap) is paid on GC threads, counted
 * in process CPU, during the other's window.
 */
export async function measureInProcesses<K extends string>(
  reps: number,
  sides: Record<K, string>,
  args: readonly string[],
  timeoutMs: number,
): Promise<Record<K, Record<string, Stat>>> {
  const names = Object.keys(sides) as K[];
  const samples = new Map<K, Sample[]>(names.map((name) => [name, []]));
  for (let r = 0; r < reps; r++) {
    for (const name of names) {
      samples.get(name)!.push(await runInProcess(sides[name], [name, ...args], timeoutMs));
    }
  }
  return summarize(samples);
}

function runInProcess(module: string, args: readonly string[], timeoutMs: number): Promise<Sample> {
  const path = fileURLToPath(new URL(module, import.meta.url));
  const child = fork(path, [...args], { execArgv: ['--expose-gc', '--enable-source-maps'] });
  const sample = new Promise<Sample>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Sample));
    child.once('exit', (code) =>
      reject(new Error(`${module} ${args.join(' ')} exited with ${code}`)),
    );
  });
  return within(timeoutMs, () => `${module} ${args.join(' ')} did not answer`, sample);
}

/** In a side module of `measureInProcesses`: sends the run's Sample and lets the process end. */
export function sendSample(sample: Sample): void {
  process.send!(sample);
  process.disconnect();
}

/** Process CPU time (user + system, every thread: GC helpers included) in milliseconds. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * `promise`, or a rejection saying `what` (a function: read when the time is up, so it
 * can count what was done) if it has not settled within `ms`.
 */
export function within<T>(ms: number, what: () => string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what()} (not done within ${ms} ms)`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A full collection (the bench runs with `--expose-gc`; without it, nothing). */
export function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Resolves after the pending I/O callbacks of this turn of the loop. */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Resolves once `condition` holds, checked after each turn of I/O. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await yieldToIo();
}

/** The `p` quantile (0–1) of `values` (not modified). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
