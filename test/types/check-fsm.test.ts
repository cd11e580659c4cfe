// Type tests of checkFsm: a wrong table is a compile error (each @ts-expect-error line
// fails the build if its error disappears); the runtime part checks the same descriptors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFsm, GObj, SMachine, type GEvent } from '../../src/index.js';

function acStart(gobj: Worker, _event: GEvent): string {
  gobj.setNewState('ST_BUSY');
  return 'started';
}

const fsm = {
  eventList: ['EV_START: top input', 'EV_DONE: top output'],
  stateList: ['ST_IDLE', 'ST_BUSY'],
  machine: { ST_IDLE: [['EV_START', acStart, null]], ST_BUSY: [] },
} as const;

class Worker extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
}

test('checkFsm - a checked descriptor keeps its literal names for the gclass', () => {
  const worker = new Worker();
  assert.equal(worker.sendEvent(worker, 'EV_START'), 'started');
  const state: 'ST_IDLE' | 'ST_BUSY' | null = worker.getCurrentState();
  assert.equal(state, 'ST_BUSY');
  assert.equal(Worker.fsm, fsm);
});

test('checkFsm - undeclared next states, events and states fail at compile and run time', () => {
  const badNext = {
    eventList: ['EV_A'],
    stateList: ['ST_1'],
    machine: { ST_1: [['EV_A', null, 'ST_X']] },
  } as const;
  // @ts-expect-error ST_X is not a declared state
  assert.throws(() => new SMachine(checkFsm(badNext)), {
    name: 'MachineError',
    code: 'MACHINE_UNKNOWN_NEXT_STATE',
  });
  const badEvent = {
    eventList: ['EV_A'],
    stateList: ['ST_1'],
    machine: {
      ST_1: [
        ['EV_A', null, null],
        ['EV_B', null, null],
      ],
    },
  } as const;
  // @ts-expect-error EV_B is not a declared event
  assert.throws(() => new SMachine(checkFsm(badEvent)), {
    name: 'MachineError',
    code: 'MACHINE_UNDECLARED_EVENT',
  });
  const badState = {
    eventList: ['EV_A'],
    stateList: ['ST_1'],
    machine: { ST_1: [['EV_A', null, null]], ST_9: [] },
  } as const;
  // @ts-expect-error ST_9 is not a declared state
  assert.throws(() => new SMachine(checkFsm(badState)), {
    name: 'MachineError',
    code: 'MACHINE_UNDECLARED_STATE',
  });
});
