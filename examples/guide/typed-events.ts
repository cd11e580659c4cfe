// docs/guide.md, "Typed event data": the kw of each event, checked by the compiler.
import assert from 'node:assert/strict';
import { GAplic, GObj, checkFsm, type GConfigTemplate, type GEvent } from '../../src/index.js';

function acAdd(adder: Adder, event: GEvent<{ a: number; b: number }>): number {
  const sum = event.kw.a + event.kw.b;
  adder.broadcastEvent('EV_SUM', { sum });
  return sum;
}

const adderFsm = {
  eventList: ['EV_ADD: top input', 'EV_SUM: top output'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_ADD', acAdd, null]] },
} as const;

/** The kw of each event; events not listed take any kw. */
interface AdderEvents {
  readonly EV_ADD: { a: number; b: number };
  readonly EV_SUM: { sum: number };
  readonly [event: string]: Record<string, unknown>;
}

class Adder extends GObj<typeof adderFsm, GConfigTemplate, AdderEvents> {
  static override fsm = checkFsm(adderFsm);
}

const gaplic = new GAplic({ name: 'calc' });
const adder = gaplic.createGObj('adder', Adder, gaplic);
assert.equal(gaplic.sendEvent(adder, 'EV_ADD', { a: 1, b: 2 }), 3);
// @ts-expect-error 'b' is missing: the kw of EV_ADD is { a: number; b: number }
gaplic.sendEvent(adder, 'EV_ADD', { a: 1 });
