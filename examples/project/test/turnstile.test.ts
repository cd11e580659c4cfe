// README, "Use it in your project": the test of ../src/turnstile.ts, as a user writes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventNotAccepted, GAplic } from '../../../src/index.js';
import { CaptureLogger, TestClock, advanceAndDrain, drain } from '../../../src/testing/index.js';
import { Turnstile } from '../src/turnstile.js';

function setUp() {
  const clock = new TestClock(); // time moves only when the test says so
  const logger = new CaptureLogger();
  const gaplic = new GAplic({ name: 'test', clock, logger });
  const turnstile = gaplic.createGObj('turnstile', Turnstile, gaplic, { openSeconds: 3 });
  return { clock, logger, gaplic, turnstile };
}

test('Turnstile - a coin unlocks it, a push locks it again', () => {
  const { gaplic, turnstile } = setUp();
  gaplic.postEvent(turnstile, 'EV_COIN');
  drain(gaplic); // delivers the queued event
  assert.equal(turnstile.getCurrentState(), 'ST_UNLOCKED');
  gaplic.sendEvent(turnstile, 'EV_PUSH');
  assert.equal(turnstile.getCurrentState(), 'ST_LOCKED');
  assert.equal(turnstile.coins, 1);
});

test('Turnstile - it locks again by itself after openSeconds', () => {
  const { clock, gaplic, turnstile } = setUp();
  gaplic.sendEvent(turnstile, 'EV_COIN');
  advanceAndDrain(gaplic, clock, 2.9); // no sleeping: fires the timers due on the way
  assert.equal(turnstile.getCurrentState(), 'ST_UNLOCKED');
  advanceAndDrain(gaplic, clock, 0.1);
  assert.equal(turnstile.getCurrentState(), 'ST_LOCKED');
});

test('Turnstile - a push while locked is refused with a warning', () => {
  const { gaplic, logger, turnstile } = setUp();
  assert.equal(gaplic.sendEvent(turnstile, 'EV_PUSH'), EventNotAccepted);
  assert.deepEqual(logger.messages('warn'), [
    "Turnstile:turnstile: event 'EV_PUSH' not accepted in state 'ST_LOCKED' [EVENT_NOT_ACCEPTED]",
  ]);
  // @ts-expect-error 'EV_PUHS' is not an event of Turnstile: a typo does not compile
  assert.equal(gaplic.sendEvent(turnstile, 'EV_PUHS'), EventNotAccepted);
});
