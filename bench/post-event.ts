/**
 * 2. `postEvent` through the gaplic queue: post CHUNK events to the toggle gobj, drain
 * them with `runOnce()` loops (default batch size), repeat up to N; against the raw Map
 * table dispatching the same events directly (payload allocated per event).
 */
import { GAplic, silentLogger } from '../src/index.js';
import { TableObj, Toggle, tableDispatch } from './fixtures.js';
import { measure, rate, row, runSection, scaled } from './harness.js';

const N = 2_000_000;
const CHUNK = 10_000;
const REPS = 5;

runSection('2. postEvent', () => {
  const gaplic = new GAplic({ logger: silentLogger });
  const toggle = gaplic.createGObj('toggle', Toggle, gaplic);
  const obj = new TableObj();

  const m = measure(REPS, {
    ours: (s) => ({
      rate: rate(scaled(N, s), (n) => {
        for (let done = 0; done < n; done += CHUNK) {
          for (let i = 0; i < CHUNK; i++) gaplic.postEvent(toggle, 'EV_TOGGLE', { n: done + i });
          while (gaplic.runOnce());
        }
      }),
    }),
    table: (s) => ({
      rate: rate(scaled(N, s), (n) => {
        for (let i = 0; i < n; i++) tableDispatch(obj, 'EV_TOGGLE', { n: i });
      }),
    }),
  });
  if (toggle.count !== obj.count || gaplic.queueLength !== 0) {
    throw new Error('the posted events were not all delivered');
  }

  return [
    row('postEvent + runOnce drain', 'ev/s', m.ours.rate!, 'Map dispatch table', m.table.rate!, {
      kind: 'ratio>=',
      value: 0.3,
    }),
  ];
});
