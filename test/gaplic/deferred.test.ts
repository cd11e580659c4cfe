// Deferred and DeferredList (spec §2.7, DESIGN.md §4): stored args plus a kw merged with
// the call's kw (the call wins), cancel, lookup of the first match by ref, and a Deferred
// as the subscriber of a gobj's events.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Deferred, DeferredList, GAplic, GObj, type GEvent } from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';

describe('Deferred', () => {
  test('Deferred - calls callback(...args, kw) and returns its result', () => {
    const calls: unknown[][] = [];
    const deferred = new Deferred(
      'ref',
      (...received: unknown[]) => {
        calls.push(received);
        return 'result';
      },
      [1, 'two'],
      { a: 1 },
    );
    assert.equal(deferred.ref, 'ref');
    assert.equal(deferred.call(), 'result');
    assert.deepEqual(calls, [[1, 'two', { a: 1 }]]);
  });

  test('Deferred - the call kw is merged over the stored kw and wins on conflicts', () => {
    const seen: unknown[] = [];
    const deferred = new Deferred(null, (kw: Record<string, unknown>) => seen.push(kw), [], {
      a: 1,
      b: 2,
    });
    deferred.call({ b: 20, c: 30 });
    deferred.call();
    assert.deepEqual(seen, [
      { a: 1, b: 20, c: 30 },
      { a: 1, b: 2 },
    ]);
  });

  test('Deferred - each call gets a fresh kw; the stored one is never mutated', () => {
    const stored = { a: 1 };
    const deferred = new Deferred(
      null,
      (kw: Record<string, unknown>) => {
        kw.a = 'changed';
        kw.added = true;
      },
      [],
      stored,
    );
    deferred.call();
    deferred.call({ x: 1 });
    assert.deepEqual(stored, { a: 1 });
  });

  test('Deferred - defaults: no args and an empty kw', () => {
    const seen: unknown[][] = [];
    new Deferred(undefined, (...received: unknown[]) => seen.push(received)).call();
    assert.deepEqual(seen, [[{}]]);
  });

  test('Deferred - cancel() makes later calls no-ops that return undefined', () => {
    let calls = 0;
    const deferred = new Deferred('r', () => ++calls);
    assert.equal(deferred.call(), 1);
    assert.equal(deferred.cancelled, false);
    deferred.cancel();
    assert.equal(deferred.cancelled, true);
    assert.equal(deferred.call({ a: 1 }), undefined);
    assert.equal(calls, 1);
  });

  test('Deferred - a callback that is not a function throws GAPLIC_BAD_CALLBACK', () => {
    assert.throws(() => new Deferred('r', 'nope' as unknown as () => void), {
      name: 'GAplicError',
      code: 'GAPLIC_BAD_CALLBACK',
    });
  });

  test('Deferred - errors thrown by the callback propagate to the caller', () => {
    const deferred = new Deferred('r', () => {
      throw new RangeError('inside');
    });
    assert.throws(() => deferred.call(), { name: 'RangeError', message: 'inside' });
  });
});

describe('DeferredList', () => {
  test('DeferredList - addCallback returns the Deferred it stores', () => {
    const list = new DeferredList();
    const deferred = list.addCallback('r', () => 1, [], {});
    assert.ok(deferred instanceof Deferred);
    assert.equal(deferred.ref, 'r');
    assert.equal(list.size, 1);
  });

  test('DeferredList - call(ref, kw) calls the first Deferred with that ref and returns its result', () => {
    const list = new DeferredList();
    const calls: string[] = [];
    list.addCallback('other', () => calls.push('other'));
    list.addCallback(
      'r',
      (tag: string, kw: Record<string, unknown>) => {
        calls.push(`${tag}:${String(kw.k)}`);
        return 'first';
      },
      ['first'],
      { k: 'stored' },
    );
    list.addCallback('r', () => calls.push('second'));
    assert.equal(list.call('r', { k: 'given' }), 'first');
    assert.deepEqual(calls, ['first:given']);
  });

  test('DeferredList - refs are compared by identity, any value works', () => {
    const list = new DeferredList();
    const fn = (): void => {};
    const key = {};
    list.addCallback(fn, () => 'fn');
    list.addCallback(key, () => 'object');
    list.addCallback(null, () => 'null');
    list.addCallback(NaN, () => 'nan');
    assert.equal(list.call(fn), 'fn');
    assert.equal(list.call(key), 'object');
    assert.equal(list.call(null), 'null');
    assert.equal(list.call(NaN), 'nan');
    assert.equal(list.call({}), undefined);
  });

  test('DeferredList - no match logs an error naming the ref and returns undefined', () => {
    const logger = new CaptureLogger();
    const list = new DeferredList(logger);
    list.addCallback('r', () => 'x');
    assert.equal(list.call('missing'), undefined);
    assert.equal(logger.messages('error').length, 1);
    assert.match(logger.messages('error')[0]!, /no deferred with ref.*missing/);
  });

  test('DeferredList - without a logger a miss is silent', () => {
    const list = new DeferredList();
    assert.equal(list.call('missing'), undefined);
  });

  test('DeferredList - delete(ref) removes the first match only', () => {
    const list = new DeferredList();
    list.addCallback('r', () => 'first');
    list.addCallback('r', () => 'second');
    assert.equal(list.delete('r'), true);
    assert.equal(list.size, 1);
    assert.equal(list.call('r'), 'second');
    assert.equal(list.delete('r'), true);
    assert.equal(list.delete('r'), false);
    assert.equal(list.size, 0);
  });

  test('DeferredList - a cancelled Deferred still matches and returns undefined', () => {
    const list = new DeferredList();
    list.addCallback('r', () => 'first').cancel();
    list.addCallback('r', () => 'second');
    assert.equal(list.call('r'), undefined);
  });

  test("DeferredList - a gaplic's deferredList logs to the gaplic's logger", () => {
    const logger = new CaptureLogger();
    const gaplic = new GAplic({ logger });
    gaplic.deferredList.addCallback('r', () => 'ok');
    assert.equal(gaplic.deferredList.call('r'), 'ok');
    assert.equal(gaplic.deferredList.call('nope'), undefined);
    assert.equal(logger.messages('error').length, 1);
  });
});

describe('Deferred as a subscriber', () => {
  const fsm = {
    eventList: ['EV_TICK: top output'],
    stateList: ['ST_IDLE'],
    machine: { ST_IDLE: [] },
  } as const;
  class Ticker extends GObj<typeof fsm> {
    static override fsm = fsm;
  }

  test('Deferred - a subscribed Deferred is called with the stored kw and { event }', () => {
    const gaplic = new GAplic({ logger: new CaptureLogger() });
    const ticker = gaplic.createGObj('ticker', Ticker, gaplic);
    const seen: [string, Record<string, unknown>][] = [];
    const deferred = new Deferred(
      'watch',
      (tag: string, kw: Record<string, unknown>) => {
        seen.push([tag, kw]);
      },
      ['tag'],
      { stored: 1 },
    );
    ticker.subscribeEvent('EV_TICK', deferred);
    ticker.broadcastEvent('EV_TICK', { n: 7 });
    assert.equal(seen.length, 1);
    const [tag, kw] = seen[0]!;
    assert.equal(tag, 'tag');
    assert.equal(kw.stored, 1);
    const event = kw.event as GEvent;
    assert.equal(event.eventName, 'EV_TICK');
    assert.deepEqual(event.kw, { n: 7 });
    assert.deepEqual(event.source, [ticker]);
  });
});
