// Construction validation of an FSM descriptor (spec §2.1 "SMachine(fsm)"): one test per
// MACHINE_* code, the order in which the groups are checked, and the defaults.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  EMPTY_FSM,
  ERROR_CODES,
  MachineError,
  SMachine,
  type ErrorCode,
  type FsmDescriptor,
} from '../../src/index.js';

/** Builds a machine from a descriptor that may be ill-typed on purpose. */
function build(fsm: unknown): SMachine {
  return new SMachine(fsm as FsmDescriptor);
}

function acNoop(): void {}

/** A valid descriptor, copied fresh for each mutation. */
function validFsm() {
  return {
    eventList: ['EV_GO: top input', 'EV_BACK', 'EV_DONE: top output'],
    stateList: ['ST_IDLE', 'ST_BUSY'],
    machine: {
      ST_IDLE: [['EV_GO', acNoop, 'ST_BUSY']],
      ST_BUSY: [
        ['EV_BACK', null, 'ST_IDLE'],
        ['EV_GO', acNoop, null],
      ],
    } as Record<string, unknown[]>,
  };
}

function assertMachineError(fsm: unknown, code: ErrorCode, message: RegExp): void {
  assert.throws(() => build(fsm), { name: 'MachineError', code, message });
  // The error is also an instance of the exported class.
  assert.throws(() => build(fsm), MachineError);
}

describe('compile - one error per MACHINE_* code', () => {
  test('compile - MACHINE_NOT_AN_OBJECT names the value received', () => {
    assertMachineError('ST_IDLE', 'MACHINE_NOT_AN_OBJECT', /"ST_IDLE" \(string\)/);
  });

  test('compile - MACHINE_BAD_SHAPE names the key when eventList is not an array', () => {
    assertMachineError(
      { ...validFsm(), eventList: 'EV_GO' },
      'MACHINE_BAD_SHAPE',
      /'eventList'.*"EV_GO" \(string\)/,
    );
  });

  test('compile - MACHINE_BAD_ROW names the state and the row', () => {
    const fsm = validFsm();
    fsm.machine.ST_IDLE = [['EV_GO', acNoop]];
    assertMachineError(fsm, 'MACHINE_BAD_ROW', /'ST_IDLE'.*array of 2/);
  });

  test('compile - MACHINE_UNDECLARED_STATE names the machine key', () => {
    const fsm = validFsm();
    fsm.machine.ST_GHOST = [];
    assertMachineError(fsm, 'MACHINE_UNDECLARED_STATE', /'ST_GHOST'/);
  });

  test('compile - MACHINE_UNDESCRIBED_STATE names the state without a machine entry', () => {
    const fsm = validFsm();
    fsm.stateList.push('ST_LONELY');
    assertMachineError(fsm, 'MACHINE_UNDESCRIBED_STATE', /'ST_LONELY'/);
  });

  test('compile - MACHINE_DUPLICATED_STATE names the state listed twice', () => {
    const fsm = validFsm();
    fsm.stateList.push('ST_BUSY');
    assertMachineError(fsm, 'MACHINE_DUPLICATED_STATE', /'ST_BUSY'/);
  });

  test('compile - MACHINE_UNDECLARED_EVENT names the state and the event', () => {
    const fsm = validFsm();
    fsm.machine.ST_IDLE!.push(['EV_STRAY', null, null]);
    assertMachineError(fsm, 'MACHINE_UNDECLARED_EVENT', /'ST_IDLE'.*'EV_STRAY'/);
  });

  test('compile - MACHINE_UNUSED_EVENT names the event neither used nor output', () => {
    const fsm = validFsm();
    fsm.eventList.push('EV_SPARE: top input');
    assertMachineError(fsm, 'MACHINE_UNUSED_EVENT', /'EV_SPARE'/);
  });

  test('compile - MACHINE_DUPLICATED_EVENT names the event declared twice', () => {
    const fsm = validFsm();
    fsm.eventList.push('EV_BACK: bottom output');
    assertMachineError(fsm, 'MACHINE_DUPLICATED_EVENT', /'EV_BACK'/);
  });

  test('compile - MACHINE_DUPLICATED_TRANSITION names the state and the event', () => {
    const fsm = validFsm();
    fsm.machine.ST_BUSY!.push(['EV_BACK', acNoop, null]);
    assertMachineError(fsm, 'MACHINE_DUPLICATED_TRANSITION', /'ST_BUSY'.*'EV_BACK'/);
  });

  test('compile - MACHINE_UNKNOWN_NEXT_STATE names the row and the next state', () => {
    const fsm = validFsm();
    fsm.machine.ST_IDLE = [['EV_GO', acNoop, 'ST_NOWHERE']];
    assertMachineError(fsm, 'MACHINE_UNKNOWN_NEXT_STATE', /'ST_IDLE'.*'EV_GO'.*"ST_NOWHERE"/);
  });

  test('compile - MACHINE_ACTION_NOT_CALLABLE names the row and the action', () => {
    const fsm = validFsm();
    fsm.machine.ST_IDLE = [['EV_GO', 'acGo', 'ST_BUSY']];
    assertMachineError(fsm, 'MACHINE_ACTION_NOT_CALLABLE', /'ST_IDLE'.*'EV_GO'.*"acGo"/);
  });

  test('compile - every MACHINE_* code of ERROR_CODES has a test above', () => {
    // Keeps this file in step with the catalogue: a new code needs a new test.
    const tested = [
      'MACHINE_NOT_AN_OBJECT',
      'MACHINE_BAD_SHAPE',
      'MACHINE_BAD_ROW',
      'MACHINE_UNDECLARED_STATE',
      'MACHINE_UNDESCRIBED_STATE',
      'MACHINE_DUPLICATED_STATE',
      'MACHINE_UNDECLARED_EVENT',
      'MACHINE_UNUSED_EVENT',
      'MACHINE_DUPLICATED_EVENT',
      'MACHINE_DUPLICATED_TRANSITION',
      'MACHINE_UNKNOWN_NEXT_STATE',
      'MACHINE_ACTION_NOT_CALLABLE',
    ];
    // MACHINE_BAD_ARGUMENT is not about a descriptor: test/hardening/bad-input.test.ts.
    const codes = Object.keys(ERROR_CODES).filter(
      (c) => c.startsWith('MACHINE_') && c !== 'MACHINE_BAD_ARGUMENT',
    );
    assert.deepEqual([...codes].sort(), [...tested].sort());
    for (const code of codes) {
      assert.equal(ERROR_CODES[code as ErrorCode][0], MachineError.name, code);
    }
  });
});

describe('compile - descriptor shape', () => {
  for (const [label, value] of [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['an array', [['EV_GO', null, null]]],
    ['a Map', new Map()],
    ['a class instance', new (class Descriptor {})()],
    ['a function', () => ({})],
  ] as const) {
    test(`compile - a descriptor that is ${label} is MACHINE_NOT_AN_OBJECT`, () => {
      assert.throws(() => build(value), { name: 'MachineError', code: 'MACHINE_NOT_AN_OBJECT' });
    });
  }

  test('compile - an object without prototype is accepted', () => {
    const fsm = Object.assign(Object.create(null) as object, validFsm());
    assert.equal(build(fsm).getCurrentState(), 'ST_IDLE');
  });

  test('compile - missing keys default to empty: {} is an empty machine', () => {
    const machine = build({});
    assert.equal(machine.getCurrentState(), null);
    assert.equal(machine.getPreviousState(), null);
    assert.deepEqual(machine.getEventList(), []);
    assert.deepEqual(machine.getOutputEventList(), []);
  });

  test('compile - null keys default to empty like missing ones', () => {
    const machine = build({ eventList: null, stateList: null, machine: null });
    assert.equal(machine.getCurrentState(), null);
  });

  test('compile - output events need no state: eventList alone is valid', () => {
    const machine = build({ eventList: ['EV_TICK: top output'] });
    assert.equal(machine.getCurrentState(), null);
    assert.deepEqual(machine.getEventList(), ['EV_TICK']);
    assert.deepEqual(machine.getOutputEventList(), ['EV_TICK']);
  });

  test('compile - EMPTY_FSM builds a machine whose current state is null', () => {
    const machine = new SMachine(EMPTY_FSM);
    assert.equal(machine.getCurrentState(), null);
    assert.deepEqual(machine.getEventList(), []);
    assert.ok(Object.isFrozen(EMPTY_FSM));
  });

  test('compile - the first declared state is the initial one', () => {
    const fsm = validFsm();
    fsm.stateList.reverse();
    assert.equal(build(fsm).getCurrentState(), 'ST_BUSY');
  });

  for (const [label, patch, message] of [
    ['stateList not an array', { stateList: { ST_IDLE: true } }, /'stateList'/],
    ['a non-string state', { stateList: ['ST_IDLE', 7] }, /'stateList'.*7 \(number\)/],
    ['an empty state name', { stateList: ['ST_IDLE', '  '] }, /'stateList'/],
    ['a non-string event', { eventList: ['EV_GO', null] }, /'eventList'.*null/],
    ['an empty event name', { eventList: ['EV_GO', ''] }, /'eventList'/],
    ['an event entry with no name', { eventList: ['EV_GO', ' : top output'] }, /no event name/],
    ['machine an array', { machine: [] }, /'machine'.*array of 0/],
    ['machine a string', { machine: 'ST_IDLE' }, /'machine'.*"ST_IDLE"/],
    ['rows not an array', { machine: { ST_IDLE: 'EV_GO' } }, /'ST_IDLE'.*"EV_GO"/],
  ] as const) {
    test(`compile - ${label} is MACHINE_BAD_SHAPE`, () => {
      assertMachineError({ ...validFsm(), ...patch }, 'MACHINE_BAD_SHAPE', message);
    });
  }

  for (const [label, row] of [
    ['a row that is not an array', 'EV_GO'],
    ['a row of 4 items', ['EV_GO', null, null, null]],
    ['a row whose event is not a string', [1, null, null]],
  ] as const) {
    test(`compile - ${label} is MACHINE_BAD_ROW`, () => {
      const fsm = validFsm();
      fsm.machine.ST_IDLE = [row];
      assert.throws(() => build(fsm), { name: 'MachineError', code: 'MACHINE_BAD_ROW' });
    });
  }

  test('compile - undefined action and next state mean null', () => {
    const fsm = validFsm();
    fsm.machine.ST_IDLE = [['EV_GO', undefined, undefined]];
    const machine = build(fsm);
    assert.equal(machine.injectEvent('EV_GO'), undefined);
    assert.equal(machine.getCurrentState(), 'ST_IDLE');
  });

  test('compile - a next state that is not a string is MACHINE_UNKNOWN_NEXT_STATE', () => {
    const fsm = validFsm();
    fsm.machine.ST_IDLE = [['EV_GO', acNoop, 1]];
    assertMachineError(fsm, 'MACHINE_UNKNOWN_NEXT_STATE', /1 \(number\)/);
  });

  test('compile - an object action is MACHINE_ACTION_NOT_CALLABLE', () => {
    const fsm = validFsm();
    fsm.machine.ST_IDLE = [['EV_GO', { run: acNoop }, 'ST_BUSY']];
    assert.throws(() => build(fsm), {
      name: 'MachineError',
      code: 'MACHINE_ACTION_NOT_CALLABLE',
    });
  });

  test('compile - an event used in one state only is used', () => {
    const machine = build(validFsm());
    assert.deepEqual(machine.getEventList(), ['EV_GO', 'EV_BACK', 'EV_DONE']);
  });

  test('compile - an output event may also be used in the machine', () => {
    const fsm = validFsm();
    fsm.machine.ST_BUSY!.push(['EV_DONE', null, 'ST_IDLE']);
    const machine = build(fsm);
    machine.injectEvent('EV_GO');
    machine.injectEvent('EV_DONE');
    assert.equal(machine.getCurrentState(), 'ST_IDLE');
  });
});

describe('compile - validation order: shape, states, events, rows', () => {
  test('compile - a shape error wins over a state error', () => {
    const fsm = validFsm();
    fsm.machine.ST_GHOST = [];
    fsm.machine.ST_IDLE = [['EV_GO']];
    assert.throws(() => build(fsm), { name: 'MachineError', code: 'MACHINE_BAD_ROW' });
    assert.throws(() => build({ ...fsm, eventList: 'EV_GO' }), {
      name: 'MachineError',
      code: 'MACHINE_BAD_SHAPE',
    });
  });

  test('compile - a state error wins over an event error', () => {
    const fsm = validFsm();
    fsm.machine.ST_GHOST = [['EV_STRAY', null, null]];
    fsm.eventList.push('EV_SPARE');
    assert.throws(() => build(fsm), { name: 'MachineError', code: 'MACHINE_UNDECLARED_STATE' });
    const undescribed = validFsm();
    undescribed.stateList.push('ST_LONELY');
    undescribed.eventList.push('EV_GO');
    assert.throws(() => build(undescribed), {
      name: 'MachineError',
      code: 'MACHINE_UNDESCRIBED_STATE',
    });
  });

  test('compile - an event error wins over a row error', () => {
    const fsm = validFsm();
    fsm.machine.ST_IDLE = [['EV_GO', 'acGo', 'ST_NOWHERE']];
    fsm.machine.ST_BUSY!.push(['EV_BACK', null, null]);
    fsm.eventList.push('EV_SPARE');
    assert.throws(() => build(fsm), { name: 'MachineError', code: 'MACHINE_UNUSED_EVENT' });
    fsm.machine.ST_BUSY!.push(['EV_STRAY', null, null]);
    assert.throws(() => build(fsm), { name: 'MachineError', code: 'MACHINE_UNDECLARED_EVENT' });
  });

  test('compile - within a row the next state is checked before the action', () => {
    const fsm = validFsm();
    fsm.machine.ST_IDLE = [['EV_GO', 'acGo', 'ST_NOWHERE']];
    assert.throws(() => build(fsm), {
      name: 'MachineError',
      code: 'MACHINE_UNKNOWN_NEXT_STATE',
    });
  });

  test('compile - an invalid descriptor fails on every construction', () => {
    const fsm = validFsm();
    fsm.machine.ST_IDLE = [['EV_GO', acNoop, 'ST_NOWHERE']];
    for (let i = 0; i < 3; i++) {
      assert.throws(() => build(fsm), {
        name: 'MachineError',
        code: 'MACHINE_UNKNOWN_NEXT_STATE',
      });
    }
  });
});
