/**
 * 11. 1,000,000 one-shot timers that fire, with delays uniformly 0–2 s (seeded integers
 * of ms), on the real clock: `gaplic.addTimeout` on a started gaplic against
 * `setTimeout` with the same delays and one shared counting callback. Figure: process
 * CPU time (user + system) from the first schedule to the last fire; the wall time to
 * the last fire is printed for reference. Each run has a process of its own
 * (`timers-fire-side.ts`), so neither side pays for the other's garbage.
 */
import { measureInProcesses } from './harness-async.js';
import { row, runSection } from './harness.js';

const N = 1_000_000;
const MAX_DELAY_MS = 2_000;
const REPS = 3;

runSection('11. 1,000,000 timers fired (0–2 s)', async () => {
  const m = await measureInProcesses(
    REPS,
    { ours: './timers-fire-side.js', node: './timers-fire-side.js' },
    [String(N)],
    MAX_DELAY_MS + 60_000,
  );

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
