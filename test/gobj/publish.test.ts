// Publishing (src/gobj/publish.ts, subscription.ts): subscribeEvent and its options,
// broadcastEvent order, dedup, owned-event filter, deletion, tracing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Deferred,
  GAplic,
  GEvent,
  GObj,
  Subscription,
  type Fault,
  type FsmDescriptor,
  type Kw,
} from '../../src/index.js';
import { subscribeParentToAll } from '../../src/gobj/publish.js';
import { CaptureLogger, drain } from '../../src/testing/index.js';

let trail: string[] = [];

function acRecord(gobj: GObj, event: GEvent): unknown {
  const g = gobj as Sub | Pub;
  g.received.push(event);
  trail.push(`${gobj.name}:${event.eventName}`);
  return g.onEvent(event);
}

class Pub extends GObj {
  static override fsm: FsmDescriptor = {
    eventList: ['EV_A: output', 'EV_B: output', 'EV_IN: input', 'EV_NEW_SUB: input'],
    stateList: ['ST_IDLE'],
    machine: {
      ST_IDLE: [
        ['EV_IN', acRecord, null],
        ['EV_NEW_SUB', acRecord, null],
      ],
    },
  };
  received: GEvent[] = [];
  onEvent: (event: GEvent) => unknown = () => undefined;
}

class Sub extends GObj {
  static override fsm: FsmDescriptor = {
    eventList: ['EV_A: input', 'EV_B: input', 'EV_RENAMED: input'],
    stateList: ['ST_IDLE'],
    machine: {
      ST_IDLE: [
        ['EV_A', acRecord, null],
        ['EV_B', acRecord, null],
        ['EV_RENAMED', acRecord, null],
      ],
    },
  };
  received: GEvent[] = [];
  onEvent: (event: GEvent) => unknown = () => undefined;
}

function setup(pubKw: Kw = {}): {
  gaplic: GAplic;
  logger: CaptureLogger;
  pub: Pub;
  sub: (name: string, kw?: Kw) => Sub;
} {
  trail = [];
  const logger = new CaptureLogger();
  const gaplic = new GAplic({ name: 'ga', logger });
  const pub = gaplic.createGObj('pub', Pub, null, pubKw);
  return {
    gaplic,
    logger,
    pub,
    sub: (name, kw) => gaplic.createGObj(name, Sub, null, kw),
  };
}

function names(sub: Sub | Pub): string[] {
  return sub.received.map((e) => e.eventName);
}

describe('subscribeEvent - event names', () => {
  test('subscribeEvent - a name subscribes to that output event only', () => {
    const { pub, sub } = setup();
    const s = sub('s');
    const subscription = pub.subscribeEvent('EV_A', s);
    assert.ok(subscription instanceof Subscription);
    assert.deepEqual([...(subscription.eventNames ?? [])], ['EV_A']);
    pub.broadcastEvent('EV_A');
    pub.broadcastEvent('EV_B');
    assert.deepEqual(names(s), ['EV_A']);
  });

  test('subscribeEvent - a list subscribes to each listed output event', () => {
    const { pub, sub } = setup();
    const s = sub('s');
    pub.subscribeEvent(['EV_B', 'EV_A'], s);
    pub.broadcastEvent('EV_A');
    pub.broadcastEvent('EV_B');
    assert.deepEqual(names(s), ['EV_A', 'EV_B']);
  });

  test('subscribeEvent - null, or a list containing null, subscribes to every output event', () => {
    const { pub, sub } = setup();
    const all = sub('all');
    const mixed = sub('mixed');
    assert.equal(pub.subscribeEvent(null, all).eventNames, null);
    assert.equal(pub.subscribeEvent(['EV_A', null], mixed).eventNames, null);
    pub.broadcastEvent('EV_A');
    pub.broadcastEvent('EV_B');
    assert.deepEqual(names(all), ['EV_A', 'EV_B']);
    assert.deepEqual(names(mixed), ['EV_A', 'EV_B']);
  });

  test('subscribeEvent - an event that is not an output event throws EVENT_NOT_OUTPUT', () => {
    const { pub, sub } = setup();
    const s = sub('s');
    for (const eventNames of ['EV_IN', 'EV_UNKNOWN', ['EV_A', 'EV_IN']]) {
      assert.throws(() => pub.subscribeEvent(eventNames, s), {
        name: 'EventError',
        code: 'EVENT_NOT_OUTPUT',
      });
    }
    assert.deepEqual(pub.getSubscriptions(), []);
  });

  test('subscribeEvent - event names that are not strings throw EVENT_BAD_TYPE', () => {
    const { pub, sub } = setup();
    const s = sub('s');
    for (const eventNames of [42, { EV_A: true }, ['EV_A', 42]]) {
      assert.throws(() => pub.subscribeEvent(eventNames as never, s), {
        name: 'EventError',
        code: 'EVENT_BAD_TYPE',
      });
    }
    assert.deepEqual(pub.getSubscriptions(), []);
  });
});

describe('subscribeEvent - subscribers and options', () => {
  test('subscribeEvent - a subscriber that is not a gobj, a unique name or a Deferred throws GOBJ_BAD_SUBSCRIBER', () => {
    const { pub } = setup();
    for (const subscriber of [42, {}, '', ['s'], () => undefined]) {
      assert.throws(() => pub.subscribeEvent('EV_A', subscriber as never), {
        name: 'GObjError',
        code: 'GOBJ_BAD_SUBSCRIBER',
      });
    }
    assert.deepEqual(pub.getSubscriptions(), []);
  });

  test('subscribeEvent - a null subscriber is the parent; without parent it throws GOBJ_BAD_SUBSCRIBER', () => {
    const { gaplic, pub } = setup();
    const child = gaplic.createGObj('child', Pub, pub);
    assert.equal(child.subscribeEvent('EV_A', null).subscriber, pub);
    assert.equal(child.subscribeEvent('EV_B', undefined as never).subscriber, pub);
    assert.throws(() => pub.subscribeEvent('EV_A', null), {
      name: 'GObjError',
      code: 'GOBJ_BAD_SUBSCRIBER',
    });
  });

  test('subscribeEvent - a destroyed publisher or subscriber gobj throws GOBJ_DESTROYED', () => {
    const { gaplic, pub, sub } = setup();
    const gone = sub('gone');
    gone.destroyGObj(gone);
    assert.throws(() => pub.subscribeEvent('EV_A', gone), {
      name: 'GObjError',
      code: 'GOBJ_DESTROYED',
      message: /gone is destroyed/,
    });
    const deadPub = gaplic.createGObj('deadPub', Pub, gaplic);
    deadPub.destroyGObj(deadPub);
    assert.throws(() => deadPub.subscribeEvent('EV_A', sub('alive')), {
      name: 'GObjError',
      code: 'GOBJ_DESTROYED',
    });
    assert.deepEqual(pub.getSubscriptions(), []);
    assert.deepEqual(deadPub.getSubscriptions(), []);
  });

  test('subscribeEvent - unknown or ill-typed options throw GOBJ_BAD_SUBSCRIPTION_OPTION', () => {
    const { pub, sub } = setup();
    const s = sub('s');
    const bad: unknown[] = [
      'usePostEvent',
      null,
      [],
      { unknown: true },
      { __use_post_event__: true },
      { usePostEvent: 'yes' },
      { hardSubscription: 1 },
      { deferredWithoutEvent: 'true' },
      { renameEventName: '' },
      { renameEventName: 5 },
    ];
    for (const options of bad) {
      assert.throws(() => pub.subscribeEvent('EV_A', s, options as never), {
        name: 'GObjError',
        code: 'GOBJ_BAD_SUBSCRIPTION_OPTION',
      });
    }
    assert.deepEqual(pub.getSubscriptions(), []);
  });

  test('subscribeEvent - re-subscribing the same names and subscriber replaces the subscription', () => {
    const { pub, sub, logger } = setup();
    const s = sub('s');
    pub.subscribeEvent(['EV_A', 'EV_B'], s);
    const second = pub.subscribeEvent(['EV_B', 'EV_A'], s, { renameEventName: 'EV_RENAMED' });
    assert.deepEqual(pub.getSubscriptions(), [second]);
    assert.equal(logger.messages('warn').length, 1);
    pub.broadcastEvent('EV_A');
    assert.deepEqual(names(s), ['EV_RENAMED']);
    // Other names, or all names, make another subscription.
    pub.subscribeEvent('EV_A', s);
    pub.subscribeEvent(null, s);
    assert.equal(pub.getSubscriptions().length, 3);
  });

  test('subscribeEvent - re-subscribing replaces a hard subscription too', () => {
    const { pub, sub } = setup();
    const s = sub('s');
    pub.subscribeEvent('EV_A', s, { hardSubscription: true });
    const soft = pub.subscribeEvent('EV_A', s);
    assert.deepEqual(pub.getSubscriptions(), [soft]);
    assert.equal(soft.hardSubscription, false);
    assert.equal(pub.deleteSubscription('EV_A', s), true);
    assert.deepEqual(pub.getSubscriptions(), []);
  });

  test('subscribeEvent - newSubscriberEvent sends that event to the publisher with kw.subscription', () => {
    const { pub, sub } = setup({ newSubscriberEvent: 'EV_NEW_SUB' });
    const s = sub('s');
    const subscription = pub.subscribeEvent('EV_A', s);
    assert.equal(pub.received.length, 1);
    const event = pub.received[0];
    assert.equal(event?.eventName, 'EV_NEW_SUB');
    assert.equal(event?.kw.subscription, subscription);
    assert.deepEqual(event?.source, [pub]);
  });
});

describe('broadcastEvent', () => {
  test('broadcastEvent - an event that is neither a name nor a GEvent throws EVENT_BAD_TYPE, with or without subscribers', () => {
    const { pub, sub } = setup();
    for (const event of [42, null, { eventName: 'EV_A' }]) {
      assert.throws(() => pub.broadcastEvent(event as never), {
        name: 'EventError',
        code: 'EVENT_BAD_TYPE',
      });
    }
    pub.subscribeEvent('EV_A', sub('s'));
    assert.throws(() => pub.broadcastEvent(7 as never), {
      name: 'EventError',
      code: 'EVENT_BAD_TYPE',
    });
  });

  test('broadcastEvent - delivers in subscription order, with source [publisher] and the kw', () => {
    const { gaplic, pub, sub } = setup();
    const s1 = sub('s1');
    const s2 = sub('s2', { uniqueName: true });
    const s3 = sub('s3');
    pub.subscribeEvent('EV_A', s3);
    pub.subscribeEvent(null, 's2');
    pub.subscribeEvent(['EV_A'], s1);
    pub.broadcastEvent('EV_A', { x: 1 });
    assert.deepEqual(trail, ['s3:EV_A', 's2:EV_A', 's1:EV_A']);
    for (const s of [s1, s2, s3]) {
      assert.deepEqual(s.received[0]?.source, [pub]);
      assert.deepEqual(s.received[0]?.kw, { x: 1 });
      assert.equal(s.received[0]?.destination, s);
    }
    assert.equal(gaplic.queueLength, 0);
  });

  test('broadcastEvent - without subscriptions does nothing', () => {
    const { pub, logger } = setup({ traceSubscription: true });
    pub.broadcastEvent('EV_A');
    assert.deepEqual(logger.lines, []);
  });

  test('broadcastEvent - delivers once per broadcast to a subscriber subscribed twice', () => {
    const { pub, sub } = setup();
    const twice = sub('twice');
    const named = sub('named', { uniqueName: true });
    pub.subscribeEvent('EV_A', twice);
    pub.subscribeEvent(null, twice);
    pub.subscribeEvent('EV_A', named);
    pub.subscribeEvent('EV_A', 'named');
    pub.broadcastEvent('EV_A');
    assert.deepEqual(trail, ['twice:EV_A', 'named:EV_A']);
    pub.broadcastEvent('EV_A');
    assert.equal(twice.received.length, 2);
    assert.equal(named.received.length, 2);
  });

  test('broadcastEvent - a forwarded GEvent keeps its source chain and merges kw', () => {
    const { pub, sub } = setup();
    const s = sub('s');
    const origin = sub('origin');
    pub.subscribeEvent('EV_A', s);
    const received = new GEvent('EV_A', pub, [origin], { a: 1 });
    pub.broadcastEvent(received, { b: 2 });
    assert.deepEqual(s.received[0]?.source, [origin, pub]);
    assert.deepEqual(s.received[0]?.kw, { a: 1, b: 2 });
    assert.deepEqual(received.source, [origin]);
    assert.deepEqual(received.kw, { a: 1 });
  });

  test('broadcastEvent - usePostEvent queues the delivery; it arrives when the queue runs', () => {
    const { gaplic, pub, sub } = setup();
    const posted = sub('posted');
    const sent = sub('sent');
    pub.subscribeEvent('EV_A', posted, { usePostEvent: true });
    pub.subscribeEvent('EV_A', sent);
    pub.broadcastEvent('EV_A', { x: 1 });
    assert.deepEqual(trail, ['sent:EV_A']);
    assert.equal(gaplic.queueLength, 1);
    drain(gaplic);
    assert.deepEqual(trail, ['sent:EV_A', 'posted:EV_A']);
    assert.deepEqual(posted.received[0]?.source, [pub]);
    assert.deepEqual(posted.received[0]?.kw, { x: 1 });
  });

  test('broadcastEvent - renameEventName delivers under the new name with kw.original_event_name', () => {
    const { pub, sub } = setup();
    const renamed = sub('renamed');
    const plain = sub('plain');
    pub.subscribeEvent('EV_A', renamed, { renameEventName: 'EV_RENAMED' });
    pub.subscribeEvent('EV_A', plain);
    const kw = { x: 1 };
    pub.broadcastEvent('EV_A', kw);
    assert.equal(renamed.received[0]?.eventName, 'EV_RENAMED');
    assert.deepEqual(renamed.received[0]?.kw, { x: 1, original_event_name: 'EV_A' });
    assert.equal(plain.received[0]?.eventName, 'EV_A');
    assert.deepEqual(plain.received[0]?.kw, { x: 1 });
    assert.deepEqual(kw, { x: 1 });
  });

  test('broadcastEvent - subscriptionReference adds kw.__subscription_reference__, with or without rename', () => {
    const { pub, sub } = setup();
    const ref = sub('ref');
    const both = sub('both');
    const nullRef = sub('nullRef');
    const plain = sub('plain');
    pub.subscribeEvent('EV_A', ref, { subscriptionReference: 'r1' });
    pub.subscribeEvent('EV_A', both, {
      subscriptionReference: { id: 2 },
      renameEventName: 'EV_RENAMED',
    });
    pub.subscribeEvent('EV_A', nullRef, { subscriptionReference: null });
    pub.subscribeEvent('EV_A', plain);
    pub.broadcastEvent('EV_A', { x: 1 });
    assert.equal(ref.received[0]?.eventName, 'EV_A');
    assert.deepEqual(ref.received[0]?.kw, { x: 1, __subscription_reference__: 'r1' });
    assert.equal(both.received[0]?.eventName, 'EV_RENAMED');
    assert.deepEqual(both.received[0]?.kw, {
      x: 1,
      original_event_name: 'EV_A',
      __subscription_reference__: { id: 2 },
    });
    assert.deepEqual(nullRef.received[0]?.kw, { x: 1, __subscription_reference__: null });
    assert.deepEqual(plain.received[0]?.kw, { x: 1 });
  });

  test('broadcastEvent - a Deferred subscriber is called with { event }', () => {
    const { pub } = setup();
    const calls: unknown[][] = [];
    const deferred = new Deferred('ref', (...args: unknown[]) => calls.push(args), ['arg'], {
      stored: 1,
    });
    pub.subscribeEvent('EV_A', deferred, { renameEventName: 'EV_RENAMED' });
    pub.broadcastEvent('EV_A', { x: 1 });
    assert.equal(calls.length, 1);
    const [arg, kw] = calls[0] as [string, { stored: number; event: GEvent }];
    assert.equal(arg, 'arg');
    assert.equal(kw.stored, 1);
    assert.ok(kw.event instanceof GEvent);
    assert.equal(kw.event.eventName, 'EV_RENAMED');
    assert.deepEqual(kw.event.kw, { x: 1, original_event_name: 'EV_A' });
    assert.deepEqual(kw.event.source, [pub]);
  });

  test('broadcastEvent - a Deferred subscriber with deferredWithoutEvent is called without event', () => {
    const { pub } = setup();
    const calls: unknown[][] = [];
    const deferred = new Deferred('ref', (...args: unknown[]) => calls.push(args));
    pub.subscribeEvent('EV_A', deferred, { deferredWithoutEvent: true });
    pub.broadcastEvent('EV_A', { x: 1 });
    assert.deepEqual(calls, [[{}]]);
  });

  test('broadcastEvent - the owned-event filter stops the broadcast after a sent delivery it accepts', () => {
    const { pub, sub } = setup();
    const s1 = sub('s1');
    const s2 = sub('s2');
    const s3 = sub('s3');
    s1.onEvent = () => 'not mine';
    s2.onEvent = () => 'mine';
    for (const s of [s1, s2, s3]) pub.subscribeEvent('EV_A', s);
    const results: unknown[] = [];
    pub.setOwnedEventFilter((result) => {
      results.push(result);
      return result === 'mine';
    });
    pub.broadcastEvent('EV_A');
    assert.deepEqual(trail, ['s1:EV_A', 's2:EV_A']);
    assert.deepEqual(results, ['not mine', 'mine']);
    pub.setOwnedEventFilter(null);
    pub.broadcastEvent('EV_A');
    assert.equal(s3.received.length, 1);
  });

  test('broadcastEvent - the owned-event filter does not apply to posted or Deferred deliveries', () => {
    const { gaplic, pub, sub } = setup();
    const posted = sub('posted');
    const last = sub('last');
    posted.onEvent = () => 'mine';
    const deferred = new Deferred('d', () => 'mine');
    pub.subscribeEvent('EV_A', posted, { usePostEvent: true });
    pub.subscribeEvent('EV_A', deferred);
    pub.subscribeEvent('EV_A', last);
    const results: unknown[] = [];
    pub.setOwnedEventFilter((result) => {
      results.push(result);
      return result === 'mine';
    });
    pub.broadcastEvent('EV_A');
    assert.deepEqual(trail, ['last:EV_A']);
    assert.deepEqual(results, [undefined]);
    drain(gaplic);
    assert.equal(posted.received.length, 1);
  });

  test('broadcastEvent - a subscription deleted during a broadcast is skipped; one added is not served', () => {
    const { pub, sub } = setup();
    const s1 = sub('s1');
    const s2 = sub('s2');
    const s3 = sub('s3');
    const late = sub('late');
    s1.onEvent = () => {
      assert.equal(pub.deleteSubscription('EV_A', s2), true);
      pub.subscribeEvent('EV_A', late);
    };
    for (const s of [s1, s2, s3]) pub.subscribeEvent('EV_A', s);
    pub.broadcastEvent('EV_A');
    assert.deepEqual(trail, ['s1:EV_A', 's3:EV_A']);
    assert.equal(late.received.length, 0);
  });

  test('broadcastEvent - a unique-name subscriber unknown at delivery is logged; the others still get it', () => {
    const { gaplic, logger, pub, sub } = setup();
    const s1 = sub('s1');
    const s2 = sub('s2');
    pub.subscribeEvent('EV_A', s1);
    pub.subscribeEvent('EV_A', 'ghost');
    pub.subscribeEvent('EV_A', s2);
    pub.broadcastEvent('EV_A');
    assert.deepEqual(trail, ['s1:EV_A', 's2:EV_A']);
    const errors = logger.messages('error');
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /'ghost'/);
    // Resolved at each delivery: once registered, the name gets the next broadcast.
    const ghost = gaplic.createGObj('ghost', Sub, null, { uniqueName: true });
    pub.broadcastEvent('EV_A');
    assert.equal(ghost.received.length, 1);
  });
});

describe('deleteSubscription', () => {
  test('deleteSubscription - removes a subscription by names (any order) and subscriber', () => {
    const { pub, sub, logger } = setup();
    const s = sub('s');
    pub.subscribeEvent(['EV_A', 'EV_B'], s);
    assert.equal(pub.deleteSubscription(['EV_B', 'EV_A'], s), true);
    assert.deepEqual(pub.getSubscriptions(), []);
    pub.broadcastEvent('EV_A');
    assert.equal(s.received.length, 0);
    assert.deepEqual(logger.messages('error'), []);
  });

  test('deleteSubscription - returns false with an error log for a missing or a hard subscription', () => {
    const { pub, sub, logger } = setup();
    const s = sub('s');
    const other = sub('other');
    const hard = pub.subscribeEvent('EV_A', s, { hardSubscription: true });
    pub.subscribeEvent(null, other);
    assert.equal(pub.deleteSubscription('EV_B', s), false);
    assert.equal(pub.deleteSubscription('EV_A', other), false);
    assert.equal(pub.deleteSubscription('EV_A', s), false);
    assert.equal(pub.deleteSubscriptionByObject(hard), false);
    assert.equal(logger.messages('error').length, 4);
    assert.equal(pub.getSubscriptions().length, 2);
    pub.broadcastEvent('EV_A');
    assert.equal(s.received.length, 1);
  });

  test('deleteSubscriptionByObject - removes that subscription; false when gone or of another publisher', () => {
    const { gaplic, pub, sub, logger } = setup();
    const s = sub('s');
    const otherPub = gaplic.createGObj('otherPub', Pub, null);
    const subscription = pub.subscribeEvent('EV_A', s);
    const foreign = otherPub.subscribeEvent('EV_A', s);
    assert.equal(pub.deleteSubscriptionByObject(foreign), false);
    assert.equal(pub.deleteSubscriptionByObject(subscription), true);
    assert.equal(subscription.active, false);
    assert.equal(pub.deleteSubscriptionByObject(subscription), false);
    assert.equal(logger.messages('error').length, 2);
    assert.deepEqual(otherPub.getSubscriptions(), [foreign]);
  });

  test('deleteAllSubscriptions - keeps hard subscriptions unless forced', () => {
    const { pub, sub } = setup();
    const s1 = sub('s1');
    const s2 = sub('s2');
    pub.subscribeEvent('EV_A', s1);
    const hard = pub.subscribeEvent('EV_A', s2, { hardSubscription: true });
    pub.subscribeEvent('EV_B', s1);
    pub.deleteAllSubscriptions();
    assert.deepEqual(pub.getSubscriptions(), [hard]);
    pub.deleteAllSubscriptions(true);
    assert.deepEqual(pub.getSubscriptions(), []);
    pub.broadcastEvent('EV_A');
    assert.deepEqual(trail, []);
  });
});

describe('subscriptions - tracing', () => {
  test('traceSubscription - logs subscribe, broadcast and unsubscribe lines', () => {
    const { pub, sub, logger } = setup({ traceSubscription: true });
    const s = sub('s');
    pub.subscribeEvent(['EV_A', 'EV_B'], s);
    pub.subscribeEvent(null, 'named');
    pub.broadcastEvent('EV_A');
    pub.deleteSubscription(['EV_A', 'EV_B'], s);
    assert.deepEqual(logger.messages('info'), [
      'Pub:pub: subscribed Subscription EV_A,EV_B of Pub:pub -> Sub:s',
      "Pub:pub: subscribed Subscription * of Pub:pub -> 'named'",
      "Pub:pub: broadcast 'EV_A'",
      'Pub:pub: unsubscribed Subscription EV_A,EV_B of Pub:pub -> Sub:s',
    ]);
  });

  test('traceSubscription - is off by default', () => {
    const { pub, sub, logger } = setup();
    const s = sub('s');
    pub.subscribeEvent('EV_A', s);
    pub.broadcastEvent('EV_A');
    pub.deleteSubscription('EV_A', s);
    assert.deepEqual(logger.messages('info'), []);
  });
});

/** A Pub that runs `onGoOut` when destroyed. */
class Leaving extends Pub {
  onGoOut: () => void = () => {};
  override goOut(): void {
    this.onGoOut();
  }
}

/** A gaplic recording its faults, with `boss` (a Sub, unique name 'boss') at the top. */
function family(): { gaplic: GAplic; faults: Fault[]; boss: Sub } {
  trail = [];
  const faults: Fault[] = [];
  const gaplic = new GAplic({
    name: 'ga',
    logger: new CaptureLogger(),
    onFault: (f) => faults.push(f),
  });
  const boss = gaplic.createGObj('boss', Sub, gaplic, { uniqueName: true });
  return { gaplic, faults, boss };
}

function codeOf(error: unknown): string {
  return (error as { code: string }).code;
}

describe('subscriptions - of a child to its parent', () => {
  test("subscriptions - a child's subscriptions to its parent (gobj, name, hard) end when the parent is destroyed", () => {
    const { gaplic, faults, boss } = family();
    const child = gaplic.createGObj('child', Pub, boss);
    const made = [
      child.subscribeEvent('EV_A', boss),
      child.subscribeEvent('EV_B', 'boss'),
      child.subscribeEvent(null, boss, { hardSubscription: true }),
    ];
    child.broadcastEvent('EV_B'); // binds the name; one delivery per subscriber
    assert.deepEqual(names(boss), ['EV_B']);
    gaplic.destroyGObj(boss);
    assert.equal(child.destroyed, true);
    assert.deepEqual(
      made.map((s) => s.active),
      [false, false, false],
    );
    assert.deepEqual(child.getSubscriptions(), []);
    assert.deepEqual(faults, []);
  });

  test('subscriptions - destroying only the child ends its subscriptions to the parent', () => {
    const { gaplic, faults, boss } = family();
    const child = gaplic.createGObj('child', Pub, boss);
    const other = gaplic.createGObj('other', Pub, boss);
    const s = child.subscribeEvent('EV_A', boss);
    const kept = other.subscribeEvent('EV_A', boss);
    gaplic.destroyGObj(child);
    assert.equal(s.active, false);
    other.broadcastEvent('EV_A');
    assert.deepEqual(trail, ['boss:EV_A']);
    gaplic.destroyGObj(boss);
    assert.equal(kept.active, false);
    assert.deepEqual(faults, []);
  });

  test("subscriptions - one made to the parent during the parent's destruction (a sibling's goOut) ends with the sibling", () => {
    const { gaplic, faults, boss } = family();
    const first = gaplic.createGObj('first', Leaving, boss);
    const second = gaplic.createGObj('second', Pub, boss);
    let made: Subscription | null = null;
    const refused: string[] = [];
    first.onGoOut = () => {
      // The parent is marked destroyed; its unique name still resolves until it finishes.
      made = second.subscribeEvent('EV_A', 'boss');
      for (const attempt of [
        () => second.subscribeEvent('EV_B', boss),
        () => first.subscribeEvent('EV_A', 'boss'),
      ]) {
        try {
          attempt();
        } catch (error) {
          refused.push(codeOf(error));
        }
      }
    };
    gaplic.destroyGObj(boss);
    assert.equal(second.destroyed, true);
    assert.equal(made!.active, false);
    assert.deepEqual(refused, ['GOBJ_DESTROYED', 'GOBJ_DESTROYED']);
    assert.deepEqual(faults, []);
  });

  test("subscriptions - one made to the parent in a destroyed sibling's goOut lives on, then ends with its publisher", () => {
    const { gaplic, faults, boss } = family();
    const first = gaplic.createGObj('first', Leaving, boss);
    const second = gaplic.createGObj('second', Pub, boss);
    let made: Subscription | null = null;
    first.onGoOut = () => (made = second.subscribeEvent('EV_A', boss));
    gaplic.destroyGObj(first);
    second.broadcastEvent('EV_A');
    assert.deepEqual(trail, ['boss:EV_A']);
    gaplic.destroyGObj(boss);
    assert.equal(made!.active, false);
    assert.deepEqual(faults, []);
  });
});

describe('subscribeParentToAll (internal; the GTimer subscription)', () => {
  test('subscribeParentToAll - delivers every output event to the parent as subscribeEvent(null, null) does', () => {
    const { gaplic, faults, boss } = family();
    const lean = gaplic.createGObj('lean', Pub, boss);
    const plain = gaplic.createGObj('plain', Pub, boss);
    subscribeParentToAll(lean);
    plain.subscribeEvent(null, null);
    const kw = { n: 1 };
    lean.broadcastEvent('EV_A', kw);
    plain.broadcastEvent('EV_A', kw);
    lean.broadcastEvent('EV_B');
    assert.deepEqual(trail, ['boss:EV_A', 'boss:EV_A', 'boss:EV_B']);
    const [fromLean, fromPlain] = boss.received as [GEvent, GEvent];
    assert.deepEqual(fromLean.source, [lean]);
    assert.deepEqual(fromPlain.source, [plain]);
    assert.equal(fromLean.kw, fromPlain.kw);
    assert.equal(fromLean.destination, fromPlain.destination);
    assert.deepEqual(faults, []);
  });

  test('subscribeParentToAll - a throwing parent action is DELIVERY_FAILED, as with a Subscription', () => {
    const { gaplic, faults, boss } = family();
    const lean = gaplic.createGObj('lean', Pub, boss);
    const plain = gaplic.createGObj('plain', Pub, boss);
    subscribeParentToAll(lean);
    plain.subscribeEvent(null, null);
    boss.onEvent = () => {
      throw new Error('boss broke');
    };
    lean.broadcastEvent('EV_A');
    plain.broadcastEvent('EV_A');
    assert.deepEqual(
      faults.map((f) => f.code),
      ['DELIVERY_FAILED', 'DELIVERY_FAILED'],
    );
    assert.equal(faults[0]!.message.replace('lean', 'plain'), faults[1]!.message);
    assert.match(faults[0]!.message, /'EV_A' to Sub:boss failed: boss broke/);
  });

  test('subscribeParentToAll - a broadcast to the parent being destroyed is EVENT_TO_DESTROYED, as with a Subscription', () => {
    const { gaplic, faults, boss } = family();
    const first = gaplic.createGObj('first', Leaving, boss);
    const lean = gaplic.createGObj('lean', Pub, boss);
    const plain = gaplic.createGObj('plain', Pub, boss);
    subscribeParentToAll(lean);
    plain.subscribeEvent(null, null);
    first.onGoOut = () => {
      lean.broadcastEvent('EV_A');
      plain.broadcastEvent('EV_A');
    };
    gaplic.destroyGObj(boss);
    assert.deepEqual(boss.received, []);
    assert.deepEqual(
      faults.map((f) => f.code),
      ['EVENT_TO_DESTROYED', 'EVENT_TO_DESTROYED'],
    );
    assert.equal(faults[0]!.message.replace('lean', 'plain'), faults[1]!.message);
    assert.deepEqual(lean.getSubscriptions(), []);
  });

  test('subscribeParentToAll - observed, it is one Subscription: same object, ordered first, deletable', () => {
    const { gaplic, faults, boss } = family();
    const lean = gaplic.createGObj('lean', Pub, boss);
    subscribeParentToAll(lean);
    const s = lean.getSubscriptions()[0]!;
    assert.ok(s instanceof Subscription);
    assert.equal(s.subscriber, boss);
    assert.equal(lean.getSubscriptions()[0], s);
    const watcher = gaplic.createGObj('watcher', Sub, gaplic);
    lean.subscribeEvent('EV_A', watcher);
    assert.equal(lean.getSubscriptions()[0], s);
    lean.broadcastEvent('EV_A');
    assert.deepEqual(trail, ['boss:EV_A', 'watcher:EV_A']);
    assert.equal(lean.deleteSubscriptionByObject(s), true);
    lean.broadcastEvent('EV_A');
    assert.deepEqual(trail, ['boss:EV_A', 'watcher:EV_A', 'watcher:EV_A']);
    assert.equal(lean.deleteSubscription(null, boss), false);
    assert.deepEqual(
      faults.map((f) => f.code),
      ['SUBSCRIPTION_NOT_FOUND'],
    );
  });

  test('subscribeParentToAll - setOwnedEventFilter observes it: the filter applies', () => {
    const { gaplic, boss } = family();
    const lean = gaplic.createGObj('lean', Pub, boss);
    const watcher = gaplic.createGObj('watcher', Sub, gaplic);
    subscribeParentToAll(lean);
    lean.setOwnedEventFilter((result) => result === 'mine');
    lean.subscribeEvent('EV_A', watcher);
    boss.onEvent = () => 'mine';
    lean.broadcastEvent('EV_A');
    assert.deepEqual(trail, ['boss:EV_A']);
    assert.equal(lean.getSubscriptions().length, 2);
  });

  test('subscribeParentToAll - falls back to subscribeEvent: newSubscriberEvent, trace, a second call, no parent', () => {
    const { gaplic, faults, boss } = family();
    const logger = new CaptureLogger();
    const notified = gaplic.createGObj('notified', Pub, boss, { newSubscriberEvent: 'EV_NEW_SUB' });
    subscribeParentToAll(notified);
    assert.deepEqual(trail, ['notified:EV_NEW_SUB']);
    const traced = gaplic.createGObj('traced', Pub, boss, { traceSubscription: true, logger });
    subscribeParentToAll(traced);
    assert.deepEqual(logger.messages('info'), [
      'Pub:traced: subscribed Subscription * of Pub:traced -> Sub:boss',
    ]);
    const twice = gaplic.createGObj('twice', Pub, boss);
    subscribeParentToAll(twice);
    subscribeParentToAll(twice);
    assert.equal(twice.getSubscriptions().length, 1);
    assert.deepEqual(
      faults.map((f) => f.code),
      ['SUBSCRIPTION_REPLACED'],
    );
    const orphan = gaplic.createGObj('orphan', Pub, null);
    assert.throws(() => subscribeParentToAll(orphan), {
      name: 'GObjError',
      code: 'GOBJ_BAD_SUBSCRIBER',
    });
  });
});
