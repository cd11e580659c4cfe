// GTimer (spec §2.6, §6.1 item 7; DESIGN.md §4): EV_SET_TIMER {seconds, autostart} →
// EV_TIMEOUT delivered in order with the queue to the subscriber, fractional seconds, cyclic timers,
// cancellation, persistent values, a configurable event name and cleanup on destroy.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createGObj,
  GAplic,
  GObj,
  GTimer,
  type Fault,
  type GEvent,
  type Kw,
} from '../../src/index.js';
import { advanceAndDrain, CaptureLogger, drain, TestClock } from '../../src/testing/index.js';
import { kDeadline, kNext, kPrev } from '../../src/symbols.js';
import type { TimerHandle } from '../../src/index.js';

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

/** A gaplic recording its faults, an owner and `n` timer children of it. */
function withFaults(n: number): {
  gaplic: GAplic;
  clock: TestClock;
  logger: CaptureLogger;
  faults: Fault[];
  owner: Owner;
  timers: GTimer[];
} {
  const clock = new TestClock();
  const logger = new CaptureLogger();
  const faults: Fault[] = [];
  const gaplic = new GAplic({ name: 'ga', clock, logger, onFault: (f) => faults.push(f) });
  const owner = gaplic.createGObj('owner', Owner, gaplic);
  const timers: GTimer[] = [];
  for (let i = 0; i < n; i++) timers.push(gaplic.createGObj(`t${i}`, GTimer, owner));
  return { gaplic, clock, logger, faults, owner, timers };
}

describe("GTimer - the parent's subscription (held without a Subscription until observed)", () => {
  test('GTimer - getSubscriptions shows one subscription of every event to the parent, the same object each time', () => {
    const { owner, timers } = withFaults(1);
    const timer = timers[0]!;
    const [s, more] = timer.getSubscriptions();
    assert.equal(more, undefined);
    assert.equal(s!.publisher, timer);
    assert.equal(s!.subscriber, owner);
    assert.equal(s!.eventNames, null);
    assert.equal(s!.active, true);
    assert.equal(s!.hardSubscription, false);
    assert.equal(s!.usePostEvent, false);
    assert.equal(s!.renameEventName, null);
    assert.equal(timer.getSubscriptions()[0], s);
    // Materialized, it still delivers.
    timer.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1 });
    timer.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1 });
    assert.equal(timer.getSubscriptions()[0], s);
  });

  test('GTimer - the materialized subscription delivers, and deleting it by object stops delivery', () => {
    const { gaplic, clock, owner, timers, faults } = withFaults(1);
    const timer = timers[0]!;
    const s = timer.getSubscriptions()[0]!;
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1, autostart: true });
    advanceAndDrain(gaplic, clock, 1);
    assert.deepEqual(owner.received, ['EV_TIMEOUT@1']);
    assert.equal(timer.deleteSubscriptionByObject(s), true);
    assert.equal(s.active, false);
    assert.deepEqual(timer.getSubscriptions(), []);
    advanceAndDrain(gaplic, clock, 3);
    assert.deepEqual(owner.received, ['EV_TIMEOUT@1']);
    // A second deletion of it is refused.
    assert.equal(timer.deleteSubscriptionByObject(s), false);
    assert.deepEqual(
      faults.map((f) => f.code),
      ['SUBSCRIPTION_NOT_FOUND'],
    );
  });

  test('GTimer - deleteAllSubscriptions() on an unobserved timer stops delivery', () => {
    const { gaplic, clock, owner, timers, faults } = withFaults(1);
    const timer = timers[0]!;
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1, autostart: true });
    timer.deleteAllSubscriptions();
    assert.deepEqual(timer.getSubscriptions(), []);
    advanceAndDrain(gaplic, clock, 3);
    assert.deepEqual(owner.received, []);
    assert.deepEqual(faults, []);
  });

  test('GTimer - deleteSubscription(null, parent) finds the unobserved subscription; a second finds none', () => {
    const { gaplic, clock, owner, timers, faults } = withFaults(1);
    const timer = timers[0]!;
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1 });
    assert.equal(timer.deleteSubscription(null, owner), true);
    assert.equal(timer.deleteSubscription(null, owner), false);
    advanceAndDrain(gaplic, clock, 2);
    assert.deepEqual(owner.received, []);
    assert.deepEqual(
      faults.map((f) => f.code),
      ['SUBSCRIPTION_NOT_FOUND'],
    );
  });

  test('GTimer - re-subscribing the parent to every event replaces the unobserved subscription', () => {
    const { gaplic, clock, owner, timers, faults } = withFaults(1);
    const timer = timers[0]!;
    const s = timer.subscribeEvent(null, owner, { renameEventName: 'EV_TICK' });
    assert.deepEqual(timer.getSubscriptions(), [s]);
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1 });
    advanceAndDrain(gaplic, clock, 1);
    assert.deepEqual(owner.received, ['EV_TICK@1']);
    assert.deepEqual(
      faults.map((f) => f.code),
      ['SUBSCRIPTION_REPLACED'],
    );
  });

  test('GTimer - a second subscriber comes after the parent, in delivery and in getSubscriptions', () => {
    const { gaplic, clock, owner, timers } = withFaults(1);
    const timer = timers[0]!;
    const other = gaplic.createGObj('other', Owner, gaplic);
    const second = timer.subscribeEvent('EV_TIMEOUT', other, { renameEventName: 'EV_TICK' });
    const [first, again, none] = timer.getSubscriptions();
    assert.equal(first!.subscriber, owner);
    assert.equal(again, second);
    assert.equal(none, undefined);
    const trail: string[] = [];
    owner.received = other.received = trail;
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1 });
    advanceAndDrain(gaplic, clock, 1);
    assert.deepEqual(trail, ['EV_TIMEOUT@1', 'EV_TICK@1']);
  });

  test('GTimer - a timer with newSubscriberEvent or traceSubscription subscribes its parent as before', () => {
    const clock = new TestClock();
    const logger = new CaptureLogger();
    const gaplic = new GAplic({ name: 'ga', clock, logger });
    const owner = gaplic.createGObj('owner', Owner, gaplic);
    const traced = gaplic.createGObj('traced', GTimer, owner, { traceSubscription: true });
    assert.equal(logger.messages('info').filter((m) => m.includes('subscribed')).length, 1);
    owner.sendEvent(traced, 'EV_SET_TIMER', { seconds: 1 });
    advanceAndDrain(gaplic, clock, 1);
    assert.deepEqual(owner.received, ['EV_TIMEOUT@1']);
    assert.equal(traced.getSubscriptions()[0]!.subscriber, owner);
  });

  test('GTimer - destroying a parent of armed timers: nothing delivered after, no fault, no timer left', () => {
    const { gaplic, clock, owner, timers, faults, logger } = withFaults(3);
    owner.sendEvent(timers[0]!, 'EV_SET_TIMER', { seconds: 1, autostart: true });
    owner.sendEvent(timers[1]!, 'EV_SET_TIMER', { seconds: 0 });
    owner.sendEvent(timers[2]!, 'EV_SET_TIMER', { seconds: 2 });
    timers[2]!.getSubscriptions(); // one observed, the others not
    advanceAndDrain(gaplic, clock, 1);
    assert.deepEqual(owner.received, ['EV_TIMEOUT@0', 'EV_TIMEOUT@1']);
    gaplic.destroyGObj(owner);
    assert.ok(timers.every((t) => t.destroyed && t.getSubscriptions().length === 0));
    assert.equal(gaplic.timerCount, 0);
    advanceAndDrain(gaplic, clock, 5);
    assert.deepEqual(owner.received, ['EV_TIMEOUT@0', 'EV_TIMEOUT@1']);
    assert.deepEqual(faults, []);
    assert.deepEqual(logger.messages('error'), []);
  });
});

/** Calls its `hook` with the source of each EV_TIMEOUT. */
function acHook(gobj: Hooked, event: GEvent): void {
  gobj.hook(event.source[0] as GObj);
}

const hookedFsm = {
  eventList: ['EV_TIMEOUT: top input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_TIMEOUT', acHook, null]] },
} as const;

class Hooked extends GObj<typeof hookedFsm> {
  static override fsm = hookedFsm;
  hook: (source: GObj) => void = () => {};
}

// A GTimer is its own node in its gaplic's timer lists (src/gaplic/timer-lists.ts): no
// entry is allocated when it is armed; it shares the lists with the addTimeout entries.
describe('GTimer as its own timer node', () => {
  test('GTimer - the GTimer itself is linked while armed, and unlinked by cancel and by firing', () => {
    const fx = setup();
    assert.equal(fx.timer[kNext], null);
    set(fx, { seconds: 1.5 });
    assert.notEqual(fx.timer[kNext], null);
    assert.notEqual(fx.timer[kPrev], null);
    assert.equal(fx.timer[kDeadline], 1.5);
    set(fx, { seconds: -1 });
    assert.equal(fx.timer[kPrev], null);
    assert.equal(fx.timer[kNext], null);
    set(fx, { seconds: 1 });
    advanceAndDrain(fx.gaplic, fx.clock, 1);
    assert.equal(fx.timer[kNext], null);
    assert.equal(fx.timer.armed, false);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@1']);
  });

  test('GTimer - re-armed and cancelled many times, it stays one timer and fires once, last', () => {
    const fx = setup();
    const order: string[] = [];
    fx.owner.received = order;
    fx.gaplic.addTimeout(1, () => order.push('entry-before'));
    const generation = fx.timer.generation;
    let cancels = 0;
    for (let i = 0; i < 10_000; i++) {
      set(fx, { seconds: 1 }); // cancels, then arms
      cancels++;
      assert.equal(fx.gaplic.timerCount, 2);
      if (i % 3 === 1) {
        set(fx, { seconds: -1 });
        cancels++;
        assert.equal(fx.gaplic.timerCount, 1);
      }
    }
    assert.equal(fx.timer.generation, generation + cancels);
    fx.gaplic.addTimeout(1, () => order.push('entry-after'));
    advanceAndDrain(fx.gaplic, fx.clock, 2);
    assert.deepEqual(order, ['entry-before', 'EV_TIMEOUT@1', 'entry-after']);
    assert.equal(fx.gaplic.timerCount, 0);
  });

  test('GTimer - a GTimer and addTimeout entries with equal deadlines fire in insertion order', () => {
    const fx = setup();
    const second = fx.gaplic.createGObj('second', GTimer, fx.owner, {
      timeoutEventName: 'EV_TICK',
    });
    const order: string[] = [];
    fx.owner.received = order;
    fx.gaplic.addTimeout(1, () => order.push('a'));
    set(fx, { seconds: 1 });
    fx.gaplic.addTimeout(1, () => order.push('b'));
    fx.clock.advance(0.5);
    fx.owner.sendEvent(second, 'EV_SET_TIMER', { seconds: 0.5 }); // same deadline, other list
    fx.gaplic.addTimeout(0.5, () => order.push('c'));
    fx.clock.advance(0.5);
    fx.gaplic.runOnce();
    assert.deepEqual(order, ['a', 'EV_TIMEOUT@1', 'b', 'EV_TICK@1', 'c']);
  });

  test('GTimer - a GTimer cancelled by an earlier timer of the same pass does not fire', () => {
    const fx = setup();
    fx.gaplic.addTimeout(1, () => set(fx, { seconds: -1 }));
    set(fx, { seconds: 1 });
    fx.clock.advance(1);
    fx.gaplic.runOnce();
    assert.deepEqual(fx.owner.received, []);
    assert.equal(fx.gaplic.timerCount, 0);
  });

  test('GTimer - a GTimer re-armed by an earlier timer of the same pass waits for its new deadline', () => {
    const fx = setup();
    fx.gaplic.addTimeout(1, () => set(fx, { seconds: 0.5 }));
    set(fx, { seconds: 1 });
    advanceAndDrain(fx.gaplic, fx.clock, 1);
    assert.deepEqual(fx.owner.received, []);
    advanceAndDrain(fx.gaplic, fx.clock, 1);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@1.5']);
  });

  test('GTimer - a timeout delivered from the timer pass can cancel timers of the same pass', () => {
    const clock = new TestClock();
    const gaplic = new GAplic({ clock, logger: new CaptureLogger() });
    const parent = gaplic.createGObj('parent', Hooked, gaplic);
    const first = gaplic.createGObj('first', GTimer, parent);
    const second = gaplic.createGObj('second', GTimer, parent);
    const fired: string[] = [];
    let removed: boolean | null = null;
    parent.hook = (source) => {
      fired.push(source.name);
      removed = gaplic.removeTimeout(later);
      parent.sendEvent(second, 'EV_SET_TIMER', { seconds: -1 });
    };
    parent.sendEvent(first, 'EV_SET_TIMER', { seconds: 1 });
    const later = gaplic.addTimeout(1, () => fired.push('later'));
    parent.sendEvent(second, 'EV_SET_TIMER', { seconds: 1 });
    clock.advance(1);
    gaplic.runOnce();
    assert.deepEqual(fired, ['first']);
    assert.equal(removed, true);
    assert.equal(second.armed, false);
    assert.equal(gaplic.timerCount, 0);
    advanceAndDrain(gaplic, clock, 2);
    assert.deepEqual(fired, ['first']);
  });

  test('GTimer - destroying an armed GTimer in the middle of a list keeps the others in order', () => {
    const fx = setup();
    const order: string[] = [];
    fx.gaplic.addTimeout(1, () => order.push('a'));
    set(fx, { seconds: 1, autostart: true });
    fx.gaplic.addTimeout(1, () => order.push('b'));
    assert.equal(fx.gaplic.timerCount, 3);
    fx.gaplic.destroyGObj(fx.timer);
    assert.equal(fx.timer.armed, false);
    assert.equal(fx.gaplic.timerCount, 2);
    advanceAndDrain(fx.gaplic, fx.clock, 3);
    assert.deepEqual(order, ['a', 'b']);
    assert.deepEqual(fx.owner.received, []);
    assert.equal(fx.gaplic.timerCount, 0);
  });

  test('GTimer - a periodic GTimer keeps the period it was armed with when seconds is written', () => {
    const fx = setup();
    set(fx, { seconds: 0.5, autostart: true });
    fx.timer.writeParameter('seconds', 2);
    advanceAndDrain(fx.gaplic, fx.clock, 1.6);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@0.5', 'EV_TIMEOUT@1', 'EV_TIMEOUT@1.5']);
  });

  test('GTimer - periodic GTimers sharing a list with one-shot entries stay on their grid', () => {
    const fx = setup();
    const fired: number[] = [];
    set(fx, { seconds: 1, autostart: true });
    for (let i = 0; i < 3; i++) fx.gaplic.addTimeout(1, () => fired.push(fx.clock.now()));
    fx.clock.advance(0.5);
    fx.gaplic.addTimeout(1, () => fired.push(fx.clock.now()));
    advanceAndDrain(fx.gaplic, fx.clock, 2.6);
    assert.deepEqual(fired, [1, 1, 1, 1.5]);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@1', 'EV_TIMEOUT@2', 'EV_TIMEOUT@3']);
  });

  test('GTimer - after a stall a periodic GTimer fires once and rejoins its grid', () => {
    const fx = setup();
    set(fx, { seconds: 0.5, autostart: true });
    fx.clock.advance(1.75);
    fx.gaplic.runOnce();
    advanceAndDrain(fx.gaplic, fx.clock, 0.75);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@1.75', 'EV_TIMEOUT@2', 'EV_TIMEOUT@2.5']);
  });

  test('GTimer - a stopped gaplic keeps an armed GTimer, which fires after start()', async () => {
    const fx = setup();
    let stopped = fx.gaplic.start();
    set(fx, { seconds: 1 });
    fx.gaplic.stop();
    await stopped;
    fx.clock.advance(2);
    assert.deepEqual(fx.owner.received, []);
    assert.equal(fx.timer.armed, true);
    stopped = fx.gaplic.start();
    fx.clock.advance(0);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@2']);
    fx.gaplic.stop();
    await stopped;
  });

  test('GTimer - removeTimeout refuses a GTimer given as a handle; the GTimer stays armed', () => {
    const fx = setup();
    set(fx, { seconds: 1 });
    assert.equal(fx.gaplic.removeTimeout(fx.timer as unknown as TimerHandle), false);
    assert.equal(fx.timer.armed, true);
    assert.equal(fx.gaplic.timerCount, 1);
    advanceAndDrain(fx.gaplic, fx.clock, 1);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@1']);
  });

  test('GTimer - a queued timeout of a GTimer re-armed since is dropped', () => {
    const fx = setup();
    set(fx, { seconds: 1 });
    fx.gaplic.postEvent(fx.owner, 'EV_TICK'); // the timeout will queue behind it
    fx.clock.advance(1);
    // Due with the GTimer and added after it: runs right after it, in the same pass.
    fx.gaplic.addTimeout(0, () => set(fx, { seconds: 5 }));
    fx.gaplic.runOnce();
    advanceAndDrain(fx.gaplic, fx.clock, 0.5);
    assert.deepEqual(fx.owner.received, ['EV_TICK@1']);
    advanceAndDrain(fx.gaplic, fx.clock, 5);
    assert.deepEqual(fx.owner.received, ['EV_TICK@1', 'EV_TIMEOUT@6']);
  });
});

describe('GTimer - seconds and autostart kept without a config', () => {
  // Until a timer's config is made, EV_SET_TIMER's values live in the timer (a config
  // would cost ~100 B of every timer); what the config shows must not depend on it.
  test('GTimer - the config, made after EV_SET_TIMER, shows the values it left', () => {
    const fx = setup();
    set(fx, { seconds: 2.5, autostart: true });
    assert.equal(fx.timer.config.seconds, 2.5);
    assert.equal(fx.timer.config.autostart, true);
    set(fx, { seconds: -1 });
    assert.equal(fx.timer.config.seconds, -1);
    assert.equal(fx.timer.config.autostart, true);
  });

  test('GTimer - once the config exists it holds the values: a written seconds re-arms', () => {
    const fx = setup();
    set(fx, { seconds: 1 });
    assert.equal(fx.timer.writeParameter('seconds', 4), true);
    set(fx);
    advanceAndDrain(fx.gaplic, fx.clock, 3.9);
    assert.deepEqual(fx.owner.received, []);
    advanceAndDrain(fx.gaplic, fx.clock, 0.2);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@4']);
  });

  test("GTimer - a subclass's defaults of seconds and autostart apply to EV_SET_TIMER without kw", () => {
    const every3 = {
      seconds: { type: 'float', default: 3, description: 'every 3 s' },
      autostart: { type: 'bool', default: true, description: 'periodic' },
    } as const;
    class Every3 extends GTimer {
      static override gconfig = every3 as unknown as typeof GTimer.gconfig;
    }
    const fx = setup();
    const timer = fx.gaplic.createGObj('every3', Every3, fx.owner);
    fx.owner.sendEvent(timer, 'EV_SET_TIMER');
    advanceAndDrain(fx.gaplic, fx.clock, 6.5);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@3', 'EV_TIMEOUT@6']);
  });

  test("GTimer - a subclass's validator of seconds still runs on EV_SET_TIMER", () => {
    const checked = {
      seconds: {
        type: 'float',
        default: -1,
        description: 'at most 10 s',
        validate: (v: number) => {
          if (v > 10) throw new Error('at most 10');
          return v;
        },
      },
    } as const;
    class Bounded extends GTimer {
      static override gconfig = checked as unknown as typeof GTimer.gconfig;
    }
    const faults: Fault[] = [];
    const clock = new TestClock();
    const gaplic = new GAplic({
      clock,
      logger: new CaptureLogger(),
      onFault: (f) => faults.push(f),
    });
    const owner = gaplic.createGObj('owner', Owner, gaplic);
    const timer = gaplic.createGObj('bounded', Bounded, owner);
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 11 });
    assert.equal(timer.armed, false);
    assert.deepEqual(
      faults.map((f) => f.code),
      ['GTIMER_BAD_SECONDS'],
    );
    assert.equal(timer.config.seconds, -1);
  });

  test('GTimer - a kw value the pipeline coerces ("2" for seconds, "true" for autostart) works as before', () => {
    const fx = setup();
    set(fx, { seconds: '2', autostart: 'true' });
    assert.equal(fx.timer.config.seconds, 2);
    assert.equal(fx.timer.config.autostart, true);
    advanceAndDrain(fx.gaplic, fx.clock, 4.5);
    assert.deepEqual(fx.owner.received, ['EV_TIMEOUT@2', 'EV_TIMEOUT@4']);
  });
});
