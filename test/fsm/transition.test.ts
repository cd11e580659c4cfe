// The pure FSM step (src/fsm/transition.ts, internal): a compiled state maps an event
// name to its row; looking one up changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileMachine } from '../../src/fsm/compile.js';
import { nextState, transition } from '../../src/fsm/transition.js';
import type { FsmDescriptor } from '../../src/index.js';

function acGo(): string {
  return 'go';
}

const FSM: FsmDescriptor = {
  eventList: ['EV_GO', 'EV_STAY', 'EV_OUT: output'],
  stateList: ['ST_A', 'ST_B'],
  machine: {
    ST_A: [
      ['EV_GO', acGo, 'ST_B'],
      ['EV_STAY', null, null],
    ],
    ST_B: [],
  },
};

test('transition - returns the row of an accepted event, with its action and next state', () => {
  const compiled = compileMachine(FSM);
  const a = compiled.stateByName.get('ST_A')!;
  const b = compiled.stateByName.get('ST_B')!;
  const row = transition(a, 'EV_GO');
  assert.equal(row?.eventName, 'EV_GO');
  assert.equal(row?.action, acGo);
  assert.equal(row?.next, b);
  assert.equal(nextState(a, row), b);
});

test('transition - a null next state stays in the state', () => {
  const compiled = compileMachine(FSM);
  const a = compiled.stateByName.get('ST_A')!;
  const row = transition(a, 'EV_STAY')!;
  assert.equal(row.next, null);
  assert.equal(row.action, null);
  assert.equal(nextState(a, row), a);
});

test('transition - undefined for an event the state does not accept or does not know', () => {
  const compiled = compileMachine(FSM);
  const b = compiled.stateByName.get('ST_B')!;
  assert.equal(transition(b, 'EV_GO'), undefined);
  assert.equal(transition(b, 'EV_OUT'), undefined);
  assert.equal(transition(b, 'EV_NOPE'), undefined);
  assert.equal(transition(b, 'toString'), undefined);
});

test('transition - states are numbered from 1 in declaration order; the first is initial', () => {
  const compiled = compileMachine(FSM);
  assert.deepEqual(
    compiled.states.map((s) => [s.name, s.id]),
    [
      ['ST_A', 1],
      ['ST_B', 2],
    ],
  );
  assert.equal(compiled.initial, compiled.states[0]);
  assert.equal(compileMachine({ eventList: [], stateList: [], machine: {} }).initial, null);
});
