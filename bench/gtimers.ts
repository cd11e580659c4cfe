/**
 * 12. 100,000 periodic GTimers at 1 s, each a GTimer child of one counting parent
 * (armed with EV_SET_TIMER {seconds: 1, autostart: true}), on the real clock until each
 * has fired 3 times (~3 s): process CPU ms per second of wall time, against 100,000
 * `setInterval(…, 1000)` counting the same way. Then the heap per GTimer child, idle
 * and armed (unstarted gaplic: nothing fires), against a `setInterval` handle.
 */
import { GAplic, GObj, GTimer, silentLogger } from '../src/index.js';
import { cpuMs, measureAsync, within } from './harness-async.js';
import { heapAfterGc, measure, row, runSection, scaled, type Sample } from './harness.js';

const N = 100_000;
const FIRES = 3;
const REPS = 3;

function acTimeout(gobj: Counter): void {
  gobj.tick();
}

const counterFsm = {
  eventList: ['EV_TIMEOUT: input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_TIMEOUT', acTimeout, null]] },
} as const;

/** The parent of the GTimers: each EV_TIMEOUT it receives (posted by a GTimer) is a tick. */
class Counter extends GObj<typeof counterFsm> {
  static override fsm = counterFsm;
  tick: () => void = () => {};
}

/**
 * Counts ticks from now until `target`; resolves with the CPU ms per wall second and
 * the ticks per second of that window. Throws unless about `n` ticks arrive per second.
 */
function tickWindow(n: number, fires: number): { tick: () => void; done: Promise<Sample> } {
  const target = n * fires;
  let count = 0;
  let resolve: (sample: Sample) => void = () => {};
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const reached = new Promise<Sample>((r) => (resolve = r));
  const tick = (): void => {
    if (++count !== target) return;
    const seconds = (performance.now() - t0) / 1000;
    resolve({ cpuPerS: (cpuMs() - cpu0) / seconds, ticksPerS: count / seconds });
  };
  const done = within(
    (fires + 5) * 1000,
    () => `${count} of ${target} ticks arrived`,
    reached,
  ).then((s) => {
    if (s.ticksPerS! < n / 2 || s.ticksPerS! > n * 2) {
      throw new Error(`${Math.round(s.ticksPerS!)} ticks per second, expected about ${n}`);
    }
    return s;
  });
  return { tick, done };
}

async function oursPeriodic(n: number, fires: number): Promise<Sample> {
  const gaplic = new GAplic({ logger: silentLogger });
  const stopped = gaplic.start();
  const counter = gaplic.createGObj('counter', Counter, gaplic);
  const timers: GTimer[] = [];
  for (let i = 0; i < n; i++) timers.push(gaplic.createGObj(null, GTimer, counter));
  for (const timer of timers) {
    gaplic.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1, autostart: true });
  }
  heapAfterGc(); // the setup's garbage is not charged to the window
  const w = tickWindow(n, fires);
  counter.tick = w.tick;
  const sample = await w.done;
  gaplic.destroyGObj(counter);
  if (gaplic.timerCount !== 0) throw new Error(`${gaplic.timerCount} timers left`);
  gaplic.stop();
  await stopped;
  return sample;
}

async function nodePeriodic(n: number, fires: number): Promise<Sample> {
  let tick = (): void => {};
  const callback = (): void => tick();
  const handles: NodeJS.Timeout[] = [];
  for (let i = 0; i < n; i++) handles.push(setInterval(callback, 1000));
  heapAfterGc();
  const w = tickWindow(n, fires);
  tick = w.tick;
  const sample = await w.done;
  for (const handle of handles) clearInterval(handle);
  return sample;
}

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
  // The warm-up fires once (1 s) instead of FIRES times.
  const fires = (s: number): number => (s < 1 ? 1 : FIRES);
  const p = await measureAsync(REPS, {
    ours: (s) => oursPeriodic(scaled(N, s), fires(s)),
    node: (s) => nodePeriodic(scaled(N, s), fires(s)),
  });
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
