// Type tests of event and state names (DESIGN.md §4): a gclass declared as
// `class X extends GObj<typeof fsm>` with an `as const` descriptor only accepts its own
// event and state names. Each @ts-expect-error line fails the build if its error
// disappears; the runtime part checks that the accepted calls really work.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Deferred,
  EventNotAccepted,
  GAplic,
  GObj,
  type EventNameOf,
  type FsmDescriptor,
  type GEvent,
  type StateNameOf,
} from '../../src/index.js';
import { CaptureLogger, drain } from '../../src/testing/index.js';

/** `true` only when A and B are the same type. */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

function acStart(gobj: Worker, event: GEvent): string {
  gobj.setNewState('ST_BUSY');
  if (event.kw.typo === true) {
    // @ts-expect-error ST_UNDECLARED is not a state of Worker (inside an action)
    gobj.setNewState('ST_UNDECLARED');
  }
  return 'started';
}

function acStop(gobj: Worker, _event: GEvent): string {
  gobj.broadcastEvent('EV_DONE', { by: 'stop' });
  return 'stopped';
}

const fsm = {
  eventList: ['EV_START: top input', 'EV_STOP: top input', 'EV_DONE: top output'],
  stateList: ['ST_IDLE', 'ST_BUSY'],
  machine: {
    ST_IDLE: [['EV_START', acStart, null]],
    ST_BUSY: [['EV_STOP', acStop, 'ST_IDLE']],
  },
} as const;

class Worker extends GObj<typeof fsm> {
  static override fsm = fsm;

  reset(): void {
    this.setNewState('ST_IDLE');
  }

  misuse(): void {
    // @ts-expect-error ST_UNDECLARED is not a state of Worker (inside a method)
    this.setNewState('ST_UNDECLARED');
  }
}

const listenerFsm = {
  eventList: ['EV_DONE: top input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_DONE', (gobj: Listener) => void gobj.done++, null]] },
} as const;

class Listener extends GObj<typeof listenerFsm> {
  static override fsm = listenerFsm;
  done = 0;
}

/** An untyped gclass: `extends GObj` without the descriptor type. */
class Loose extends GObj {
  static override fsm: FsmDescriptor = {
    eventList: ['EV_ANY: top input output'],
    stateList: ['ST_ONE'],
    machine: { ST_ONE: [['EV_ANY', () => 'any', null]] },
  };
}

function setup(): { gaplic: GAplic; worker: Worker; listener: Listener; loose: Loose } {
  const gaplic = new GAplic({ name: 'ga', logger: new CaptureLogger() });
  const listener = gaplic.createGObj('listener', Listener, gaplic, { uniqueName: true });
  const worker = gaplic.createGObj('worker', Worker, listener);
  const loose = gaplic.createGObj('loose', Loose, gaplic);
  return { gaplic, worker, listener, loose };
}

describe('typed event and state names', () => {
  test('sendEvent - declared input and output events of a typed gclass are accepted', () => {
    const { worker, listener } = setup();
    assert.equal(listener.sendEvent(worker, 'EV_START'), 'started');
    assert.equal(listener.sendEvent(worker, 'EV_STOP'), 'stopped');
    // An output event is a declared name: it type-checks (and is not accepted at run time).
    assert.equal(listener.sendEvent(worker, 'EV_DONE'), EventNotAccepted);
    if (listener.done < 0) {
      // @ts-expect-error EV_UNDECLARED is not an event of Worker
      listener.sendEvent(worker, 'EV_UNDECLARED');
      // @ts-expect-error the names of another gclass do not fit either
      listener.sendEvent(listener, 'EV_START');
      // @ts-expect-error postEvent checks the same way
      listener.postEvent(worker, 'EV_UNDECLARED');
    }
  });

  test('postEvent - declared events are accepted and delivered', () => {
    const { gaplic, worker, listener } = setup();
    worker.subscribeEvent('EV_DONE', listener, { usePostEvent: true });
    listener.postEvent(worker, 'EV_START');
    listener.postEvent(worker, 'EV_STOP');
    drain(gaplic);
    assert.equal(listener.done, 1);
  });

  test('sendEvent - a unique-name destination accepts any event name', () => {
    const { worker } = setup();
    const name: string = 'EV_DONE';
    assert.equal(worker.sendEvent('listener', name), undefined);
    worker.postEvent('listener', 'EV_WHATEVER_THE_NAME');
    assert.equal(worker.sendEvent('listener', 'EV_DONE'), undefined);
  });

  test('setNewState - only declared states are accepted', () => {
    const { worker } = setup();
    worker.setNewState('ST_BUSY');
    assert.equal(worker.getCurrentState(), 'ST_BUSY');
    worker.reset();
    assert.equal(worker.getCurrentState(), 'ST_IDLE');
    assert.throws(
      () =>
        // @ts-expect-error ST_UNDECLARED is not a state of Worker
        worker.setNewState('ST_UNDECLARED'),
      { name: 'StateError', code: 'STATE_UNKNOWN' },
    );
    assert.throws(() => worker.misuse(), { name: 'StateError', code: 'STATE_UNKNOWN' });
  });

  test('getCurrentState - returns the union of the declared states (or null)', () => {
    const { worker } = setup();
    const state = worker.getCurrentState();
    const exact: Equal<typeof state, 'ST_IDLE' | 'ST_BUSY' | null> = true;
    // @ts-expect-error the union is not a plain string
    const wide: Equal<typeof state, string | null> = true;
    assert.equal(exact && wide, true);
    assert.equal(state, 'ST_IDLE');
    const previous: 'ST_IDLE' | 'ST_BUSY' | null = worker.getPreviousState();
    assert.equal(previous, null);
  });

  test('EventNameOf / StateNameOf - read the names off a gobj type', () => {
    const events: Equal<EventNameOf<Worker>, 'EV_START' | 'EV_STOP' | 'EV_DONE'> = true;
    const states: Equal<StateNameOf<Worker>, 'ST_IDLE' | 'ST_BUSY'> = true;
    const looseEvents: Equal<EventNameOf<Loose>, string> = true;
    const looseStates: Equal<StateNameOf<Loose>, string> = true;
    assert.deepEqual([events, states, looseEvents, looseStates], [true, true, true, true]);
    const { worker } = setup();
    assert.deepEqual(worker.getEventList(), ['EV_START', 'EV_STOP', 'EV_DONE']);
  });

  test('broadcastEvent / subscribeEvent - undeclared names are errors', () => {
    const { worker, listener } = setup();
    const subscription = worker.subscribeEvent('EV_DONE', listener);
    worker.subscribeEvent(['EV_DONE'], listener);
    worker.subscribeEvent(null, 'listener');
    worker.broadcastEvent('EV_DONE');
    assert.equal(listener.done, 1);
    assert.equal(subscription.active, false, 'replaced by the same names and subscriber');
    if (listener.done < 0) {
      // @ts-expect-error EV_UNDECLARED is not an event of Worker
      worker.broadcastEvent('EV_UNDECLARED');
      // @ts-expect-error EV_UNDECLARED is not an event of Worker
      worker.subscribeEvent('EV_UNDECLARED', listener);
      // @ts-expect-error one undeclared name in the list is enough
      worker.subscribeEvent(['EV_DONE', 'EV_UNDECLARED'], listener);
      // @ts-expect-error deleteSubscription checks the names too
      worker.deleteSubscription('EV_UNDECLARED', listener);
    }
    assert.equal(worker.deleteSubscription(['EV_DONE'], listener), true);
  });

  test('GObj - an untyped gclass accepts any string for events and states', () => {
    const { loose, listener } = setup();
    assert.equal(listener.sendEvent(loose, 'EV_ANY'), 'any');
    assert.equal(
      listener.sendEvent(loose, 'EV_NOT_DECLARED_BUT_TYPED_AS_STRING'),
      EventNotAccepted,
    );
    loose.broadcastEvent('EV_ANYTHING');
    loose.subscribeEvent('EV_ANY', listener);
    const state: string | null = loose.getCurrentState();
    assert.equal(state, 'ST_ONE');
    assert.throws(() => loose.setNewState('ST_NOPE'), {
      name: 'StateError',
      code: 'STATE_UNKNOWN',
    });
  });

  test('sendEvent - forwarding a received GEvent is accepted for any destination', () => {
    const { worker, listener } = setup();
    let received: GEvent | undefined;
    const deferred = new Deferred('spy', (kw: { event: GEvent }) => (received = kw.event));
    worker.subscribeEvent('EV_DONE', deferred);
    listener.sendEvent(worker, 'EV_START');
    listener.sendEvent(worker, 'EV_STOP');
    assert.ok(received);
    assert.equal(received.eventName, 'EV_DONE');
    assert.equal(worker.sendEvent(listener, received), undefined);
    assert.equal(listener.done, 1);
  });
});
