// GTimer (spec §2.6, §6.1 item 7; DESIGN.md §4): EV_SET_TIMER {seconds, autostart} →
// EV_TIMEOUT delivered in order with the queue to the subscriber, fractional seconds, cyclic timers,
// cancellation, persistent values, a configurable event name and cleanup on destroy.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createGObj, GAplic, GObj, GTimer, type GEvent, type Kw } from '../../src/index.js';
import { advanceAndDrain, CaptureLogger, drain, TestClock } from '../../src/testing/index.js';

/** Receives timeouts; records `<event>@<time>` using the gaplic's clock. */
function acTimeout(gobj: Owner, event: GEvent): void {
  gobj.received.push(`${event.eventName}@${gobj.gaplic?.clock.now() ?? '-'}`);
  gobj.events.push(event);
}

/** Sets its `timer` child: a nested sendEvent, so the action runs to completion around it. */
function acArm(gobj: Owner, event: GEvent): void {
  gobj.received.push('arm:start');
  gobj.sendEvent(gobj.timer!, 'EV_SET_TIMER', event.kw);
  gobj.received.push('arm:end');
}

const ownerFsm = {
  eventList: ['EV_TIMEOUT: top input', 'EV_TICK: top input', 'EV_ARM: top input'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_TIMEOUT', acTimeout, null],
      ['EV_TICK', acTimeout, null],
      ['EV_ARM', acArm, null],
    ],
  },
} as const;

class Owner extends GObj<typeof ownerFsm> {
  static override fsm = ownerFsm;
  received: string[] = [];
  events: GEvent[] = [];
  timer: GTimer | null = null;
}

interface Fixture {
  gaplic: GAplic;
  clock: TestClock;
  logger: CaptureLogger;
  owner: Owner;
  timer: GTimer;
}

function setup(timerKw?: Kw): Fixture {
  const clock = new TestClock();
  const logger = new CaptureLogger();
  const gaplic = new GAplic({ name: 'ga', clock, logger });
  const owner = gaplic.createGObj('owner', Owner, gaplic);
  const timer = gaplic.createGObj('timer', GTimer, owner, timerKw);
  owner.timer = timer;
  return { gaplic, clock, logger, owner, timer };
}

function set(fx: Fixture, kw?: Kw): void {
  fx.owner.sendEvent(fx.timer, 'EV_SET_TIMER', kw);
}

describe('GTimer', () => {
  test('GTimer - EV_SET_TIMER {seconds} delivers EV_TIMEOUT to the parent after seconds', () => {
    const fx = setup();
    set(fx, { seconds: 2 });
    assert.equal(fx.timer.armed, true);
    advanceAndDrain(fx.gaplic, fx.clock, 1.99);
    assert.deepEqual(fx.owner.received, []);
    advanceAndDrain(fx.gaplic, fx.clock, 3);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@2']);
    assert.equal(fx.timer.armed, false);
    const [event] = fx.owner.events as [GEvent];
    assert.deepEqual(event.source, [fx.timer]);
    assert.deepEqual(event.kw, {});
  });

  test('GTimer - with no event waiting, the timeout is delivered from the timer pass itself', () => {
    const fx = setup();
    set(fx, { seconds: 1 });
    const seen: [queued: number, received: number][] = [];
    // Added after the GTimer's timeout, same deadline: runs right after it, in the same pass.
    fx.gaplic.addTimeout(1, () => seen.push([fx.gaplic.queueLength, fx.owner.received.length]));
    fx.clock.advance(1);
    fx.gaplic.runOnce();
    assert.deepEqual(seen, [[0, 1]]);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@1']);
  });

  test('GTimer - with events waiting, the timeout is queued behind them', () => {
    const fx = setup();
    set(fx, { seconds: 1 });
    fx.gaplic.postEvent(fx.owner, 'EV_TICK'); // posted before the timer fires
    fx.clock.advance(1);
    fx.gaplic.runOnce();
    assert.deepEqual(fx.owner.received, ['EV_TICK@1', 'EV_TIMEOUT@1']);
  });

  test('GTimer - a 0 s timeout is never nested inside the action that set it', () => {
    const fx = setup();
    fx.gaplic.postEvent(fx.owner, 'EV_ARM', { seconds: 0 });
    drain(fx.gaplic);
    assert.deepEqual(fx.owner.received, ['arm:start', 'arm:end', 'EV_TIMEOUT@0']);
  });

  test('GTimer - fractional seconds: 0.25 fires at 0.25 (ginsfsm truncated it to 0)', () => {
    const fx = setup();
    set(fx, { seconds: 0.25 });
    advanceAndDrain(fx.gaplic, fx.clock, 0.24);
    assert.deepEqual(fx.owner.received, []);
    advanceAndDrain(fx.gaplic, fx.clock, 0.01);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@0.25']);
  });

  test('GTimer - seconds given as an ini string are coerced to a float', () => {
    const fx = setup();
    set(fx, { seconds: '0.5' });
    advanceAndDrain(fx.gaplic, fx.clock, 1);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@0.5']);
  });

  test('GTimer - autostart makes it cyclic, on a fixed grid', () => {
    const fx = setup();
    set(fx, { seconds: 0.5, autostart: true });
    advanceAndDrain(fx.gaplic, fx.clock, 2.2);
    assert.deepEqual(fx.owner.received, [
      'EV_TIMEOUT@0.5',
      'EV_TIMEOUT@1',
      'EV_TIMEOUT@1.5',
      'EV_TIMEOUT@2',
    ]);
    assert.equal(fx.timer.armed, true);
  });

  test('GTimer - seconds < 0 cancels a pending timeout', () => {
    const fx = setup();
    set(fx, { seconds: 1, autostart: true });
    advanceAndDrain(fx.gaplic, fx.clock, 1);
    set(fx, { seconds: -1 });
    assert.equal(fx.timer.armed, false);
    assert.equal(fx.gaplic.timerCount, 0);
    advanceAndDrain(fx.gaplic, fx.clock, 5);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@1']);
  });

  test('GTimer - values persist: EV_SET_TIMER without kw re-arms with the previous seconds', () => {
    const fx = setup();
    set(fx, { seconds: 1 });
    advanceAndDrain(fx.gaplic, fx.clock, 1);
    set(fx);
    advanceAndDrain(fx.gaplic, fx.clock, 3);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@1', 'EV_TIMEOUT@2']);
    assert.equal(fx.timer.config.seconds, 1);
  });

  test('GTimer - values persist: an omitted autostart keeps the previous one', () => {
    const fx = setup();
    set(fx, { seconds: 1, autostart: true });
    advanceAndDrain(fx.gaplic, fx.clock, 0.5);
    set(fx, { seconds: 0.25 });
    advanceAndDrain(fx.gaplic, fx.clock, 0.8);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@0.75', 'EV_TIMEOUT@1', 'EV_TIMEOUT@1.25']);
    assert.equal(fx.timer.config.autostart, true);
  });

  test('GTimer - only seconds and autostart are taken from the EV_SET_TIMER kw', () => {
    const fx = setup();
    set(fx, { seconds: 1, timeoutEventName: 'EV_TICK', subscriber: 'someone' });
    advanceAndDrain(fx.gaplic, fx.clock, 1);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@1']);
    assert.equal(fx.timer.config.timeoutEventName, 'EV_TIMEOUT');
  });

  test('GTimer - re-setting cancels the previous timeout', () => {
    const fx = setup();
    set(fx, { seconds: 1 });
    advanceAndDrain(fx.gaplic, fx.clock, 0.5);
    set(fx, { seconds: 1 });
    assert.equal(fx.gaplic.timerCount, 1);
    advanceAndDrain(fx.gaplic, fx.clock, 3);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@1.5']);
  });

  test('GTimer - timeoutEventName renames the event delivered', () => {
    const fx = setup({ timeoutEventName: 'EV_TICK' });
    set(fx, { seconds: 1 });
    advanceAndDrain(fx.gaplic, fx.clock, 1);
    assert.deepEqual(fx.owner.received, ['EV_TICK@1']);
  });

  test('GTimer - an explicit subscriber gobj receives the timeout instead of the parent', () => {
    const clock = new TestClock();
    const gaplic = new GAplic({ clock, logger: new CaptureLogger() });
    const parent = gaplic.createGObj('parent', Owner, gaplic);
    const other = gaplic.createGObj('other', Owner, gaplic);
    const timer = gaplic.createGObj('timer', GTimer, parent, { subscriber: other });
    parent.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1 });
    advanceAndDrain(gaplic, clock, 1);
    assert.deepEqual(other.received, ['EV_TIMEOUT@1']);
    assert.deepEqual(parent.received, []);
  });

  test('GTimer - a unique-name subscriber is resolved when the timeout is delivered', () => {
    const clock = new TestClock();
    const gaplic = new GAplic({ clock, logger: new CaptureLogger() });
    const timer = gaplic.createGObj('timer', GTimer, gaplic, { subscriber: 'watcher' });
    const watcher = gaplic.createGObj('watcher', Owner, gaplic, { uniqueName: true });
    gaplic.sendEvent(timer, 'EV_SET_TIMER', { seconds: 0.5 });
    advanceAndDrain(gaplic, clock, 1);
    assert.deepEqual(watcher.received, ['EV_TIMEOUT@0.5']);
  });

  test('GTimer - destroying the GTimer cancels its timeout', () => {
    const fx = setup();
    set(fx, { seconds: 1, autostart: true });
    fx.gaplic.destroyGObj(fx.timer);
    assert.equal(fx.gaplic.timerCount, 0);
    advanceAndDrain(fx.gaplic, fx.clock, 3);
    assert.deepEqual(fx.owner.received, []);
  });

  test('GTimer - destroying its parent cancels its timeout', () => {
    const fx = setup();
    set(fx, { seconds: 1 });
    fx.gaplic.destroyGObj(fx.owner);
    assert.equal(fx.timer.destroyed, true);
    assert.equal(fx.gaplic.timerCount, 0);
    advanceAndDrain(fx.gaplic, fx.clock, 3);
    assert.deepEqual(fx.owner.received, []);
  });

  test('GTimer - autostart under 1 ms runs at the 1 ms minimum period (it cannot spin)', () => {
    const fx = setup();
    set(fx, { seconds: 0, autostart: true });
    advanceAndDrain(fx.gaplic, fx.clock, 0.0035);
    assert.deepEqual(fx.owner.received, [
      'EV_TIMEOUT@0.001',
      'EV_TIMEOUT@0.002',
      'EV_TIMEOUT@0.003',
    ]);
    assert.equal(fx.gaplic.timerCount, 1);
    assert.deepEqual(fx.logger.messages('error'), []);
  });

  test('GTimer - timeouts reach the parent of a started gaplic by the clock alone', async () => {
    const fx = setup();
    const stopped = fx.gaplic.start();
    set(fx, { seconds: 0.25, autostart: true });
    fx.clock.advance(1);
    assert.deepEqual(fx.owner.received, [
      'EV_TIMEOUT@0.25',
      'EV_TIMEOUT@0.5',
      'EV_TIMEOUT@0.75',
      'EV_TIMEOUT@1',
    ]);
    fx.gaplic.stop();
    await stopped;
  });

  test('GTimer - without a gaplic, EV_SET_TIMER throws GOBJ_NO_GAPLIC', () => {
    const parent = new Owner();
    const timer = createGObj('timer', GTimer, parent);
    assert.equal(timer.gaplic, null);
    assert.throws(() => parent.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1 }), {
      name: 'GObjError',
      code: 'GOBJ_NO_GAPLIC',
    });
    assert.equal(timer.armed, false);
    // Cancelling needs no gaplic.
    parent.sendEvent(timer, 'EV_SET_TIMER', { seconds: -1 });
  });

  test('GTimer - with neither parent nor subscriber, creation throws GOBJ_BAD_SUBSCRIBER', () => {
    const gaplic = new GAplic({ clock: new TestClock(), logger: new CaptureLogger() });
    assert.throws(() => gaplic.createGObj('orphan', GTimer, null), {
      name: 'GObjError',
      code: 'GOBJ_BAD_SUBSCRIBER',
    });
  });
});
