// Issue #5 §3: operations are whole or nothing — destruction always completes, tree walks
// of any depth, a unique-name registry that cannot drift, subscriptions by unique name
// that end with their gobj, a broadcast that survives a failing subscriber,
// run-to-completion on every path, and a GTimer that never fires after a cancel.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Deferred, GObj, GTimer, type GEvent } from '../../src/index.js';
import { advanceAndDrain, drain } from '../../src/testing/index.js';
import { codes, Probe, world } from '../fixtures/probe.js';

class Fragile extends GObj {
  static override gconfig = {
    failOut: { type: 'bool', default: false, description: 'goOut throws' },
    failStart: { type: 'bool', default: false, description: 'startUp throws' },
  } as const;
  override startUp(): void {
    if (this.config.failStart) throw new Error('startUp failed');
    if (this.name.endsWith('.kid')) return;
    this.createGObj(`${this.name}.kid`, Fragile, this, { uniqueName: true, failOut: true });
  }
  override goOut(): void {
    if (this.config.failOut) throw new Error(`goOut of ${this.name} failed`);
  }
}

describe('whole or nothing - destruction', () => {
  test('destroyGObj - a throwing goOut still destroys every node; the errors are reported', () => {
    const { gaplic, faults } = world();
    const root = gaplic.createGObj('root', Fragile, gaplic, { uniqueName: true, failOut: true });
    const kid = root.children[0]!;
    const timer = kid.createGObj('timer', GTimer, kid);
    kid.sendEvent(timer, 'EV_SET_TIMER', { seconds: 5 });
    const listener = gaplic.createGObj('listener', Probe, gaplic);
    const out = gaplic.createGObj('out', Probe, gaplic);
    out.subscribeEvent('EV_OUT', kid);
    timer.subscribeEvent(null, listener);
    gaplic.destroyGObj(root);
    for (const g of [root, kid, timer]) assert.equal(g.destroyed, true, g.name);
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), []);
    assert.equal(gaplic.timerCount, 0);
    assert.deepEqual(out.getSubscriptions(), []);
    assert.deepEqual(codes(faults), ['GO_OUT_FAILED', 'GO_OUT_FAILED']);
    assert.match(faults[0]!.message, /goOut of root\.kid failed/);
    assert.match(faults[1]!.message, /goOut of root failed/);
  });

  test('createGObj - when startUp fails the startUp error is thrown, even if goOut fails too', () => {
    const { gaplic, faults } = world();
    assert.throws(
      () =>
        gaplic.createGObj('bad', Fragile, gaplic, {
          failStart: true,
          failOut: true,
          uniqueName: true,
        }),
      /startUp failed/,
    );
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), []);
    assert.deepEqual(gaplic.children, []);
    assert.deepEqual(codes(faults), ['GO_OUT_FAILED']);
  });

  test('deep trees - a 100,000-deep chain creates, reconfigures and destroys completely', () => {
    const { gaplic } = world({ allUniqueNames: true });
    const depth = 100_000;
    const chain: GObj[] = [];
    let parent: GObj = gaplic;
    for (let i = 0; i < depth; i++) {
      parent = gaplic.createGObj(`g${i}`, GObj, parent);
      chain.push(parent);
    }
    gaplic.overwriteParameters(Infinity, { traceTraverse: true });
    assert.equal(chain.at(-1)!.config.traceTraverse, true);
    assert.equal(chain.at(-1)!.resourcePath().split('/').length, depth + 1); // 'ga/g0/…'
    gaplic.destroyGObj(chain[0]!);
    assert.equal(chain.filter((g) => !g.destroyed).length, 0);
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), []);
  });
});

describe('whole or nothing - the unique-name registry', () => {
  test('uniqueName turned off at run time releases the name; destroy leaves nothing registered', () => {
    const { gaplic } = world();
    const a = gaplic.createGObj('a', Probe, gaplic, { uniqueName: true });
    a.writeParameter('uniqueName', false);
    assert.equal(gaplic.findUniqueGObj('a'), undefined);
    const b = gaplic.createGObj('a', Probe, gaplic, { uniqueName: true });
    assert.throws(() => a.writeParameter('uniqueName', true), { code: 'GOBJ_UNIQUE_NAME_TAKEN' });
    gaplic.destroyGObj(a);
    a.writeParameter('uniqueName', true); // a destroyed gobj registers nothing
    assert.equal(gaplic.findUniqueGObj('a'), b);
    gaplic.destroyGObj(b);
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), []);
  });

  test('a rename re-registers: the old name is free, the new one taken, destroy frees it', () => {
    const { gaplic } = world();
    const a = gaplic.createGObj('a', Probe, gaplic, { uniqueName: true });
    a.name = 'b';
    assert.equal(gaplic.findUniqueGObj('a'), undefined);
    assert.equal(gaplic.findUniqueGObj('b'), a);
    assert.equal(gaplic.getChild('b'), a);
    const other = gaplic.createGObj('c', Probe, gaplic, { uniqueName: true });
    assert.throws(() => (other.name = 'b'), { code: 'GOBJ_UNIQUE_NAME_TAKEN' });
    assert.equal(other.name, 'c');
    gaplic.destroyGObj(a);
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), ['c']);
    gaplic.createGObj('b', Probe, gaplic, { uniqueName: true });
  });
});

describe('whole or nothing - subscriptions', () => {
  test('a subscription by unique name ends with the named gobj; a newcomer does not inherit it', () => {
    const { gaplic, logger } = world();
    const publisher = gaplic.createGObj('pub', Probe, gaplic);
    const first = gaplic.createGObj('sub', Probe, gaplic, { uniqueName: true });
    publisher.subscribeEvent('EV_OUT', 'sub');
    publisher.broadcastEvent('EV_OUT', { n: 1 });
    gaplic.destroyGObj(first);
    assert.deepEqual(publisher.getSubscriptions(), []);
    const second = gaplic.createGObj('sub', Probe, gaplic, { uniqueName: true });
    for (let n = 2; n < 5; n++) publisher.broadcastEvent('EV_OUT', { n });
    assert.deepEqual(first.received, ['EV_OUT:1']);
    assert.deepEqual(second.received, []);
    assert.deepEqual(logger.messages('error'), []);
  });

  test('a name not registered yet binds at the first broadcast that finds it; a miss is reported once', () => {
    const { gaplic, faults } = world();
    const publisher = gaplic.createGObj('pub', Probe, gaplic);
    publisher.subscribeEvent('EV_OUT', 'later');
    publisher.broadcastEvent('EV_OUT', { n: 1 });
    publisher.broadcastEvent('EV_OUT', { n: 2 });
    assert.deepEqual(codes(faults), ['SUBSCRIBER_UNKNOWN_NAME']);
    const later = gaplic.createGObj('later', Probe, gaplic, { uniqueName: true });
    publisher.broadcastEvent('EV_OUT', { n: 3 });
    gaplic.destroyGObj(later);
    assert.deepEqual(later.received, ['EV_OUT:3']);
    assert.deepEqual(publisher.getSubscriptions(), []);
  });

  test('subscribeEvent whose newSubscriberEvent action throws leaves no subscription', () => {
    const fsm = {
      eventList: ['EV_NEW: top input', 'EV_OUT: top output'],
      stateList: ['ST_IDLE'],
      machine: {
        ST_IDLE: [
          [
            'EV_NEW',
            (_g: GObj, _e: GEvent) => {
              throw new Error('refused');
            },
            null,
          ],
        ],
      },
    } as const;
    class Picky extends GObj<typeof fsm> {
      static override fsm = fsm;
    }
    const { gaplic } = world();
    const picky = gaplic.createGObj('picky', Picky, gaplic, { newSubscriberEvent: 'EV_NEW' });
    const p = gaplic.createGObj('p', Probe, gaplic);
    assert.throws(() => picky.subscribeEvent('EV_OUT', p), /refused/);
    assert.deepEqual(picky.getSubscriptions(), []);
    gaplic.destroyGObj(p);
  });

  test('a broadcast continues past a full queue and a throwing Deferred; each failure is reported', () => {
    const { gaplic, faults } = world({ maxQueueLength: 1 });
    const publisher = gaplic.createGObj('pub', Probe, gaplic);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => gaplic.createGObj(n, Probe, gaplic));
    const called: string[] = [];
    publisher.subscribeEvent('EV_OUT', a!, { usePostEvent: true });
    publisher.subscribeEvent('EV_OUT', b!, { usePostEvent: true }); // the queue is full by now
    publisher.subscribeEvent(
      'EV_OUT',
      new Deferred('bad', () => {
        throw new Error('deferred broke');
      }),
    );
    publisher.subscribeEvent('EV_OUT', c!);
    publisher.subscribeEvent('EV_OUT', new Deferred('good', () => called.push('good')));
    publisher.broadcastEvent('EV_OUT', { n: 1 });
    assert.deepEqual(c!.received, ['EV_OUT:1']);
    assert.deepEqual(called, ['good']);
    assert.deepEqual(codes(faults), ['DELIVERY_FAILED', 'DELIVERY_FAILED']);
    assert.match(faults[0]!.message, /GAplic:ga: queue holds maxQueueLength=1/);
    drain(gaplic);
    assert.deepEqual(a!.received, ['EV_OUT:1']);
  });
});

describe('whole or nothing - run to completion', () => {
  test('runOnce, drain and TestClock.advance from inside an action throw GAPLIC_REENTRANT_RUN', async () => {
    const { gaplic, clock } = world();
    const p = gaplic.createGObj('p', Probe, gaplic);
    const attempts = [() => gaplic.runOnce(), () => drain(gaplic), () => clock.advance(1)];
    const outcomes: unknown[] = [];
    p.onEvent = (_g, event) => {
      try {
        attempts[event.kw.n as number]!();
        outcomes.push('ran');
      } catch (error) {
        outcomes.push((error as { code?: string }).code);
      }
      return undefined;
    };
    const fired: string[] = [];
    const stopped = gaplic.start();
    gaplic.addTimeout(0.5, () => fired.push('timer')); // what an inner advance would run
    for (let n = 0; n < 3; n++) p.postEvent(p, 'EV_A', { n }); // actions run from the queue
    clock.advance(0);
    for (let n = 0; n < 3; n++) gaplic.sendEvent(p, 'EV_A', { n }); // actions sent from outside
    assert.deepEqual(outcomes, Array(6).fill('GAPLIC_REENTRANT_RUN'));
    assert.deepEqual(fired, []);
    clock.advance(1);
    assert.deepEqual(fired, ['timer']);
    gaplic.stop();
    await stopped;
  });

  test('runOnce from inside a timer fired by the host timer throws GAPLIC_REENTRANT_RUN', async () => {
    const { gaplic, clock } = world();
    const outcomes: string[] = [];
    const stopped = gaplic.start();
    gaplic.addTimeout(1, () => {
      try {
        gaplic.runOnce();
      } catch (error) {
        outcomes.push((error as { code: string }).code);
      }
    });
    clock.advance(1);
    gaplic.stop();
    await stopped;
    assert.deepEqual(outcomes, ['GAPLIC_REENTRANT_RUN']);
  });
});

describe('whole or nothing - GTimer', () => {
  function lamp() {
    const fx = world();
    const owner = fx.gaplic.createGObj('owner', Probe, fx.gaplic);
    const timer = owner.createGObj('timer', GTimer, owner, { timeoutEventName: 'EV_A' });
    return { ...fx, owner, timer };
  }

  test('no timeout is delivered after the timer was cancelled, even one already queued', () => {
    const { gaplic, clock, owner, timer } = lamp();
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1 });
    // EV_B is queued first; the timer pass queues the timeout behind it; EV_B cancels.
    owner.onEvent = (_g, event) =>
      event.eventName === 'EV_B'
        ? owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: -1 })
        : undefined;
    owner.postEvent(owner, 'EV_B');
    clock.advance(1);
    drain(gaplic);
    advanceAndDrain(gaplic, clock, 5);
    assert.deepEqual(owner.received, ['EV_B']);
  });

  test('a queued timeout of the old setting is dropped when the timer is re-set', () => {
    const { gaplic, clock, owner, timer } = lamp();
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1, autostart: true });
    owner.onEvent = () => {
      owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 10, autostart: false });
      return undefined;
    };
    // Two ticks due in one pass: the first re-sets the timer, the second is stale.
    clock.advance(2.5);
    drain(gaplic);
    advanceAndDrain(gaplic, clock, 9);
    assert.deepEqual(owner.received, ['EV_A']);
    advanceAndDrain(gaplic, clock, 2);
    assert.deepEqual(owner.received, ['EV_A', 'EV_A']);
  });

  test('EV_SET_TIMER with a bad seconds leaves the timer disarmed, with a coded fault', () => {
    const { gaplic, clock, owner, timer, faults } = lamp();
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1, autostart: true });
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 'soon' });
    assert.equal(timer.armed, false);
    advanceAndDrain(gaplic, clock, 5);
    assert.deepEqual(owner.received, []);
    assert.deepEqual(codes(faults), ['GTIMER_BAD_SECONDS']);
  });

  test('EV_SET_TIMER with unknown keys warns once with GTIMER_UNKNOWN_KEYS', () => {
    const { owner, timer, faults } = lamp();
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1, autoStart: true });
    owner.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1, autoStart: true });
    assert.deepEqual(codes(faults), ['GTIMER_UNKNOWN_KEYS']);
    assert.match(faults[0]!.message, /'autoStart'/);
  });
});
