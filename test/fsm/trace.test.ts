// Machine tracing (spec §2.1 "Tracing"): `->` before the action, `<-` after it, a line per
// state change, indented by the nesting depth shared by every machine.
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import {
  EventNotAccepted,
  isGlobalTraceMach,
  setGlobalTraceMach,
  SMachine,
  type FsmDescriptor,
} from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';

class Door extends SMachine {}
class Bell extends SMachine {}

function acOpen(): string {
  return 'opened';
}

function acFail(): never {
  throw new Error('jammed');
}

const DOOR_FSM: FsmDescriptor = {
  eventList: ['EV_OPEN', 'EV_CLOSE', 'EV_KNOCK', 'EV_JAM'],
  stateList: ['ST_CLOSED', 'ST_OPEN'],
  machine: {
    ST_CLOSED: [
      ['EV_OPEN', acOpen, 'ST_OPEN'],
      ['EV_KNOCK', null, null],
      ['EV_JAM', acFail, 'ST_OPEN'],
    ],
    ST_OPEN: [
      ['EV_CLOSE', null, 'ST_CLOSED'],
      ['EV_OPEN', acOpen, 'ST_OPEN'],
    ],
  },
};

const BELL_FSM: FsmDescriptor = {
  eventList: ['EV_RING'],
  stateList: ['ST_QUIET', 'ST_RINGING'],
  machine: { ST_QUIET: [['EV_RING', () => 'ding', 'ST_RINGING']], ST_RINGING: [] },
};

function traced<M extends SMachine>(machine: M, logger: CaptureLogger, on = true): M {
  machine.logger = logger;
  machine.traceMach = on;
  return machine;
}

function indent(line: string): number {
  return line.length - line.trimStart().length;
}

/** Turns global tracing on for one test and restores the previous value after it. */
function globalTraceOn(t: TestContext): void {
  const was = isGlobalTraceMach();
  t.after(() => setGlobalTraceMach(was));
  setGlobalTraceMach(true);
}

describe('traceMach', () => {
  test('traceMach - off by default: a transition logs nothing', () => {
    const logger = new CaptureLogger();
    const door = traced(new Door(DOOR_FSM), logger, false);
    assert.equal(door.traceMach, false);
    assert.equal(isGlobalTraceMach(), false);
    door.injectEvent('EV_OPEN');
    assert.deepEqual(logger.lines, []);
  });

  test('traceMach - logs -> before and <- after the action, with a state change line', () => {
    const logger = new CaptureLogger();
    const door = traced(new Door(DOOR_FSM), logger);
    assert.equal(door.injectEvent('EV_OPEN'), 'opened');
    const lines = logger.messages('info');
    assert.equal(logger.lines.length, lines.length, 'trace lines are info');
    assert.equal(lines.length, 3);
    const [enter, change, leave] = lines as [string, string, string];
    assert.match(enter, /^-> Door ST_CLOSED EV_OPEN acOpen\(\)$/);
    assert.match(change, /Door state ST_CLOSED -> ST_OPEN$/);
    assert.ok(indent(change) > 0, 'the state change is indented under its ->');
    assert.match(leave, /^<- Door ST_OPEN "opened"/);
  });

  test('traceMach - the -> line is written before the action runs', () => {
    const logger = new CaptureLogger();
    let linesSeenByAction = -1;
    const machine = traced(
      new SMachine({
        eventList: ['EV_GO'],
        stateList: ['ST_A'],
        machine: {
          ST_A: [
            [
              'EV_GO',
              function acLook() {
                linesSeenByAction = logger.lines.length;
              },
              null,
            ],
          ],
        },
      }),
      logger,
    );
    machine.injectEvent('EV_GO');
    assert.equal(linesSeenByAction, 1);
    assert.equal(logger.lines.length, 2);
  });

  test('traceMach - a row without action or state change logs only -> and <-', () => {
    const logger = new CaptureLogger();
    const door = traced(new Door(DOOR_FSM), logger);
    assert.equal(door.injectEvent('EV_KNOCK'), undefined);
    const lines = logger.messages();
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^-> Door ST_CLOSED EV_KNOCK\b/);
    assert.doesNotMatch(lines[0]!, /\(\)/);
    assert.match(lines[1]!, /^<- Door ST_CLOSED undefined$/);
  });

  test('traceMach - a transition to the current state logs no state change line', () => {
    const logger = new CaptureLogger();
    const door = traced(new Door(DOOR_FSM), logger);
    door.injectEvent('EV_OPEN');
    logger.clear();
    door.injectEvent('EV_OPEN'); // ST_OPEN -> ST_OPEN
    assert.equal(logger.lines.length, 2);
    assert.equal(door.getCurrentState(), 'ST_OPEN');
  });

  test('traceMach - setNewState logs the state change, inside or outside an action', () => {
    const logger = new CaptureLogger();
    const door = traced(new Door(DOOR_FSM), logger);
    door.setNewState('ST_OPEN');
    assert.deepEqual(logger.messages().length, 1);
    assert.match(logger.messages()[0]!, /Door state ST_CLOSED -> ST_OPEN$/);
    logger.clear();
    door.setNewState('ST_OPEN');
    assert.deepEqual(logger.lines, [], 'no line when the state does not change');
  });

  test('traceMach - an event with kw names its keys on the -> line', () => {
    const logger = new CaptureLogger();
    const door = traced(new Door(DOOR_FSM), logger);
    const event = { eventName: 'EV_OPEN', kw: { who: 'me', force: 2 } };
    door.injectEvent(event);
    assert.match(logger.messages()[0]!, /^-> Door ST_CLOSED EV_OPEN acOpen\(\) \{who, force\}$/);
  });

  test('traceMach - not-accepted events log a warning and no trace line', () => {
    const logger = new CaptureLogger();
    const door = traced(new Door(DOOR_FSM), logger);
    assert.equal(door.injectEvent('EV_CLOSE'), EventNotAccepted);
    assert.equal(door.injectEvent('EV_UNKNOWN'), EventNotAccepted);
    assert.equal(logger.messages('info').length, 0);
    assert.equal(logger.messages('warn').length, 2);
    // Unlike ginsfsm, the depth does not drift: the next trace is at depth 0.
    door.injectEvent('EV_OPEN');
    assert.equal(indent(logger.messages('info')[0]!), 0);
  });

  test('traceMach - an exception in a traced action propagates and the depth is restored', () => {
    const logger = new CaptureLogger();
    const door = traced(new Door(DOOR_FSM), logger);
    assert.throws(() => door.injectEvent('EV_JAM'), { message: 'jammed' });
    assert.equal(door.getCurrentState(), 'ST_OPEN');
    logger.clear();
    door.injectEvent('EV_CLOSE');
    const lines = logger.messages();
    assert.match(lines[0]!, /^-> Door ST_OPEN EV_CLOSE/);
    assert.match(lines.at(-1)!, /^<- Door ST_CLOSED/);
  });

  test('traceMach - an action injecting into another traced machine is one level deeper', () => {
    const logger = new CaptureLogger();
    const bell = traced(new Bell(BELL_FSM), logger);
    const fsm: FsmDescriptor = {
      eventList: ['EV_VISIT'],
      stateList: ['ST_OUT', 'ST_IN'],
      machine: { ST_OUT: [['EV_VISIT', () => bell.injectEvent('EV_RING'), 'ST_IN']], ST_IN: [] },
    };
    const visitor = traced(new Door(fsm), logger);
    assert.equal(visitor.injectEvent('EV_VISIT'), 'ding');
    const lines = logger.messages();
    assert.equal(lines.length, 6);
    const [outerIn, outerChange, innerIn, innerChange, innerOut, outerOut] = lines as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    assert.match(outerIn, /^-> Door ST_OUT EV_VISIT/);
    assert.match(outerChange, /Door state ST_OUT -> ST_IN$/);
    assert.match(innerIn, /^ {2}-> Bell ST_QUIET EV_RING/);
    assert.match(innerChange, /Bell state ST_QUIET -> ST_RINGING$/);
    assert.match(innerOut, /^ {2}<- Bell ST_RINGING "ding"/);
    assert.match(outerOut, /^<- Door ST_IN "ding"/);
    assert.equal(indent(innerIn) - indent(outerIn), 2);
    assert.ok(indent(innerChange) > indent(innerIn));
    assert.ok(indent(outerChange) < indent(innerChange));
  });

  test('traceMach - an untraced machine does not deepen the trace of a traced one', () => {
    const logger = new CaptureLogger();
    const bell = traced(new Bell(BELL_FSM), logger);
    const fsm: FsmDescriptor = {
      eventList: ['EV_VISIT'],
      stateList: ['ST_OUT'],
      machine: { ST_OUT: [['EV_VISIT', () => bell.injectEvent('EV_RING'), null]] },
    };
    const visitor = traced(new Door(fsm), logger, false);
    visitor.injectEvent('EV_VISIT');
    const lines = logger.messages();
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^-> Bell/);
    assert.match(lines[2]!, /^<- Bell/);
  });
});

describe('setGlobalTraceMach', () => {
  test('setGlobalTraceMach - traces every machine, even with traceMach off', (t) => {
    globalTraceOn(t);
    assert.equal(isGlobalTraceMach(), true);
    const logger = new CaptureLogger();
    const door = traced(new Door(DOOR_FSM), logger, false);
    const bell = traced(new Bell(BELL_FSM), logger, false);
    door.injectEvent('EV_OPEN');
    bell.injectEvent('EV_RING');
    const lines = logger.messages();
    assert.equal(lines.length, 6);
    assert.match(lines[0]!, /^-> Door ST_CLOSED EV_OPEN/);
    assert.match(lines[3]!, /^-> Bell ST_QUIET EV_RING/);
    assert.ok(lines.every((line) => !line.startsWith(' ') || line.includes(' state ')));
  });

  test('setGlobalTraceMach - nested injections are indented by depth', (t) => {
    globalTraceOn(t);
    const logger = new CaptureLogger();
    const bell = traced(new Bell(BELL_FSM), logger, false);
    const middle = traced(
      new SMachine({
        eventList: ['EV_PASS'],
        stateList: ['ST_M'],
        machine: { ST_M: [['EV_PASS', () => bell.injectEvent('EV_RING'), null]] },
      }),
      logger,
      false,
    );
    const outer = traced(
      new SMachine({
        eventList: ['EV_START'],
        stateList: ['ST_O'],
        machine: { ST_O: [['EV_START', () => middle.injectEvent('EV_PASS'), null]] },
      }),
      logger,
      false,
    );
    outer.injectEvent('EV_START');
    const arrows = logger.messages().filter((line) => /^\s*(->|<-)/.test(line));
    assert.deepEqual(
      arrows.map((line) => [indent(line), line.trim().slice(0, 2)]),
      [
        [0, '->'],
        [2, '->'],
        [4, '->'],
        [4, '<-'],
        [2, '<-'],
        [0, '<-'],
      ],
    );
  });

  test('setGlobalTraceMach - off again, nothing is traced', (t) => {
    globalTraceOn(t);
    setGlobalTraceMach(false);
    assert.equal(isGlobalTraceMach(), false);
    const logger = new CaptureLogger();
    traced(new Door(DOOR_FSM), logger, false).injectEvent('EV_OPEN');
    assert.deepEqual(logger.lines, []);
  });

  test('setGlobalTraceMach - a machine without logger traces nowhere and still works', (t) => {
    globalTraceOn(t);
    const door = new Door(DOOR_FSM);
    assert.equal(door.injectEvent('EV_OPEN'), 'opened');
    assert.equal(door.getCurrentState(), 'ST_OPEN');
  });
});
