// Event declarations: 'EV_X: top output: bottom input ST_A' (spec §2.1 step 3).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  filterEventAttrs,
  parseEventDeclaration,
  SMachine,
  type FsmDescriptor,
} from '../../src/index.js';

describe('parseEventDeclaration', () => {
  test('parseEventDeclaration - a bare name has no groups and is not output', () => {
    assert.deepEqual(parseEventDeclaration('EV_GO'), { name: 'EV_GO', groups: [], output: false });
  });

  test('parseEventDeclaration - the name is the text before the first colon, trimmed', () => {
    assert.equal(parseEventDeclaration('  EV_GO  : top input').name, 'EV_GO');
    assert.equal(parseEventDeclaration('\tEV_GO\n').name, 'EV_GO');
  });

  test('parseEventDeclaration - each colon group is split on spaces, commas and dots', () => {
    assert.deepEqual(parseEventDeclaration('EV_X: top output: bottom input ST_A').groups, [
      ['top', 'output'],
      ['bottom', 'input', 'ST_A'],
    ]);
    assert.deepEqual(parseEventDeclaration('EV_X:top,output.ST_A , ST_B..x').groups, [
      ['top', 'output', 'ST_A', 'ST_B', 'x'],
    ]);
  });

  test('parseEventDeclaration - an empty group is kept as an empty list', () => {
    assert.deepEqual(parseEventDeclaration('EV_X:: output').groups, [[], ['output']]);
  });

  test('parseEventDeclaration - output in any group marks an output event', () => {
    assert.equal(parseEventDeclaration('EV_X: top output').output, true);
    assert.equal(parseEventDeclaration('EV_X: top input: bottom output').output, true);
    assert.equal(parseEventDeclaration('EV_X: output').output, true);
    assert.equal(parseEventDeclaration('EV_X:top,output').output, true);
  });

  test('parseEventDeclaration - output must be a whole word, and not the name', () => {
    assert.equal(parseEventDeclaration('EV_X: outputs').output, false);
    assert.equal(parseEventDeclaration('EV_X: top_output').output, false);
    assert.equal(parseEventDeclaration('EV_X: Output').output, false);
    assert.equal(parseEventDeclaration('output').output, false);
  });
});

describe('filterEventAttrs', () => {
  test('filterEventAttrs - strips the attributes and keeps the order', () => {
    assert.deepEqual(
      filterEventAttrs(['EV_B: top output', 'EV_A', ' EV_C :bottom input: top output']),
      ['EV_B', 'EV_A', 'EV_C'],
    );
  });

  test('filterEventAttrs - an empty list gives an empty list', () => {
    assert.deepEqual(filterEventAttrs([]), []);
  });
});

describe('event declarations in a machine', () => {
  function acNoop(): void {}

  test('event declarations - attributes do not change the name rows refer to', () => {
    const fsm: FsmDescriptor = {
      eventList: ['  EV_GO : top input', 'EV_TICK: bottom, output'],
      stateList: ['ST_IDLE'],
      machine: { ST_IDLE: [['EV_GO', () => 'went', null]] },
    };
    const machine = new SMachine(fsm);
    assert.equal(machine.injectEvent('EV_GO'), 'went');
    assert.equal(machine.hasEvent('EV_GO'), true);
    assert.equal(machine.hasEvent('  EV_GO '), false);
    assert.equal(machine.hasEvent('EV_TICK'), true);
  });

  test('event declarations - output-only events may be left unused', () => {
    const fsm: FsmDescriptor = {
      eventList: ['EV_GO', 'EV_A: top output', 'EV_B: bottom input: bottom output'],
      stateList: ['ST_IDLE'],
      machine: { ST_IDLE: [['EV_GO', acNoop, null]] },
    };
    assert.deepEqual(new SMachine(fsm).getOutputEventList(), ['EV_A', 'EV_B']);
  });

  test('event declarations - input-only attributes do not excuse an unused event', () => {
    const fsm: FsmDescriptor = {
      eventList: ['EV_GO', 'EV_A: top input: bottom input'],
      stateList: ['ST_IDLE'],
      machine: { ST_IDLE: [['EV_GO', acNoop, null]] },
    };
    assert.throws(() => new SMachine(fsm), {
      name: 'MachineError',
      code: 'MACHINE_UNUSED_EVENT',
      message: /'EV_A'/,
    });
  });

  test('event declarations - the same name with other attributes is a duplicate', () => {
    const fsm: FsmDescriptor = {
      eventList: ['EV_GO', ' EV_GO: top output'],
      stateList: ['ST_IDLE'],
      machine: { ST_IDLE: [['EV_GO', acNoop, null]] },
    };
    assert.throws(() => new SMachine(fsm), {
      name: 'MachineError',
      code: 'MACHINE_DUPLICATED_EVENT',
      message: /'EV_GO'/,
    });
  });
});
