// The periodic Callback (spec §2.4 "Callback", §6.1 item 11): start with or without a
// first timeout, stop, a numeric return value as the next delay, delay() postponing the
// next run by a full period (broken in ginsfsm), and error reporting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Callback, GAplic, type ErrorContext } from '../../src/index.js';
import { CaptureLogger, TestClock } from '../../src/testing/index.js';

interface Fixture {
  gaplic: GAplic;
  clock: TestClock;
  errors: { error: unknown; kind: ErrorContext['kind'] }[];
  stopped: Promise<void>;
}

/** A started gaplic on a TestClock: timers fire at their deadlines during advance(). */
function setup(): Fixture {
  const clock = new TestClock();
  const errors: Fixture['errors'] = [];
  const gaplic = new GAplic({
    name: 'ga',
    clock,
    logger: new CaptureLogger(),
    onError: (error, context) => errors.push({ error, kind: context.kind }),
  });
  return { gaplic, clock, errors, stopped: gaplic.start() };
}

async function teardown({ gaplic, stopped }: Fixture): Promise<void> {
  gaplic.stop();
  await stopped;
}

describe('Callback', () => {
  test('Callback - start() runs it every period, first after one period', async () => {
    const fx = setup();
    const runs: number[] = [];
    // `void`: a numeric return value would be taken as the next delay.
    const cb = new Callback(() => void runs.push(fx.clock.now()), 0.5, fx.gaplic);
    assert.equal(cb.running, false);
    cb.start();
    assert.equal(cb.running, true);
    fx.clock.advance(0.49);
    assert.deepEqual(runs, []);
    fx.clock.advance(1.01);
    assert.deepEqual(runs, [0.5, 1, 1.5]);
    await teardown(fx);
  });

  test('Callback - start(timeout) runs first after timeout, then every period', async () => {
    const fx = setup();
    const runs: number[] = [];
    const cb = new Callback(() => void runs.push(fx.clock.now()), 1, fx.gaplic);
    cb.start(0.25);
    fx.clock.advance(3);
    assert.deepEqual(runs, [0.25, 1.25, 2.25]);
    await teardown(fx);
  });

  test('Callback - start(0) runs on the next timer pass', async () => {
    const fx = setup();
    const runs: number[] = [];
    new Callback(() => void runs.push(fx.clock.now()), 1, fx.gaplic).start(0);
    fx.clock.advance(0);
    assert.deepEqual(runs, [0]);
    await teardown(fx);
  });

  test('Callback - stop() cancels the next run and its timer', async () => {
    const fx = setup();
    let runs = 0;
    const cb = new Callback(() => void runs++, 0.5, fx.gaplic);
    cb.start();
    fx.clock.advance(1);
    assert.equal(runs, 2);
    cb.stop();
    assert.equal(cb.running, false);
    assert.equal(fx.gaplic.timerCount, 0);
    fx.clock.advance(5);
    assert.equal(runs, 2);
    await teardown(fx);
  });

  test('Callback - stop() from inside the callback ends it', async () => {
    const fx = setup();
    let runs = 0;
    const cb = new Callback(
      () => {
        runs++;
        if (runs === 3) cb.stop();
      },
      0.5,
      fx.gaplic,
    );
    cb.start();
    fx.clock.advance(5);
    assert.equal(runs, 3);
    assert.equal(fx.gaplic.timerCount, 0);
    await teardown(fx);
  });

  test('Callback - start() again restarts without doubling the runs', async () => {
    const fx = setup();
    const runs: number[] = [];
    const cb = new Callback(() => void runs.push(fx.clock.now()), 1, fx.gaplic);
    cb.start();
    fx.clock.advance(0.5);
    cb.start();
    assert.equal(fx.gaplic.timerCount, 1);
    fx.clock.advance(2);
    assert.deepEqual(runs, [1.5, 2.5]);
    await teardown(fx);
  });

  test('Callback - a numeric return value is the delay before the next run', async () => {
    const fx = setup();
    const runs: number[] = [];
    const delays = [0.25, 2, undefined, 'x'];
    const cb = new Callback(
      () => {
        runs.push(fx.clock.now());
        return delays.shift();
      },
      1,
      fx.gaplic,
    );
    cb.start();
    fx.clock.advance(6);
    // 1 (→ 0.25), 1.25 (→ 2), 3.25 (undefined → period), 4.25 ('x' → period), 5.25 ...
    assert.deepEqual(runs, [1, 1.25, 3.25, 4.25, 5.25]);
    await teardown(fx);
  });

  test('Callback - delay() postpones the next run to a full period from now', async () => {
    const fx = setup();
    const runs: number[] = [];
    const cb = new Callback(() => void runs.push(fx.clock.now()), 1, fx.gaplic);
    cb.start();
    fx.clock.advance(0.5);
    cb.delay();
    fx.clock.advance(0.75);
    // Due at 1, postponed to 1.5 (ginsfsm passed an absolute time as a delay here).
    assert.deepEqual(runs, []);
    fx.clock.advance(0.25);
    assert.deepEqual(runs, [1.5]);
    fx.clock.advance(2);
    assert.deepEqual(runs, [1.5, 2.5, 3.5]);
    await teardown(fx);
  });

  test('Callback - repeated delay() calls keep a heartbeat quiet while traffic flows', async () => {
    const fx = setup();
    const runs: number[] = [];
    const cb = new Callback(() => void runs.push(fx.clock.now()), 1, fx.gaplic);
    cb.start();
    for (let i = 0; i < 8; i++) {
      fx.clock.advance(0.5);
      cb.delay();
    }
    assert.deepEqual(runs, []);
    fx.clock.advance(1);
    assert.deepEqual(runs, [5]);
    await teardown(fx);
  });

  test('Callback - an error is reported with kind callback and the runs go on', async () => {
    const fx = setup();
    let runs = 0;
    const cb = new Callback(
      () => {
        runs++;
        throw new Error(`run ${runs}`);
      },
      1,
      fx.gaplic,
    );
    cb.start();
    fx.clock.advance(2);
    assert.equal(runs, 2);
    assert.deepEqual(
      fx.errors.map((e) => [(e.error as Error).message, e.kind]),
      [
        ['run 1', 'callback'],
        ['run 2', 'callback'],
      ],
    );
    await teardown(fx);
  });

  test('Callback - a callback that is not a function throws GAPLIC_BAD_CALLBACK', async () => {
    const fx = setup();
    assert.throws(() => new Callback('tick' as unknown as () => void, 1, fx.gaplic), {
      name: 'GAplicError',
      code: 'GAPLIC_BAD_CALLBACK',
    });
    await teardown(fx);
  });

  test('Callback - a period that is not a finite number > 0 throws GAPLIC_BAD_TIMEOUT', async () => {
    const fx = setup();
    for (const period of [0, -1, NaN, Infinity, '1']) {
      assert.throws(() => new Callback(() => {}, period as number, fx.gaplic), {
        name: 'GAplicError',
        code: 'GAPLIC_BAD_TIMEOUT',
      });
    }
    await teardown(fx);
  });
});
