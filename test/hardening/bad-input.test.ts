// Issue #5 §4: every public function given wrong types throws a documented coded error
// naming the argument — never a raw TypeError, never silence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addGlobalGAplic,
  Callback,
  createGObj,
  Deferred,
  DeferredList,
  destroyGObj,
  ERROR_CODES,
  filterEventAttrs,
  GConfig,
  GinsfsmError,
  GObjError,
  MachineError,
  GObj,
  globalGetGAplic,
  globalGetGObj,
  inside,
  parseEventDeclaration,
  postEventFromOutside,
  setGlobalApp,
  setGlobalMainGAplic,
  setGlobalTraceMach,
  SMachine,
  type ErrorCode,
} from '../../src/index.js';
import { advanceAndDrain, drain, resetGlobals, TestClock } from '../../src/testing/index.js';
import { codedError } from '../../src/errors.js';
import { world } from '../fixtures/probe.js';

type Case = readonly [call: string, code: ErrorCode, names: RegExp, run: () => unknown];

function cases(): Case[] {
  const { gaplic, probe } = world();
  const p = probe('p');
  const bad = null as never;
  return [
    [
      'writeParameters(null)',
      'GCONFIG_BAD_KW',
      /parameters got null/,
      () => p.writeParameters(bad),
    ],
    [
      'writeParameters(5)',
      'GCONFIG_BAD_KW',
      /parameters got 5/,
      () => p.writeParameters(5 as never),
    ],
    [
      'writeParameter(5, 1)',
      'GCONFIG_BAD_ARGUMENT',
      /parameter name got 5/,
      () => p.writeParameter(5 as never, 1),
    ],
    [
      'readParameter(null)',
      'GCONFIG_BAD_ARGUMENT',
      /parameter name got null/,
      () => p.readParameter(bad),
    ],
    [
      'resetParameter(5)',
      'GCONFIG_BAD_ARGUMENT',
      /parameter name got 5/,
      () => p.resetParameter(5 as never),
    ],
    [
      'writeFewParameters(5, {})',
      'GOBJ_BAD_ARGUMENT',
      /names got 5/,
      () => p.writeFewParameters(5 as never, {}),
    ],
    [
      'GConfig.readParameter(5)',
      'GCONFIG_BAD_ARGUMENT',
      /parameter name got 5/,
      () => new GConfig({}).readParameter(5 as never),
    ],
    [
      'new GConfig({}, 5)',
      'GCONFIG_BAD_ARGUMENT',
      /logger got 5/,
      () => new GConfig({}, 5 as never),
    ],
    [
      'deleteSubscriptionByObject(null)',
      'GOBJ_BAD_ARGUMENT',
      /subscription got null/,
      () => p.deleteSubscriptionByObject(bad),
    ],
    [
      'deleteSubscription(name, null)',
      'GOBJ_BAD_SUBSCRIBER',
      /subscriber got null/,
      () => p.deleteSubscription('EV_OUT', bad),
    ],
    [
      'deleteAllSubscriptions("yes")',
      'GOBJ_BAD_ARGUMENT',
      /force got "yes"/,
      () => p.deleteAllSubscriptions('yes' as never),
    ],
    [
      'setOwnedEventFilter(42)',
      'GOBJ_BAD_ARGUMENT',
      /filter got 42/,
      () => p.setOwnedEventFilter(42 as never),
    ],
    ['inside(null, g)', 'GOBJ_BAD_ARGUMENT', /gobj got null/, () => inside(bad, p)],
    ['inside(g, 5)', 'GOBJ_BAD_ARGUMENT', /ancestor got 5/, () => inside(p, 5 as never)],
    ['getChild(5)', 'GOBJ_BAD_ARGUMENT', /name got 5/, () => p.getChild(5 as never)],
    ['resourcePath(5)', 'GOBJ_BAD_ARGUMENT', /sep got 5/, () => p.resourcePath(5 as never)],
    [
      'overwriteParameters("x", {})',
      'GOBJ_BAD_ARGUMENT',
      /level got "x"/,
      () => p.overwriteParameters('x' as never, {}),
    ],
    ['name = 5', 'GOBJ_BAD_NAME', /name got 5/, () => (p.name = 5 as never)],
    [
      'sendEvent(dest, EV, "text")',
      'GOBJ_BAD_KW',
      /kw got "not an object"/,
      () => p.sendEvent(p, 'EV_A', 'not an object' as never),
    ],
    ['postEvent(dest, EV, 7)', 'GOBJ_BAD_KW', /kw got 7/, () => p.postEvent(p, 'EV_A', 7 as never)],
    [
      'broadcastEvent(EV, [])',
      'GOBJ_BAD_KW',
      /kw got array/,
      () => p.broadcastEvent('EV_OUT', [] as never),
    ],
    [
      'filterEventAttrs(null)',
      'EVENT_BAD_DECLARATION',
      /eventList got null/,
      () => filterEventAttrs(bad),
    ],
    [
      'parseEventDeclaration(5)',
      'EVENT_BAD_DECLARATION',
      /entry got 5/,
      () => parseEventDeclaration(5 as never),
    ],
    [
      'setGlobalTraceMach("on")',
      'MACHINE_BAD_ARGUMENT',
      /on got "on"/,
      () => setGlobalTraceMach('on' as never),
    ],
    [
      'new Callback(fn, 1, null)',
      'GAPLIC_BAD_ARGUMENT',
      /gaplic got null/,
      () => new Callback(() => 0, 1, bad),
    ],
    [
      'Callback.start(NaN)',
      'GAPLIC_BAD_TIMEOUT',
      /timeout got NaN/,
      () => new Callback(() => 0, 1, gaplic).start(NaN),
    ],
    [
      'new Deferred(ref, fn, 5)',
      'GAPLIC_BAD_ARGUMENT',
      /args got 5/,
      () => new Deferred('r', () => 0, 5 as never),
    ],
    [
      'DeferredList.addCallback(ref, 5)',
      'GAPLIC_BAD_CALLBACK',
      /callback got 5/,
      () => new DeferredList().addCallback('r', 5 as never),
    ],
    [
      'postEventFromOutside(..., 42)',
      'GOBJ_BAD_KW',
      /kw got 42/,
      () => postEventFromOutside('ga', 'p', 'EV_A', 42 as never),
    ],
    [
      'postEventFromOutside(5, ...)',
      'GAPLIC_BAD_ARGUMENT',
      /gaplicName got 5/,
      () => postEventFromOutside(5 as never, 'p', 'EV_A'),
    ],
    [
      'setGlobalMainGAplic({})',
      'GAPLIC_BAD_ARGUMENT',
      /gaplic got \[object Object\]/,
      () => setGlobalMainGAplic({} as never),
    ],
    ['addGlobalGAplic(null)', 'GAPLIC_BAD_ARGUMENT', /gaplic got null/, () => addGlobalGAplic(bad)],
    ['globalGetGAplic(5)', 'GAPLIC_BAD_ARGUMENT', /name got 5/, () => globalGetGAplic(5 as never)],
    [
      'globalGetGObj("x", 5)',
      'GAPLIC_BAD_ARGUMENT',
      /gaplicName got 5/,
      () => globalGetGObj('x', 5 as never),
    ],
    ['setGlobalApp("", x)', 'GAPLIC_BAD_ARGUMENT', /name got ""/, () => setGlobalApp('', 1)],
    [
      'addTimeout("1", fn)',
      'GAPLIC_BAD_TIMEOUT',
      /seconds got "1"/,
      () => gaplic.addTimeout('1' as never, () => 0),
    ],
    [
      'addCallback(5)',
      'GAPLIC_BAD_CALLBACK',
      /callback got 5/,
      () => gaplic.addCallback(5 as never),
    ],
    [
      'new TestClock("x")',
      'GAPLIC_BAD_ARGUMENT',
      /start got "x"/,
      () => new TestClock('x' as never),
    ],
    ['drain({})', 'GAPLIC_BAD_ARGUMENT', /gaplic got \[object Object\]/, () => drain({} as never)],
    [
      'advanceAndDrain(g, {}, 1)',
      'GAPLIC_BAD_ARGUMENT',
      /clock got \[object Object\]/,
      () => advanceAndDrain(gaplic, {} as never, 1),
    ],
    [
      'destroyGObj("x")',
      'GOBJ_BAD_DESTINATION',
      /expected a gobj, got "x"/,
      () => destroyGObj('x' as never),
    ],
    [
      'createGObj(5, GObj)',
      'GOBJ_BAD_NAME',
      /name must be a string or null, got 5/,
      () => createGObj(5 as never, GObj, null),
    ],
    ['new SMachine(5)', 'MACHINE_NOT_AN_OBJECT', /got 5/, () => new SMachine(5 as never)],
    [
      'subscribeEvent(EV, p, 5)',
      'GOBJ_BAD_SUBSCRIPTION_OPTION',
      /options got 5/,
      () => p.subscribeEvent('EV_OUT', p, 5 as never),
    ],
  ];
}

test('bad input - every case throws its documented code, naming the argument', () => {
  for (const [call, code, names, run] of cases()) {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    assert.ok(
      thrown instanceof GinsfsmError,
      `${call}: expected a coded error, got ${String(thrown)}`,
    );
    assert.equal(thrown.code, code, call);
    assert.equal(thrown.name, ERROR_CODES[code][0], call);
    assert.match(thrown.message, names, call);
  }
  resetGlobals();
});

test('bad input - Callback.start(NaN) leaves the callback stopped', () => {
  const { gaplic } = world();
  const callback = new Callback(() => 0, 1, gaplic);
  assert.throws(() => callback.start(NaN), { code: 'GAPLIC_BAD_TIMEOUT' });
  assert.equal(callback.running, false);
  assert.equal(gaplic.timerCount, 0);
});

test('bad input - a MachineError names the gclass whose descriptor is wrong', () => {
  class Broken extends GObj {
    static override fsm = { eventList: ['EV_A'], stateList: ['ST_A'], machine: { ST_B: [] } };
  }
  assert.throws(() => new Broken(), { code: 'MACHINE_UNDECLARED_STATE', message: /^Broken: / });
  const { gaplic } = world();
  assert.throws(() => gaplic.createGObj('b', Broken, gaplic), { message: /^Broken: / });
  assert.throws(() => new SMachine({ eventList: 5 } as never), { message: /^SMachine: / });
});

test('bad input - an error code can only be thrown with its own class', () => {
  // @ts-expect-error GOBJ_BAD_KW is a GObjError code: it does not compile with MachineError
  assert.throws(() => new MachineError('GOBJ_BAD_KW', 'x'), {
    name: 'TypeError',
    message: /GOBJ_BAD_KW cannot be thrown as MachineError/,
  });
  // @ts-expect-error not a code at all
  assert.throws(() => new GObjError('NOPE', 'x'), TypeError);
  const error = codedError('GOBJ_BAD_KW', 'x');
  assert.ok(error instanceof GObjError);
  assert.equal(error.name, 'GObjError');
  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    assert.equal(codedError(code, 'm').name, ERROR_CODES[code][0], code);
  }
});
