/**
 * 11. 1,000,000 one-shot timers that fire, with delays uniformly 0–2 s (seeded integers
 * of ms), on the real clock: `gaplic.addTimeout` on a started gaplic against
 * `setTimeout` with the same delays and one shared counting callback. Figure: process
 * CPU time (user + system) from the first schedule to the last fire; the wall time to
 * the last fire is printed for reference.
 */
import { GAplic, silentLogger } from '../src/index.js';
import { cpuMs, measureAsync, within } from './harness-async.js';
import { heapAfterGc, row, runSection, scaled, type Sample } from './harness.js';
import { random } from './random.js';

const N = 1_000_000;
const MAX_DELAY_MS = 2_000;
const REPS = 3;

const next = random(0x2545f491);
const delaysMs = Int32Array.from({ length: N }, () => Math.floor(next() * (MAX_DELAY_MS + 1)));

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

runSection('11. 1,000,000 timers fired (0–2 s)', async () => {
  const gaplic = new GAplic({ logger: silentLogger });
  const stopped = gaplic.start();
  const m = await measureAsync(REPS, {
    ours: (s) => fireAll(scaled(N, s), (ms, cb) => gaplic.addTimeout(ms / 1000, cb)),
    node: (s) => fireAll(scaled(N, s), (ms, cb) => setTimeout(cb, ms)),
  });
  if (gaplic.timerCount !== 0) throw new Error(`${gaplic.timerCount} timers left`);
  gaplic.stop();
  await stopped;

  return [
    row('1M timers fired (0–2 s): CPU', 'ms', m.ours.cpu!, 'setTimeout', m.node.cpu!, {
      kind: 'ratio<',
      value: 1,
    }),
    row(
      '1M timers fired: wall time to the last',
      'ms',
      m.ours.wall!,
      'setTimeout',
      m.node.wall!,
      null,
    ),
  ];
});
