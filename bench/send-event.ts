/**
 * 1. `sendEvent` on the two-state toggle gclass, kw `{n: i}` allocated per event, against
 * the hand-written Map table doing the same work (same payload allocated per event), the
 * table without that allocation (reference), and XState v5 `actor.send`.
 */
import { createActor } from 'xstate';
import { GAplic, silentLogger } from '../src/index.js';
import { TableObj, Toggle, tableDispatch, xToggle } from './fixtures.js';
import { measure, rate, row, runSection, scaled } from './harness.js';

const N = 5_000_000;
const N_XSTATE = 200_000;
const REPS = 5;

runSection('1. sendEvent', () => {
  const gaplic = new GAplic({ logger: silentLogger });
  const toggle = gaplic.createGObj('toggle', Toggle, gaplic);
  const obj = new TableObj();
  const shared = { n: 0 };
  const actor = createActor(xToggle).start();

  const m = measure(REPS, {
    ours: (s) => ({
      rate: rate(scaled(N, s), (n) => {
        for (let i = 0; i < n; i++) gaplic.sendEvent(toggle, 'EV_TOGGLE', { n: i });
      }),
    }),
    table: (s) => ({
      rate: rate(scaled(N, s), (n) => {
        for (let i = 0; i < n; i++) tableDispatch(obj, 'EV_TOGGLE', { n: i });
      }),
    }),
    tableShared: (s) => ({
      rate: rate(scaled(N, s), (n) => {
        for (let i = 0; i < n; i++) tableDispatch(obj, 'EV_TOGGLE', shared);
      }),
    }),
    xstate: (s) => ({
      rate: rate(scaled(N_XSTATE, s), (n) => {
        for (let i = 0; i < n; i++) actor.send({ type: 'TOGGLE', n: i });
      }),
    }),
  });
  if (toggle.count !== obj.count / 2 || actor.getSnapshot().context.count === 0) {
    throw new Error('the toggles did not all run');
  }
  actor.stop();

  const name = 'sendEvent (2-state toggle)';
  return [
    row(name, 'ev/s', m.ours.rate!, 'Map dispatch table', m.table.rate!, {
      kind: 'ratio>=',
      value: 0.5,
    }),
    row(name, 'ev/s', m.ours.rate!, 'XState v5 actor.send', m.xstate.rate!, {
      kind: 'ratio>=',
      value: 50,
    }),
    row(
      name,
      'ev/s',
      m.ours.rate!,
      'Map table, no per-event allocation',
      m.tableShared.rate!,
      null,
    ),
  ];
});
