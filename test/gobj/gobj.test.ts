// Events between gobjs (src/gobj/gobj.ts, gevent.ts): sendEvent as a nested call,
// forwarding a received GEvent, postEvent through the gaplic queue.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  EventNotAccepted,
  GAplic,
  GEvent,
  GObj,
  type FsmDescriptor,
  type Kw,
} from '../../src/index.js';
import { CaptureLogger, drain } from '../../src/testing/index.js';

/** What a Node does with an event it receives: record it, maybe forward or post it on. */
interface Plan {
  forwardTo?: GObj | string;
  forwardKw?: Kw;
  postTo?: GObj | string;
  postForward?: boolean;
}

let depth = 0;
const trail: string[] = [];

function nOf(event: GEvent): string {
  const n = event.kw.n;
  return typeof n === 'string' || typeof n === 'number' ? String(n) : '';
}

function acPing(gobj: Node, event: GEvent): unknown {
  depth++;
  try {
    gobj.received.push(event);
    gobj.depths.push(depth);
    trail.push(`${gobj.name}:${nOf(event)}`);
    const plan = gobj.plan;
    if (plan.forwardTo !== undefined) gobj.sendEvent(plan.forwardTo, event, plan.forwardKw);
    if (plan.postTo !== undefined) {
      gobj.postEvent(plan.postTo, plan.postForward === true ? event : 'EV_PING', {
        n: `${nOf(event)}+`,
      });
    }
    trail.push(`${gobj.name}:end`);
    return event.kw.reply;
  } finally {
    depth--;
  }
}

class Node extends GObj {
  static override fsm: FsmDescriptor = {
    eventList: ['EV_PING: input', 'EV_NOOP: input', 'EV_LATER: input', 'EV_OUT: output'],
    stateList: ['ST_IDLE', 'ST_OTHER'],
    machine: {
      ST_IDLE: [
        ['EV_PING', acPing, null],
        ['EV_NOOP', null, null],
      ],
      ST_OTHER: [['EV_LATER', null, null]],
    },
  };
  received: GEvent[] = [];
  depths: number[] = [];
  plan: Plan = {};
}

function setup(): { gaplic: GAplic; logger: CaptureLogger; make: (name: string) => Node } {
  trail.length = 0;
  depth = 0;
  const logger = new CaptureLogger();
  const gaplic = new GAplic({ name: 'ga', logger });
  return { gaplic, logger, make: (name) => gaplic.createGObj(name, Node, null) };
}

describe('sendEvent', () => {
  test('sendEvent - returns the action result, undefined for a row without action', () => {
    const { make } = setup();
    const a = make('a');
    const b = make('b');
    assert.equal(a.sendEvent(b, 'EV_PING', { reply: 42 }), 42);
    const reply = { some: 'object' };
    assert.equal(a.sendEvent(b, 'EV_PING', { reply }), reply);
    assert.equal(a.sendEvent(b, 'EV_NOOP'), undefined);
  });

  test('sendEvent - returns EventNotAccepted for an unknown event or one the state does not accept', () => {
    const { make, logger } = setup();
    const a = make('a');
    const b = make('b');
    assert.equal(a.sendEvent(b, 'EV_NOPE'), EventNotAccepted);
    assert.equal(a.sendEvent(b, 'EV_LATER'), EventNotAccepted);
    assert.equal(logger.messages('warn').length, 2);
  });

  test('sendEvent - builds an event with the name, the destination, source [sender] and kw', () => {
    const { make } = setup();
    const a = make('a');
    const b = make('b');
    a.sendEvent(b, 'EV_PING', { x: 1 });
    a.sendEvent(b, 'EV_PING');
    const [first, second] = b.received;
    assert.ok(first instanceof GEvent);
    assert.equal(first.eventName, 'EV_PING');
    assert.equal(first.destination, b);
    assert.deepEqual(first.source, [a]);
    assert.equal(first.origin, a);
    assert.deepEqual(first.kw, { x: 1 });
    assert.deepEqual(second?.kw, {});
  });

  test('sendEvent - delivers to a unique name', () => {
    const { gaplic, make } = setup();
    const a = make('a');
    const svc = gaplic.createGObj('svc', Node, null, { uniqueName: true });
    assert.equal(a.sendEvent('svc', 'EV_PING', { reply: 'ok' }), 'ok');
    assert.equal(svc.received[0]?.destination, svc);
  });

  test('sendEvent - an unregistered unique name throws GOBJ_UNKNOWN_UNIQUE_NAME', () => {
    const { make } = setup();
    const a = make('a');
    make('plain');
    assert.throws(() => a.sendEvent('nobody', 'EV_PING'), {
      name: 'GObjError',
      code: 'GOBJ_UNKNOWN_UNIQUE_NAME',
    });
    assert.throws(() => a.sendEvent('plain', 'EV_PING'), {
      name: 'GObjError',
      code: 'GOBJ_UNKNOWN_UNIQUE_NAME',
    });
  });

  test('sendEvent - a destination that is neither a gobj nor a string throws GOBJ_BAD_DESTINATION', () => {
    const { make } = setup();
    const a = make('a');
    for (const dest of [42, {}, null, undefined, ['svc']]) {
      assert.throws(() => a.sendEvent(dest as GObj, 'EV_PING'), {
        name: 'GObjError',
        code: 'GOBJ_BAD_DESTINATION',
      });
      assert.throws(() => a.postEvent(dest as GObj, 'EV_PING'), {
        name: 'GObjError',
        code: 'GOBJ_BAD_DESTINATION',
      });
    }
  });

  test('sendEvent - an event that is neither a name nor a GEvent throws EVENT_BAD_TYPE', () => {
    const { gaplic, make } = setup();
    const a = make('a');
    const b = make('b');
    for (const event of [42, null, undefined, { eventName: 'EV_PING', kw: {} }]) {
      assert.throws(() => a.sendEvent(b, event as never), {
        name: 'EventError',
        code: 'EVENT_BAD_TYPE',
      });
      assert.throws(() => a.postEvent(b, event as never), {
        name: 'EventError',
        code: 'EVENT_BAD_TYPE',
      });
    }
    assert.equal(b.received.length, 0);
    assert.equal(gaplic.queueLength, 0);
  });

  test('sendEvent - forwarding keeps name and kw, merges extra kw and appends the forwarder to source', () => {
    const { make } = setup();
    const a = make('a');
    const b = make('b');
    const c = make('c');
    b.plan = { forwardTo: c, forwardKw: { extra: 2, x: 'overridden' } };
    a.sendEvent(b, 'EV_PING', { x: 1 });
    const original = b.received[0];
    const forwarded = c.received[0];
    assert.ok(original && forwarded);
    assert.notEqual(forwarded, original);
    assert.equal(forwarded.eventName, 'EV_PING');
    assert.equal(forwarded.destination, c);
    assert.deepEqual(forwarded.kw, { x: 'overridden', extra: 2 });
    assert.deepEqual(forwarded.source, [a, b]);
    // The original event is not mutated.
    assert.deepEqual(original.kw, { x: 1 });
    assert.deepEqual(original.source, [a]);
    assert.equal(original.destination, b);
  });

  test('sendEvent - forwarding without extra kw keeps the kw; a forwarder already last is not repeated', () => {
    const { make } = setup();
    const a = make('a');
    const b = make('b');
    const c = make('c');
    const event = new GEvent('EV_PING', a, [b], { k: 'v' });
    b.sendEvent(c, event);
    assert.deepEqual(c.received[0]?.source, [b]);
    assert.deepEqual(c.received[0]?.kw, { k: 'v' });
    a.sendEvent(c, event);
    assert.deepEqual(c.received[1]?.source, [b, a]);
    assert.deepEqual(event.source, [b]);
  });

  test('sendEvent - forwarding to a unique name resolves it', () => {
    const { gaplic, make } = setup();
    const a = make('a');
    const b = make('b');
    const svc = gaplic.createGObj('svc', Node, null, { uniqueName: true });
    b.plan = { forwardTo: 'svc' };
    a.sendEvent(b, 'EV_PING', { n: 1 });
    assert.deepEqual(svc.received[0]?.source, [a, b]);
  });

  test('injectEvent - a name is delivered as a GEvent without source', () => {
    const { make } = setup();
    const a = make('a');
    assert.equal(a.injectEvent(new GEvent('EV_PING', a, [], { reply: 3 })), 3);
    a.injectEvent('EV_PING');
    assert.deepEqual(a.received[1]?.source, []);
    assert.equal(a.received[1]?.origin, undefined);
  });
});

describe('postEvent', () => {
  test('postEvent - queues the event: nothing is delivered before the queue runs', () => {
    const { gaplic, make } = setup();
    const a = make('a');
    const b = make('b');
    assert.equal(a.postEvent(b, 'EV_PING', { n: 1 }), undefined);
    assert.equal(b.received.length, 0);
    assert.equal(gaplic.queueLength, 1);
    drain(gaplic);
    assert.equal(b.received.length, 1);
    assert.deepEqual(b.received[0]?.source, [a]);
    assert.equal(b.received[0]?.destination, b);
    assert.deepEqual(b.received[0]?.kw, { n: 1 });
  });

  test('postEvent - delivers after the current action completes, in posting order, never nested', () => {
    const { gaplic, make } = setup();
    const a = make('a');
    const b = make('b');
    const c = make('c');
    a.plan = { postTo: b };
    b.plan = { postTo: c };
    a.postEvent(a, 'EV_PING', { n: 1 });
    a.postEvent(c, 'EV_PING', { n: 2 });
    drain(gaplic);
    assert.deepEqual(trail, ['a:1', 'a:end', 'c:2', 'c:end', 'b:1+', 'b:end', 'c:1++', 'c:end']);
    for (const g of [a, b, c])
      assert.ok(
        g.depths.every((d) => d === 1),
        g.name,
      );
  });

  test('postEvent - an event posted from inside a sent action waits until that action returns', () => {
    const { gaplic, make } = setup();
    const a = make('a');
    const b = make('b');
    a.plan = { postTo: b };
    a.sendEvent(a, 'EV_PING', { n: 'x' });
    assert.deepEqual(trail, ['a:x', 'a:end']);
    drain(gaplic);
    assert.deepEqual(trail, ['a:x', 'a:end', 'b:x+', 'b:end']);
  });

  test('postEvent - a posted forwarded event keeps its source chain', () => {
    const { gaplic, make } = setup();
    const a = make('a');
    const b = make('b');
    const c = make('c');
    b.plan = { postTo: c, postForward: true };
    a.sendEvent(b, 'EV_PING', { n: 1, keep: true });
    drain(gaplic);
    assert.deepEqual(c.received[0]?.source, [a, b]);
    assert.deepEqual(c.received[0]?.kw, { n: '1+', keep: true });
    assert.deepEqual(b.received[0]?.kw, { n: 1, keep: true });
  });

  test('postEvent - resolves a unique name when the event is delivered, not when it is posted', () => {
    const { gaplic, make } = setup();
    const a = make('a');
    a.postEvent('later', 'EV_PING', { n: 1 });
    const later = gaplic.createGObj('later', Node, null, { uniqueName: true });
    a.postEvent('later', 'EV_PING', { n: 2 });
    later.destroyGObj(later);
    const replacement = gaplic.createGObj('later', Node, null, { uniqueName: true });
    drain(gaplic);
    assert.equal(later.received.length, 0);
    assert.deepEqual(
      replacement.received.map((e) => e.kw.n),
      [1, 2],
    );
    assert.equal(replacement.received[0]?.destination, 'later');
  });

  test('postEvent - an unknown unique name at delivery is logged and dropped; the queue goes on', () => {
    const { gaplic, logger, make } = setup();
    const a = make('a');
    const b = make('b');
    a.postEvent('ghost', 'EV_PING');
    a.postEvent(b, 'EV_PING', { n: 'after' });
    drain(gaplic);
    const errors = logger.messages('error');
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /EV_PING.*dropped.*'ghost'/);
    assert.equal(b.received.length, 1);
  });

  test('postEvent - to a gobj of another gaplic goes to that gaplic’s queue', () => {
    const { gaplic, make } = setup();
    const other = new GAplic({ name: 'other', logger: new CaptureLogger() });
    const a = make('a');
    const remote = other.createGObj('remote', Node, null);
    a.postEvent(remote, 'EV_PING', { n: 1 });
    assert.equal(gaplic.queueLength, 0);
    assert.equal(other.queueLength, 1);
    drain(gaplic);
    assert.equal(remote.received.length, 0);
    drain(other);
    assert.equal(remote.received.length, 1);
    assert.deepEqual(remote.received[0]?.source, [a]);
  });

  test('postEvent - a unique name is queued in the poster’s gaplic and resolved there', () => {
    const { gaplic } = setup();
    const otherLogger = new CaptureLogger();
    const other = new GAplic({ name: 'other', logger: otherLogger });
    const remote = other.createGObj('remote', Node, null);
    const svc = gaplic.createGObj('svc', Node, null, { uniqueName: true });
    remote.postEvent('svc', 'EV_PING');
    assert.equal(other.queueLength, 1);
    assert.equal(gaplic.queueLength, 0);
    drain(other);
    assert.equal(svc.received.length, 0);
    assert.match(otherLogger.messages('error')[0] ?? '', /dropped.*'svc'/);
  });
});
