/**
 * 4. `createGObj` + `destroyGObj` of the small toggle gclass as a child of the gaplic,
 * against XState `createActor(machine)` + `start()` + `stop()`: full lifecycles per second.
 */
import { createActor } from 'xstate';
import { GAplic, silentLogger } from '../src/index.js';
import { Toggle, xToggle } from './fixtures.js';
import { measure, rate, row, runSection, scaled } from './harness.js';

const N = 500_000;
const N_XSTATE = 50_000;
const REPS = 5;

runSection('4. createGObj + destroyGObj', () => {
  const gaplic = new GAplic({ logger: silentLogger });

  const m = measure(REPS, {
    ours: (s) => ({
      rate: rate(scaled(N, s), (n) => {
        for (let i = 0; i < n; i++) gaplic.destroyGObj(gaplic.createGObj(null, Toggle, gaplic));
      }),
    }),
    xstate: (s) => ({
      rate: rate(scaled(N_XSTATE, s), (n) => {
        for (let i = 0; i < n; i++) createActor(xToggle).start().stop();
      }),
    }),
  });
  if (gaplic.children.length !== 0) throw new Error('children left behind');

  return [
    row(
      'createGObj + destroyGObj',
      'op/s',
      m.ours.rate!,
      'XState createActor+start+stop',
      m.xstate.rate!,
      { kind: 'ratio>=', value: 10 },
    ),
  ];
});
