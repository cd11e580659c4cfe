/**
 * 6. 1,000,000 timers with delays 0–10 s (a seeded random integer of ms each) through
 * `gaplic.addTimeout` on a started gaplic with the real clock, all cancelled with
 * `removeTimeout`; against `setTimeout` / `clearTimeout` with the same delays and the
 * same shared callback. Figures: time to schedule, time to cancel (creation order),
 * total, and the heap held by the pending timers (the handle arrays are allocated
 * before the baseline, so they are not counted). Cancelling in random order is printed
 * for reference. No timer fires: everything is cancelled before the loop turns.
 */
import { GAplic, silentLogger, type TimerHandle } from '../src/index.js';
import { heapAfterGc, measure, row, runSection, scaled, timeMs, type Sample } from './harness.js';
import { random } from './random.js';

const N = 1_000_000;
const MAX_DELAY_MS = 10_000;
const REPS = 3;

const next = random(0x9e3779b9);
const delaysMs = Int32Array.from({ length: N }, () => Math.floor(next() * (MAX_DELAY_MS + 1)));
const randomOrder = Int32Array.from({ length: N }, (_, i) => i);
for (let i = N - 1; i > 0; i--) {
  const j = Math.floor(next() * (i + 1));
  [randomOrder[i], randomOrder[j]] = [randomOrder[j]!, randomOrder[i]!];
}

let fired = 0;
const callback = (): void => {
  fired++;
};

/** One timer API under test; `handles` is allocated once, before any heap baseline. */
interface TimerApi<H> {
  readonly handles: (H | null)[];
  schedule(i: number): H;
  cancel(handle: H): void;
}

function filled<H>(): (H | null)[] {
  const list: (H | null)[] = [];
  for (let i = 0; i < N; i++) list.push(null);
  return list;
}

/** Schedules and cancels `n` timers (N when recorded): times in ms, heap in bytes/timer. */
function run<H>(api: TimerApi<H>, n: number): Sample {
  const { handles } = api;
  const before = heapAfterGc();
  const schedule = timeMs(() => {
    for (let i = 0; i < n; i++) handles[i] = api.schedule(i);
  });
  const heap = (heapAfterGc() - before) / n;
  const cancel = timeMs(() => {
    for (let i = 0; i < n; i++) api.cancel(handles[i]!);
  });
  for (let i = 0; i < n; i++) handles[i] = api.schedule(i);
  const cancelRandom = timeMs(() => {
    for (let i = 0; i < N; i++) {
      const j = randomOrder[i]!;
      if (j < n) api.cancel(handles[j]!);
    }
  });
  handles.fill(null);
  return { schedule, cancel, total: schedule + cancel, heap, cancelRandom };
}

runSection('6. 1,000,000 timers', () => {
  const gaplic = new GAplic({ logger: silentLogger });
  const stopped = gaplic.start();
  const ours: TimerApi<TimerHandle> = {
    handles: filled(),
    schedule: (i) => gaplic.addTimeout(delaysMs[i]! / 1000, callback),
    cancel: (handle) => gaplic.removeTimeout(handle),
  };
  const node: TimerApi<NodeJS.Timeout> = {
    handles: filled(),
    schedule: (i) => setTimeout(callback, delaysMs[i]),
    cancel: (handle) => clearTimeout(handle),
  };

  const m = measure(REPS, {
    ours: (s) => run(ours, scaled(N, s)),
    node: (s) => run(node, scaled(N, s)),
  });
  if (gaplic.timerCount !== 0 || fired !== 0) throw new Error('timers left or fired');
  gaplic.stop();
  void stopped;

  const faster = { kind: 'ratio<', value: 1 } as const;
  const o = m.ours;
  const n = m.node;
  return [
    row('1M timers: schedule', 'ms', o.schedule!, 'setTimeout', n.schedule!, faster),
    row('1M timers: cancel (creation order)', 'ms', o.cancel!, 'clearTimeout', n.cancel!, faster),
    row('1M timers: total', 'ms', o.total!, 'setTimeout+clearTimeout', n.total!, faster),
    row('1M timers: heap per pending timer', 'B', o.heap!, 'Node Timeout', n.heap!, faster),
    row(
      '1M timers: cancel (random order)',
      'ms',
      o.cancelRandom!,
      'clearTimeout',
      n.cancelRandom!,
      null,
    ),
  ];
});
