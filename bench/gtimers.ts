/**
 * 12. 100,000 periodic GTimers at 1 s, each a GTimer child of one counting parent
 * (armed with EV_SET_TIMER {seconds: 1, autostart: true}), on the real clock until each
 * has fired 3 times (~3 s): process CPU ms per second of wall time, against 100,000
 * `setInterval(…, 1000)` counting the same way; each run in a process of its own
 * (`gtimers-side.ts`). Then the heap per GTimer child, idle
 * and armed (unstarted gaplic: nothing fires), against a `setInterval` handle.
 */
import { GAplic, GTimer, silentLogger } from '../src/index.js';
import { TimeoutCounter as Counter } from './fixtures.js';
import { measureInProcesses } from './harness-async.js';
import { heapAfterGc, measure, row, runSection, scaled, type Sample } from './harness.js';

const N = 100_000;
const FIRES = 3;
const REPS = 3;

/** Bytes per GTimer child, idle then armed; arrays are allocated before the baseline. */
function oursHeap(n: number): Sample {
  const gaplic = new GAplic({ logger: silentLogger });
  const counter = gaplic.createGObj('counter', Counter, gaplic);
  const timers = new Array<GTimer | null>(n).fill(null);
  const before = heapAfterGc();
  for (let i = 0; i < n; i++) timers[i] = gaplic.createGObj(null, GTimer, counter);
  const idle = (heapAfterGc() - before) / n;
  for (const timer of timers) {
    gaplic.sendEvent(timer!, 'EV_SET_TIMER', { seconds: 1, autostart: true });
  }
  const armed = (heapAfterGc() - before) / n;
  if (gaplic.timerCount !== n || !timers.every((t) => t!.armed)) throw new Error('not armed');
  return { idle, armed };
}

function nodeHeap(n: number): Sample {
  const handles = new Array<NodeJS.Timeout | null>(n).fill(null);
  const noop = (): void => {};
  const before = heapAfterGc();
  for (let i = 0; i < n; i++) handles[i] = setInterval(noop, 1000);
  const bytes = (heapAfterGc() - before) / n;
  for (const handle of handles) clearInterval(handle!);
  return { bytes };
}

runSection('12. 100,000 periodic GTimers at 1 s', async () => {
  const p = await measureInProcesses(
    REPS,
    { ours: './gtimers-side.js', node: './gtimers-side.js' },
    [String(N), String(FIRES)],
    (FIRES + 20) * 1000,
  );
  const h = measure(REPS, {
    ours: (s) => oursHeap(scaled(N, s)),
    node: (s) => nodeHeap(scaled(N, s)),
  });

  const cpu = { kind: 'ratio<', value: 1.5 } as const;
  const double = { kind: 'ratio<', value: 2 } as const;
  const interval = 'setInterval, 1000 ms';
  return [
    row(
      '100k GTimers at 1 s: CPU ms per wall second',
      'ms',
      p.ours.cpuPerS!,
      interval,
      p.node.cpuPerS!,
      cpu,
    ),
    row(
      '100k GTimers at 1 s: ticks per second',
      'tick/s',
      p.ours.ticksPerS!,
      interval,
      p.node.ticksPerS!,
      null,
    ),
    row(
      'heap per GTimer child, idle',
      'B',
      h.ours.idle!,
      'setInterval handle',
      h.node.bytes!,
      double,
    ),
    row(
      'heap per GTimer child, armed',
      'B',
      h.ours.armed!,
      'setInterval handle',
      h.node.bytes!,
      double,
    ),
  ];
});
