/**
 * One side of section 12's CPU figure, in a process of its own (`gtimers.ts` forks one per
 * run): `ours` (100,000 periodic GTimer children) or `node` (100,000 `setInterval`), a
 * warm-up of a tenth, then the measured run; the sample goes back by IPC. In one process
 * the two sides charged each other: what one left (garbage to sweep, a grown heap) was
 * paid, on GC threads, in the other's CPU window, so the ratio moved with the order of
 * the runs (1.1x to 3x for the same build).
 */
import process from 'node:process';
import { GAplic, GTimer, silentLogger } from '../src/index.js';
import { TimeoutCounter as Counter } from './fixtures.js';
import { cpuMs, sendSample, within } from './harness-async.js';
import { heapAfterGc, scaled, type Sample } from './harness.js';

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

const [side, n, fires] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const run = side === 'ours' ? oursPeriodic : side === 'node' ? nodePeriodic : null;
if (run === null || !(n > 0) || !(fires > 0))
  throw new Error(`usage: gtimers-side ours|node N FIRES`);
await run(scaled(n, 0.1), 1);
sendSample(await run(n, fires));
