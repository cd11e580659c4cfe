/**
 * One run of section 11 in a process of its own (`timers-fire.ts` starts one per run, see
 * `measureInProcesses`): `ours` (`gaplic.addTimeout` on a started gaplic) or `node`
 * (`setTimeout`), 1M timers with the same seeded delays, a warm-up of a tenth first.
 */
import process from 'node:process';
import { GAplic, silentLogger } from '../src/index.js';
import { cpuMs, sendSample, within } from './harness-async.js';
import { heapAfterGc, scaled, type Sample } from './harness.js';
import { random } from './random.js';

const [side, n] = [process.argv[2], Number(process.argv[3])];
const MAX_DELAY_MS = 2_000;

const next = random(0x2545f491);
const delaysMs = Int32Array.from({ length: n }, () => Math.floor(next() * (MAX_DELAY_MS + 1)));

/** Schedules n timers through `schedule` and waits for the last one to fire. */
async function fireAll(
  n: number,
  schedule: (delayMs: number, callback: () => void) => void,
): Promise<Sample> {
  heapAfterGc(); // the previous run's garbage is not charged to this one
  let fired = 0;
  let cpu = 0;
  let wall = 0;
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const last = new Promise<void>((resolve) => {
    const callback = (): void => {
      if (++fired < n) return;
      cpu = cpuMs() - cpu0;
      wall = performance.now() - t0;
      resolve();
    };
    for (let i = 0; i < n; i++) schedule(delaysMs[i]!, callback);
  });
  await within(MAX_DELAY_MS + 60_000, () => `${n - fired} of ${n} timers did not fire`, last);
  return { cpu, wall };
}

async function oursRun(count: number): Promise<Sample> {
  const gaplic = new GAplic({ logger: silentLogger });
  const stopped = gaplic.start();
  const sample = await fireAll(count, (ms, cb) => gaplic.addTimeout(ms / 1000, cb));
  if (gaplic.timerCount !== 0) throw new Error(`${gaplic.timerCount} timers left`);
  gaplic.stop();
  await stopped;
  return sample;
}

function nodeRun(count: number): Promise<Sample> {
  return fireAll(count, (ms, cb) => setTimeout(cb, ms));
}

const run = side === 'ours' ? oursRun : side === 'node' ? nodeRun : null;
if (run === null || !(n > 0)) throw new Error('usage: timers-fire-side ours|node N');
await run(scaled(n, 0.1));
sendSample(await run(n));
