// The example of docs/guide.md, "Testing": a gclass tested without sleeping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GAplic, GObj, GTimer, checkFsm, type GEvent } from '../../src/index.js';
import { CaptureLogger, TestClock, advanceAndDrain, drain } from '../../src/testing/index.js';

function acToggle(blinker: Blinker, _event: GEvent): void {
  blinker.setNewState(blinker.getCurrentState() === 'ST_OFF' ? 'ST_ON' : 'ST_OFF');
}
function acStart(blinker: Blinker, _event: GEvent): void {
  blinker.sendEvent(blinker.timer!, 'EV_SET_TIMER', { seconds: 0.5, autostart: true });
}

const fsm = {
  eventList: ['EV_START', 'EV_TIMEOUT'],
  stateList: ['ST_OFF', 'ST_ON'],
  machine: {
    ST_OFF: [
      ['EV_START', acStart, null],
      ['EV_TIMEOUT', acToggle, null],
    ],
    ST_ON: [['EV_TIMEOUT', acToggle, null]],
  },
} as const;

class Blinker extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
  timer: GTimer | null = null;
  override startUp(): void {
    this.timer = this.createGObj('timer', GTimer, this);
  }
}

function setUp() {
  const clock = new TestClock();
  const logger = new CaptureLogger();
  const gaplic = new GAplic({ name: 'test', clock, logger });
  const blinker = gaplic.createGObj('blinker', Blinker, gaplic);
  return { clock, logger, gaplic, blinker };
}

test('Blinker - toggles at every timeout', () => {
  const { clock, gaplic, blinker } = setUp();
  gaplic.sendEvent(blinker, 'EV_START');
  advanceAndDrain(gaplic, clock, 0.49);
  assert.equal(blinker.getCurrentState(), 'ST_OFF');
  advanceAndDrain(gaplic, clock, 0.01);
  assert.equal(blinker.getCurrentState(), 'ST_ON');
  advanceAndDrain(gaplic, clock, 1);
  assert.equal(blinker.getCurrentState(), 'ST_ON'); // two more toggles
});

test('Blinker - runOnce is one iteration: due timers, then queued events', () => {
  const { clock, gaplic, blinker } = setUp();
  gaplic.sendEvent(blinker, 'EV_START');
  clock.advance(0.5); // time passes; a gaplic that is not started runs nothing by itself
  assert.equal(blinker.getCurrentState(), 'ST_OFF');
  assert.equal(gaplic.runOnce(), false); // the timer posted EV_TIMEOUT, delivered; no work left
  assert.equal(blinker.getCurrentState(), 'ST_ON');
  gaplic.postEvent(blinker, 'EV_TIMEOUT');
  drain(gaplic); // runOnce() until no work remains
  assert.equal(blinker.getCurrentState(), 'ST_OFF');
});

test('Blinker - EV_START while on is not accepted, with a warning', () => {
  const { clock, logger, gaplic, blinker } = setUp();
  gaplic.sendEvent(blinker, 'EV_START');
  advanceAndDrain(gaplic, clock, 0.5);
  gaplic.sendEvent(blinker, 'EV_START');
  assert.deepEqual(logger.messages('warn'), [
    "Blinker:blinker: event 'EV_START' not accepted in state 'ST_ON' [EVENT_NOT_ACCEPTED]",
  ]);
});
