// ResponseTimer (GHttpServer's responseTimeout) on a TestClock: no sockets, no waits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GAplic, silentLogger } from '../../src/node.js';
import { ResponseTimer } from '../../src/net/response-timer.js';
import { TestClock, advanceAndDrain } from '../../src/testing/index.js';

function timer(seconds: number) {
  const clock = new TestClock();
  const gaplic = new GAplic({ name: 'app', clock, logger: silentLogger });
  const expired: string[] = [];
  const timed = new ResponseTimer<string>(gaplic, seconds, (item) =>
    expired.push(`${item}@${clock.now()}`),
  );
  const advance = (seconds: number) => advanceAndDrain(gaplic, clock, seconds);
  return { clock, timed, expired, advance };
}

describe('ResponseTimer', () => {
  test('ResponseTimer - items expire at their deadline, oldest first; deleted ones never', () => {
    const { clock, timed, expired, advance } = timer(5);
    timed.add('a');
    advance(1);
    timed.add('b');
    timed.add('c');
    advance(2);
    timed.add('d');
    timed.delete('c');
    advance(2); // t = 5: a
    assert.deepEqual(expired, ['a@5']);
    advance(1); // t = 6: b
    assert.deepEqual(expired, ['a@5', 'b@6']);
    advance(10);
    assert.deepEqual(expired, ['a@5', 'b@6', 'd@8']);
    assert.equal(clock.pendingTimers, 0); // nothing timed: no timer armed
  });

  test('ResponseTimer - under a steady stream the timer is armed at most 16 times per timeout', () => {
    const { timed, expired, advance } = timer(16);
    for (let i = 0; i < 1600; i++) {
      timed.add(`r${i}`);
      advance(0.01); // 100 arrivals per second, each expiring 16 s later
    }
    advance(17);
    assert.equal(expired.length, 1600);
    const instants = new Set(expired.map((entry) => entry.split('@')[1]));
    assert.ok(instants.size <= 17, `the timer fired ${instants.size} times in 17 s`);
    // Each expires at most a sixteenth of the timeout (1 s) after its deadline.
    for (const [i, entry] of expired.entries()) {
      const at = Number(entry.split('@')[1]);
      const deadline = i * 0.01 + 16;
      assert.ok(at >= deadline - 1e-9 && at <= deadline + 1 + 1e-9, `${entry}`);
    }
  });

  test('ResponseTimer - stop() forgets everything and disarms', () => {
    const { clock, timed, expired, advance } = timer(5);
    timed.add('a');
    timed.stop();
    timed.add('b');
    advance(10);
    assert.deepEqual(expired, []);
    assert.equal(clock.pendingTimers, 0);
  });
});
