// SMachine (spec §2.1): injectEvent, setNewState, the state getters and the event lists.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EventNotAccepted, SMachine, type EventLike, type FsmDescriptor } from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';

interface Seen {
  readonly stateInAction: string | null;
  readonly machine: unknown;
  readonly event: unknown;
}

/** A door: every action records the state it sees and its arguments into `seen`. */
function door(seen: Seen[] = []) {
  const record =
    (result: unknown) =>
    (machine: SMachine, event: unknown): unknown => {
      seen.push({ stateInAction: machine.getCurrentState(), machine, event });
      return result;
    };
  const fsm: FsmDescriptor = {
    eventList: [
      'EV_OPEN: top input',
      'EV_CLOSE: top input',
      'EV_KNOCK: top input',
      'EV_LOCK: top input',
      'EV_OPENED: top output',
      'EV_CLOSED: bottom output',
    ],
    stateList: ['ST_CLOSED', 'ST_OPEN', 'ST_LOCKED'],
    machine: {
      ST_CLOSED: [
        ['EV_OPEN', record('opened'), 'ST_OPEN'],
        ['EV_KNOCK', record('knock-knock'), null],
        ['EV_LOCK', null, 'ST_LOCKED'],
      ],
      ST_OPEN: [
        ['EV_CLOSE', record(undefined), 'ST_CLOSED'],
        ['EV_KNOCK', null, null],
      ],
      ST_LOCKED: [],
    },
  };
  return { fsm, seen };
}

function newDoor() {
  const { fsm, seen } = door();
  const machine = new SMachine(fsm);
  const logger = new CaptureLogger();
  machine.logger = logger;
  return { machine, seen, logger };
}

describe('injectEvent', () => {
  test('injectEvent - accepts an event name and returns the action result', () => {
    const { machine } = newDoor();
    assert.equal(machine.injectEvent('EV_OPEN'), 'opened');
    assert.equal(machine.getCurrentState(), 'ST_OPEN');
  });

  test('injectEvent - accepts an object with eventName and passes it to the action', () => {
    const { machine, seen } = newDoor();
    const event = { eventName: 'EV_OPEN', kw: { who: 'me' } };
    assert.equal(machine.injectEvent(event), 'opened');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.event, event);
    assert.equal(seen[0]!.machine, machine);
  });

  test('injectEvent - an event name is passed to the action as the name', () => {
    const { machine, seen } = newDoor();
    machine.injectEvent('EV_KNOCK');
    assert.equal(seen[0]!.event, 'EV_KNOCK');
  });

  for (const [label, bad] of [
    ['undefined', undefined],
    ['null', null],
    ['a number', 3],
    ['a symbol', Symbol('EV_OPEN')],
    ['an object without eventName', { name: 'EV_OPEN' }],
    ['an object whose eventName is not a string', { eventName: 1 }],
  ] as const) {
    test(`injectEvent - ${label} is EventError EVENT_BAD_TYPE`, () => {
      const { machine, seen } = newDoor();
      assert.throws(() => machine.injectEvent(bad as unknown as EventLike), {
        name: 'EventError',
        code: 'EVENT_BAD_TYPE',
      });
      assert.equal(machine.getCurrentState(), 'ST_CLOSED');
      assert.equal(seen.length, 0);
    });
  }

  test('injectEvent - the EVENT_BAD_TYPE message names the value received', () => {
    const { machine } = newDoor();
    assert.throws(() => machine.injectEvent(42 as unknown as string), {
      name: 'EventError',
      code: 'EVENT_BAD_TYPE',
      message: /42 \(number\)/,
    });
  });

  test('injectEvent - an unknown event returns EventNotAccepted and logs a warning', () => {
    const { machine, seen, logger } = newDoor();
    assert.equal(machine.injectEvent('EV_FLY'), EventNotAccepted);
    assert.equal(machine.getCurrentState(), 'ST_CLOSED');
    assert.equal(seen.length, 0);
    const warnings = logger.messages('warn');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /'EV_FLY'/);
    assert.match(warnings[0]!, /unknown/);
    assert.equal(logger.lines.length, 1);
  });

  test('injectEvent - an event the current state does not accept returns EventNotAccepted', () => {
    const { machine, seen, logger } = newDoor();
    assert.equal(machine.injectEvent({ eventName: 'EV_CLOSE' }), EventNotAccepted);
    assert.equal(machine.getCurrentState(), 'ST_CLOSED');
    assert.equal(machine.getPreviousState(), null);
    assert.equal(seen.length, 0);
    const warnings = logger.messages('warn');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /'EV_CLOSE'.*not accepted.*'ST_CLOSED'/);
  });

  test('injectEvent - an output event with no row is not accepted', () => {
    const { machine, logger } = newDoor();
    assert.equal(machine.injectEvent('EV_OPENED'), EventNotAccepted);
    assert.equal(logger.messages('warn').length, 1);
  });

  test('injectEvent - a state without rows accepts nothing and the machine keeps running', () => {
    const { machine, logger } = newDoor();
    machine.injectEvent('EV_LOCK');
    assert.equal(machine.getCurrentState(), 'ST_LOCKED');
    for (const name of ['EV_OPEN', 'EV_CLOSE', 'EV_KNOCK', 'EV_LOCK']) {
      assert.equal(machine.injectEvent(name), EventNotAccepted);
    }
    assert.equal(logger.messages('warn').length, 4);
    assert.equal(machine.getCurrentState(), 'ST_LOCKED');
  });

  test('injectEvent - without a logger a not-accepted event is silent and still returned', () => {
    const { fsm } = door();
    const machine = new SMachine(fsm);
    assert.equal(machine.logger, null);
    assert.equal(machine.injectEvent('EV_NOPE'), EventNotAccepted);
    assert.equal(machine.injectEvent('EV_CLOSE'), EventNotAccepted);
  });

  test('injectEvent - a machine without states accepts no event', () => {
    const machine = new SMachine({ eventList: ['EV_OUT: output'], stateList: [], machine: {} });
    const logger = new CaptureLogger();
    machine.logger = logger;
    assert.equal(machine.injectEvent('EV_OUT'), EventNotAccepted);
    assert.equal(machine.injectEvent('EV_OTHER'), EventNotAccepted);
    assert.equal(logger.messages('warn').length, 2);
    assert.equal(machine.getCurrentState(), null);
  });

  test('injectEvent - changes state before the action runs', () => {
    const { machine, seen } = newDoor();
    machine.injectEvent('EV_OPEN');
    assert.equal(seen[0]!.stateInAction, 'ST_OPEN');
    machine.injectEvent('EV_CLOSE');
    assert.equal(seen[1]!.stateInAction, 'ST_CLOSED');
  });

  test('injectEvent - a null next state stays in the current state', () => {
    const { machine, seen } = newDoor();
    assert.equal(machine.injectEvent('EV_KNOCK'), 'knock-knock');
    assert.equal(seen[0]!.stateInAction, 'ST_CLOSED');
    assert.equal(machine.getCurrentState(), 'ST_CLOSED');
    assert.equal(machine.getPreviousState(), null);
  });

  test('injectEvent - a row with null action and a next state returns undefined', () => {
    const { machine, seen } = newDoor();
    assert.equal(machine.injectEvent('EV_LOCK'), undefined);
    assert.equal(machine.getCurrentState(), 'ST_LOCKED');
    assert.equal(seen.length, 0);
  });

  test('injectEvent - a row with null action and null next state is accepted', () => {
    const { machine, logger } = newDoor();
    machine.injectEvent('EV_OPEN');
    assert.equal(machine.injectEvent('EV_KNOCK'), undefined);
    assert.equal(machine.getCurrentState(), 'ST_OPEN');
    assert.equal(logger.lines.length, 0);
  });

  test('injectEvent - an action returning undefined returns undefined, not the sentinel', () => {
    const { machine, seen } = newDoor();
    machine.injectEvent('EV_OPEN');
    assert.equal(machine.injectEvent('EV_CLOSE'), undefined);
    assert.equal(seen.length, 2);
  });

  test('injectEvent - returns exactly the object the action returned', () => {
    const result = { answer: 42 };
    const machine = new SMachine({
      eventList: ['EV_ASK'],
      stateList: ['ST_ONE'],
      machine: { ST_ONE: [['EV_ASK', () => result, null]] },
    });
    assert.equal(machine.injectEvent('EV_ASK'), result);
  });

  test('injectEvent - an action may call setNewState and that state wins', () => {
    const fsm: FsmDescriptor = {
      eventList: ['EV_GO'],
      stateList: ['ST_A', 'ST_B', 'ST_C'],
      machine: {
        ST_A: [
          [
            'EV_GO',
            (m: SMachine) => {
              const before = m.getCurrentState();
              m.setNewState('ST_C');
              return before;
            },
            'ST_B',
          ],
        ],
        ST_B: [],
        ST_C: [],
      },
    };
    const machine = new SMachine(fsm);
    assert.equal(machine.injectEvent('EV_GO'), 'ST_B');
    assert.equal(machine.getCurrentState(), 'ST_C');
    assert.equal(machine.getPreviousState(), 'ST_B');
  });

  test('injectEvent - an exception thrown by the action propagates; the state already changed', () => {
    const boom = new Error('boom');
    const fsm: FsmDescriptor = {
      eventList: ['EV_GO', 'EV_BACK'],
      stateList: ['ST_A', 'ST_B'],
      machine: {
        ST_A: [
          [
            'EV_GO',
            () => {
              throw boom;
            },
            'ST_B',
          ],
        ],
        ST_B: [['EV_BACK', () => 'back', 'ST_A']],
      },
    };
    const machine = new SMachine(fsm);
    assert.throws(
      () => machine.injectEvent('EV_GO'),
      (error) => error === boom,
    );
    assert.equal(machine.getCurrentState(), 'ST_B');
    // The machine keeps working after the exception.
    assert.equal(machine.injectEvent('EV_BACK'), 'back');
    assert.equal(machine.getCurrentState(), 'ST_A');
  });

  test('injectEvent - an action may inject a nested event into the same machine', () => {
    const order: string[] = [];
    const fsm: FsmDescriptor = {
      eventList: ['EV_OUTER', 'EV_INNER'],
      stateList: ['ST_A', 'ST_B', 'ST_C'],
      machine: {
        ST_A: [
          [
            'EV_OUTER',
            (m: SMachine) => {
              order.push(`outer in ${m.getCurrentState()}`);
              const inner = m.injectEvent('EV_INNER');
              order.push(`outer after inner in ${m.getCurrentState()}`);
              return inner;
            },
            'ST_B',
          ],
        ],
        ST_B: [
          [
            'EV_INNER',
            (m: SMachine) => {
              order.push(`inner in ${m.getCurrentState()}`);
              return 'inner';
            },
            'ST_C',
          ],
        ],
        ST_C: [],
      },
    };
    const machine = new SMachine(fsm);
    assert.equal(machine.injectEvent('EV_OUTER'), 'inner');
    assert.deepEqual(order, ['outer in ST_B', 'inner in ST_C', 'outer after inner in ST_C']);
    assert.equal(machine.getCurrentState(), 'ST_C');
  });
});

describe('setNewState', () => {
  test('setNewState - moves to a declared state and records the previous one', () => {
    const { machine } = newDoor();
    machine.setNewState('ST_LOCKED');
    assert.equal(machine.getCurrentState(), 'ST_LOCKED');
    assert.equal(machine.getPreviousState(), 'ST_CLOSED');
    machine.setNewState('ST_OPEN');
    assert.equal(machine.getPreviousState(), 'ST_LOCKED');
  });

  test('setNewState - the new state decides which rows apply next', () => {
    const { machine } = newDoor();
    machine.setNewState('ST_OPEN');
    assert.equal(machine.injectEvent('EV_OPEN'), EventNotAccepted);
    assert.equal(machine.injectEvent('EV_CLOSE'), undefined);
    assert.equal(machine.getCurrentState(), 'ST_CLOSED');
  });

  for (const [label, bad] of [
    ['a number', 1],
    ['null', null],
    ['undefined', undefined],
    ['an object', { name: 'ST_OPEN' }],
  ] as const) {
    test(`setNewState - ${label} is StateError STATE_BAD_TYPE`, () => {
      const { machine } = newDoor();
      assert.throws(() => machine.setNewState(bad as unknown as string), {
        name: 'StateError',
        code: 'STATE_BAD_TYPE',
      });
      assert.equal(machine.getCurrentState(), 'ST_CLOSED');
    });
  }

  test('setNewState - the STATE_BAD_TYPE message names the value received', () => {
    const { machine } = newDoor();
    assert.throws(() => machine.setNewState(7 as unknown as string), {
      name: 'StateError',
      code: 'STATE_BAD_TYPE',
      message: /7 \(number\)/,
    });
  });

  test('setNewState - an undeclared state is StateError STATE_UNKNOWN naming it', () => {
    const { machine } = newDoor();
    assert.throws(() => machine.setNewState('ST_AJAR'), {
      name: 'StateError',
      code: 'STATE_UNKNOWN',
      message: /'ST_AJAR'.*'ST_CLOSED', 'ST_OPEN', 'ST_LOCKED'/,
    });
    assert.equal(machine.getCurrentState(), 'ST_CLOSED');
    assert.equal(machine.getPreviousState(), null);
  });

  test('setNewState - state names are case-sensitive and not trimmed', () => {
    const { machine } = newDoor();
    for (const name of ['st_open', ' ST_OPEN', '']) {
      assert.throws(() => machine.setNewState(name), {
        name: 'StateError',
        code: 'STATE_UNKNOWN',
      });
    }
  });

  test('setNewState - a machine without states knows no state', () => {
    const empty: FsmDescriptor = { eventList: [], stateList: [], machine: {} };
    const machine = new SMachine(empty);
    assert.throws(() => machine.setNewState('ST_ANY'), {
      name: 'StateError',
      code: 'STATE_UNKNOWN',
    });
    assert.equal(machine.getCurrentState(), null);
  });
});

describe('getCurrentState and getPreviousState', () => {
  test('getPreviousState - is null until the state first changes', () => {
    const { machine } = newDoor();
    assert.equal(machine.getPreviousState(), null);
    machine.injectEvent('EV_KNOCK');
    assert.equal(machine.getPreviousState(), null);
  });

  test('getPreviousState - follows each transition', () => {
    const { machine } = newDoor();
    machine.injectEvent('EV_OPEN');
    assert.equal(machine.getPreviousState(), 'ST_CLOSED');
    machine.injectEvent('EV_KNOCK'); // stays
    assert.equal(machine.getPreviousState(), 'ST_CLOSED');
    machine.injectEvent('EV_CLOSE');
    assert.equal(machine.getPreviousState(), 'ST_OPEN');
    machine.injectEvent('EV_NOPE'); // not accepted: nothing changes
    assert.equal(machine.getPreviousState(), 'ST_OPEN');
    assert.equal(machine.getCurrentState(), 'ST_CLOSED');
  });
});

describe('getEventList and getOutputEventList', () => {
  test('getEventList - inputs and outputs, in declaration order, attributes stripped', () => {
    const { machine } = newDoor();
    assert.deepEqual(machine.getEventList(), [
      'EV_OPEN',
      'EV_CLOSE',
      'EV_KNOCK',
      'EV_LOCK',
      'EV_OPENED',
      'EV_CLOSED',
    ]);
  });

  test('getOutputEventList - the output events in declaration order', () => {
    const machine = new SMachine({
      eventList: ['EV_Z: top output', 'EV_IN', 'EV_A: bottom output', 'EV_M:output'],
      stateList: ['ST_ONE'],
      machine: { ST_ONE: [['EV_IN', null, null]] },
    });
    assert.deepEqual(machine.getOutputEventList(), ['EV_Z', 'EV_A', 'EV_M']);
  });

  test('getEventList - returns a copy the caller may change', () => {
    const { machine } = newDoor();
    machine.getEventList().push('EV_EXTRA');
    machine.getOutputEventList().length = 0;
    assert.equal(machine.getEventList().length, 6);
    assert.deepEqual(machine.getOutputEventList(), ['EV_OPENED', 'EV_CLOSED']);
    assert.equal(machine.injectEvent('EV_EXTRA'), EventNotAccepted);
  });
});

describe('descriptors shared by machines', () => {
  test('SMachine - machines built from one descriptor have independent states', () => {
    const { fsm } = door();
    const first = new SMachine(fsm);
    first.injectEvent('EV_OPEN');
    const second = new SMachine(fsm);
    assert.equal(second.getCurrentState(), 'ST_CLOSED');
    assert.equal(second.getPreviousState(), null);
    second.injectEvent('EV_LOCK');
    assert.equal(first.getCurrentState(), 'ST_OPEN');
    assert.equal(second.getCurrentState(), 'ST_LOCKED');
  });

  test('SMachine - a machine does not change when its descriptor is mutated afterwards', () => {
    const fsm = {
      eventList: ['EV_GO'],
      stateList: ['ST_A', 'ST_B'],
      machine: { ST_A: [['EV_GO', () => 'go', 'ST_B']], ST_B: [] } as Record<
        string,
        [string, (() => string) | null, string | null][]
      >,
    };
    const machine = new SMachine(fsm);
    fsm.machine.ST_A![0] = ['EV_GO', () => 'changed', null];
    fsm.eventList.push('EV_NEW');
    assert.equal(machine.injectEvent('EV_GO'), 'go');
    assert.equal(machine.getCurrentState(), 'ST_B');
    assert.deepEqual(machine.getEventList(), ['EV_GO']);
  });

  test('SMachine - a frozen descriptor works', () => {
    const fsm = Object.freeze({
      eventList: Object.freeze(['EV_GO']),
      stateList: Object.freeze(['ST_A']),
      machine: Object.freeze({ ST_A: Object.freeze([Object.freeze(['EV_GO', () => 1, null])]) }),
    }) as unknown as FsmDescriptor;
    assert.equal(new SMachine(fsm).injectEvent('EV_GO'), 1);
    assert.equal(new SMachine(fsm).injectEvent('EV_GO'), 1);
  });

  test('SMachine - toString names the class', () => {
    class Door extends SMachine {}
    assert.equal(String(new Door(door().fsm)), 'Door');
  });
});
