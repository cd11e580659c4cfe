// Issue #5 §2: the loop can never wedge. Unprintable thrown values, throwing loggers and
// throwing hooks are contained; the drain flag and the host timer are restored on every
// exit; runOnce() never abandons the rest of its batch.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GAplic, GObj, type GEvent, type Logger } from '../../src/index.js';
import { drain, TestClock } from '../../src/testing/index.js';
import { codes, Probe, world } from '../fixtures/probe.js';

/** Values whose printing throws, or that have nothing to print. */
function unprintables(): unknown[] {
  const noProto = Object.create(null) as object;
  const badToString = {
    toString: () => {
      throw new Error('no toString');
    },
  };
  const badStack = new Error('x');
  Object.defineProperty(badStack, 'stack', {
    get: () => {
      throw new Error('no stack');
    },
  });
  Object.defineProperty(badStack, 'message', {
    get: () => {
      throw new Error('no message');
    },
  });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  return [noProto, badToString, badStack, revoked.proxy, Symbol('s'), undefined, null];
}

const throwingLogger: Logger = {
  debug: () => {
    throw new Error('logger down');
  },
  info: () => {
    throw new Error('logger down');
  },
  warn: () => {
    throw new Error('logger down');
  },
  error: () => {
    throw new Error('logger down');
  },
};

describe('loop wedge - unprintable values thrown', () => {
  test('loop wedge - actions, callbacks and timers throwing unprintable values are reported; the batch goes on', () => {
    const { gaplic, faults, probe } = world();
    const p = probe('p');
    const values = unprintables();
    p.onEvent = (_g, event) => {
      if (event.eventName === 'EV_B') throw values[event.kw.n as number];
      return undefined;
    };
    for (let n = 0; n < values.length; n++) {
      p.postEvent(p, 'EV_B', { n });
      p.postEvent(p, 'EV_A', { n });
      gaplic.addCallback(() => {
        throw values[n];
      });
      gaplic.addTimeout(0, () => {
        throw values[n];
      });
    }
    assert.equal(gaplic.runOnce(), false);
    assert.deepEqual(
      p.received.filter((r) => r.startsWith('EV_A')),
      values.map((_v, n) => `EV_A:${n}`),
    );
    const seen = codes(faults);
    for (const code of ['ACTION_FAILED', 'CALLBACK_FAILED', 'TIMER_FAILED']) {
      assert.equal(seen.filter((c) => c === code).length, values.length, code);
    }
  });

  test('loop wedge - a validator throwing an unprintable value gives a coded error', () => {
    class Strict extends GObj {
      static override gconfig = {
        port: {
          type: 'int',
          default: 1,
          description: 'port',
          validate: () => {
            throw Object.create(null) as Error;
          },
        },
      } as const;
    }
    assert.throws(() => new Strict(), { code: 'GCONFIG_INVALID_VALUE' });
  });
});

describe('loop wedge - throwing loggers and hooks', () => {
  test('loop wedge - a logger whose methods throw does not stop the batch nor later timers', () => {
    const clock = new TestClock();
    const gaplic = new GAplic({ name: 'ga', clock, logger: throwingLogger });
    const p = gaplic.createGObj('p', Probe, gaplic);
    p.postEvent(p, 'EV_BOOM', { n: 1 });
    p.postEvent(p, 'EV_TIMEOUT' as never); // not accepted: a fault logged by a throwing logger
    p.postEvent(p, 'EV_A', { n: 2 });
    drain(gaplic);
    assert.deepEqual(p.received, ['EV_A:2']);
    const fired: number[] = [];
    const stopped = gaplic.start();
    gaplic.addTimeout(1, () => {
      throw new Error('t1');
    });
    gaplic.addTimeout(2, () => fired.push(2));
    p.postEvent(p, 'EV_BOOM', { n: 3 });
    clock.advance(3);
    assert.deepEqual(fired, [2]);
    p.postEvent(p, 'EV_A', { n: 4 });
    clock.advance(0);
    assert.deepEqual(p.received, ['EV_A:2', 'EV_A:4']);
    gaplic.stop();
    return stopped;
  });

  test('loop wedge - onError and onFault hooks that throw are contained', () => {
    const { gaplic, logger } = world({
      onError: () => {
        throw Object.create(null) as Error;
      },
      onFault: () => {
        throw new Error('fault hook down');
      },
    });
    const p = gaplic.createGObj('p', Probe, gaplic);
    p.postEvent(p, 'EV_BOOM', { n: 1 });
    p.postEvent(p, 'EV_A', { n: 2 });
    drain(gaplic);
    assert.deepEqual(p.received, ['EV_A:2']);
    const errors = logger.messages('error').join('\n');
    assert.match(errors, /onError threw/);
    assert.match(errors, /onFault threw/);
    assert.match(errors, /uncaught error in event 'EV_BOOM'[\s\S]*\[ACTION_FAILED\]/);
  });

  test('loop wedge - a drain that throws leaves the drain flag clear: later posts are drained', () => {
    const clock = new TestClock();
    const gaplic = new GAplic({ name: 'ga', clock, logger: throwingLogger });
    const p = gaplic.createGObj('p', Probe, gaplic);
    gaplic.mtSubprocess = () => {
      throw Object.create(null) as Error;
    };
    const stopped = gaplic.start();
    for (let round = 1; round <= 3; round++) {
      p.postEvent(p, 'EV_A', { n: round });
      clock.advance(0);
    }
    assert.deepEqual(p.received, ['EV_A:1', 'EV_A:2', 'EV_A:3']);
    gaplic.stop();
    return stopped;
  });
});

describe('loop wedge - the host timer', () => {
  test('loop wedge - the host timer is re-armed even when its pass throws', () => {
    const clock = new TestClock();
    const { gaplic } = world({ clock });
    const fired: string[] = [];
    const stopped = gaplic.start();
    // A test clock advanced from inside an action of the same gaplic: the pass refuses.
    const p = gaplic.createGObj('p', Probe, gaplic);
    p.onEvent = () => clock.advance(5);
    gaplic.addTimeout(1, () => fired.push('t1'));
    gaplic.addTimeout(2, () => fired.push('t2'));
    assert.throws(() => gaplic.sendEvent(p, 'EV_A'), { code: 'GAPLIC_REENTRANT_RUN' });
    clock.advance(5);
    assert.deepEqual(fired, ['t1', 't2']);
    gaplic.addTimeout(1, () => fired.push('t3'));
    clock.advance(1);
    assert.deepEqual(fired, ['t1', 't2', 't3']);
    gaplic.stop();
    return stopped;
  });
});

function acNothing(_gobj: GObj, _event: GEvent): void {}
void acNothing;
