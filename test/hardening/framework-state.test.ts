// Issue #5 §1: a user's gclass may declare fields of any name. The framework keeps its
// own state in #private fields and module symbols, never in `_names` a subclass shadows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  GAplic,
  GObj,
  GTimer,
  SMachine,
  checkFsm,
  GConfig,
  Subscription,
  type GEvent,
} from '../../src/index.js';
import { advanceAndDrain } from '../../src/testing/index.js';
import { world } from '../fixtures/probe.js';

function acSwitch(lamp: Lamp, _event: GEvent): void {
  lamp.broadcastEvent('EV_SWITCHED', { on: lamp.getCurrentState() === 'ST_ON' });
}

const lampFsm = {
  eventList: ['EV_TIMEOUT: top input', 'EV_SWITCHED: top output'],
  stateList: ['ST_OFF', 'ST_ON'],
  machine: {
    ST_OFF: [['EV_TIMEOUT', acSwitch, 'ST_ON']],
    ST_ON: [['EV_TIMEOUT', acSwitch, 'ST_OFF']],
  },
} as const;

/** Every `_name` the framework used to keep on its objects, declared by a user. */
class Lamp extends GObj<typeof lampFsm> {
  static override fsm = checkFsm(lampFsm);
  _state = 'on';
  _previousState = 'off';
  _machine = 'mine';
  _children = 3;
  _template = null;
  _subscriptions = 'none';
  _routes = new Map();
  _subscribedTo = 'x';
  _ownedEventFilter = 1;
  _reName = /x/;
  _mayRepeatSubscriber = 'maybe';
  _dispatch = 'no';
  _label = 'label';
  _enqueue = 0;
  _resolve = 0;
  _push = 0;
  _report = 0;
  _registerUnique = 0;
  _deregisterUnique = 0;
  _applySettings = 0;
  _nextTimerDeadline = 0;
  _addChild = 0;
  _removeChild = 0;
  switched: boolean[] = [];
}

test('framework state - a gclass declaring _state and the other old _names works', () => {
  const { gaplic, clock } = world();
  const lamp = gaplic.createGObj('lamp', Lamp, gaplic, { uniqueName: true });
  const panel = new (class Panel extends GObj {})();
  lamp.subscribeEvent('EV_SWITCHED', panel);
  const timer = lamp.createGObj('timer', GTimer, lamp);
  lamp.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1, autostart: true });
  advanceAndDrain(gaplic, clock, 2);
  assert.equal(lamp.getCurrentState(), 'ST_OFF');
  assert.equal(lamp.getPreviousState(), 'ST_ON');
  assert.equal(lamp._state, 'on');
  assert.equal(lamp._children, 3);
  assert.equal(gaplic.findUniqueGObj('lamp'), lamp);
  assert.deepEqual(
    lamp.children.map((c) => c.name),
    ['timer'],
  );
  lamp.destroyGObj(lamp);
  assert.equal(gaplic.findUniqueGObj('lamp'), undefined);
});

/** Property names on an object and its prototype chain, up to Object.prototype. */
function ownNames(value: object): string[] {
  const names: string[] = [];
  for (let o: object | null = value; o !== null && o !== Object.prototype;) {
    names.push(...Object.getOwnPropertyNames(o));
    o = Object.getPrototypeOf(o) as object | null;
  }
  return names;
}

test('framework state - no framework object has a property or method named _something', () => {
  const { gaplic } = world();
  const gobj = gaplic.createGObj('g', GObj, gaplic);
  const timer = gaplic.createGObj('t', GTimer, gaplic);
  const subscription = timer.getSubscriptions()[0];
  assert.ok(subscription instanceof Subscription);
  const objects: object[] = [
    gaplic,
    gobj,
    timer,
    subscription,
    new SMachine({ eventList: [], stateList: [], machine: {} }),
    new GConfig({}),
    new GAplic(),
  ];
  for (const object of objects) {
    const underscored = ownNames(object).filter((n) => n.startsWith('_') && n !== '__proto__');
    assert.deepEqual(underscored, [], object.constructor.name);
  }
});
