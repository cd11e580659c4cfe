// TestClock (ginsfsm/testing): time that moves only when the test says so; host timers
// fire at their own deadline in (deadline, creation) order; deferred jobs run on flush()
// and around each timer during advance().
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GAplic, type Clock } from '../../src/index.js';
import { CaptureLogger, TestClock } from '../../src/testing/index.js';

describe('TestClock', () => {
  test('TestClock - now() starts at 0 (or the given start) and moves only with advance()', () => {
    const clock = new TestClock();
    assert.equal(clock.now(), 0);
    clock.advance(1.5);
    assert.equal(clock.now(), 1.5);
    clock.advance(0);
    assert.equal(clock.now(), 1.5);
    assert.equal(new TestClock(100).now(), 100);
  });

  test('TestClock - advance() fires a timer at its own deadline, not before', () => {
    const clock = new TestClock();
    const fired: number[] = [];
    clock.setTimer(() => fired.push(clock.now()), 0.75);
    clock.advance(0.5);
    assert.deepEqual(fired, []);
    clock.advance(0.5);
    assert.deepEqual(fired, [0.75]);
    assert.equal(clock.now(), 1);
    clock.advance(10);
    assert.deepEqual(fired, [0.75]);
  });

  test('TestClock - timers fire in deadline order, equal deadlines in creation order', () => {
    const clock = new TestClock();
    const order: string[] = [];
    clock.setTimer(() => order.push('c@2'), 2);
    clock.setTimer(() => order.push('a@1'), 1);
    clock.setTimer(() => order.push('d@2'), 2);
    clock.setTimer(() => order.push('b@1'), 1);
    clock.setTimer(() => order.push('z@0'), 0);
    clock.advance(2);
    assert.deepEqual(order, ['z@0', 'a@1', 'b@1', 'c@2', 'd@2']);
  });

  test('TestClock - a negative delay is taken as 0', () => {
    const clock = new TestClock(5);
    const fired: number[] = [];
    clock.setTimer(() => fired.push(clock.now()), -3);
    clock.advance(0);
    assert.deepEqual(fired, [5]);
  });

  test('TestClock - a timer set by a timer within the span fires in the same advance, at its time', () => {
    const clock = new TestClock();
    const fired: number[] = [];
    const tick = (): void => {
      fired.push(clock.now());
      clock.setTimer(tick, 0.5);
    };
    clock.setTimer(tick, 0.5);
    clock.advance(1.75);
    assert.deepEqual(fired, [0.5, 1, 1.5]);
    assert.equal(clock.pendingTimers, 1);
  });

  test('TestClock - clearTimer() cancels; pendingTimers counts what is left', () => {
    const clock = new TestClock();
    let fired = 0;
    const a = clock.setTimer(() => fired++, 1);
    clock.setTimer(() => fired++, 2);
    assert.equal(clock.pendingTimers, 2);
    clock.clearTimer(a);
    assert.equal(clock.pendingTimers, 1);
    clock.clearTimer(a);
    clock.clearTimer({});
    assert.equal(clock.pendingTimers, 1);
    clock.advance(3);
    assert.equal(fired, 1);
    assert.equal(clock.pendingTimers, 0);
  });

  test('TestClock - defer() waits for flush(), which also runs jobs deferred by jobs', () => {
    const clock = new TestClock();
    const order: string[] = [];
    clock.defer(() => {
      order.push('first');
      clock.defer(() => order.push('nested'));
    });
    clock.defer(() => order.push('second'));
    assert.deepEqual(order, []);
    clock.flush();
    assert.deepEqual(order, ['first', 'second', 'nested']);
    clock.flush();
    assert.equal(order.length, 3);
    assert.equal(clock.now(), 0);
  });

  test('TestClock - advance() flushes deferred jobs first and after each timer, at that time', () => {
    const clock = new TestClock();
    const order: string[] = [];
    clock.defer(() => order.push(`pending@${clock.now()}`));
    clock.setTimer(() => {
      order.push(`timer@${clock.now()}`);
      clock.defer(() => order.push(`deferred@${clock.now()}`));
    }, 1);
    clock.setTimer(() => order.push(`later@${clock.now()}`), 2);
    clock.advance(3);
    assert.deepEqual(order, ['pending@0', 'timer@1', 'deferred@1', 'later@2']);
  });

  test('TestClock - a timer cleared by an earlier timer of the same instant does not fire', () => {
    const clock = new TestClock();
    const order: string[] = [];
    let second: unknown = null;
    clock.setTimer(() => {
      order.push('first');
      clock.clearTimer(second);
    }, 1);
    second = clock.setTimer(() => order.push('second'), 1);
    clock.advance(1);
    assert.deepEqual(order, ['first']);
  });

  test('TestClock - advance() with a negative, NaN or infinite span throws GAPLIC_BAD_TIMEOUT', () => {
    const clock = new TestClock();
    for (const bad of [-1, -0.001, NaN, Infinity, -Infinity]) {
      assert.throws(() => clock.advance(bad), {
        name: 'GAplicError',
        code: 'GAPLIC_BAD_TIMEOUT',
        message: /TestClock\.advance: seconds got .*, expected a finite number >= 0/,
      });
    }
    assert.throws(() => clock.advance('1' as unknown as number), { code: 'GAPLIC_BAD_TIMEOUT' });
    assert.equal(clock.now(), 0);
  });

  test('TestClock - is a Clock a gaplic accepts, and drives it', async () => {
    const clock: Clock = new TestClock();
    const gaplic = new GAplic({ clock, logger: new CaptureLogger() });
    assert.equal(gaplic.clock, clock);
    const stopped = gaplic.start();
    let fired = -1;
    gaplic.addTimeout(0.5, () => (fired = clock.now()));
    (clock as TestClock).advance(1);
    assert.equal(fired, 0.5);
    gaplic.stop();
    await stopped;
  });
});
