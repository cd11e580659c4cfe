// Guide, "Timers".
import assert from 'node:assert/strict';
import { Callback, GAplic, GObj, GTimer, checkFsm, type GEvent } from '../../src/index.js';
import { TestClock, advanceAndDrain } from '../../src/testing/index.js';

function acTick(heart: Heart, _event: GEvent): void {
  heart.beats += 1;
  if (heart.beats === 3) heart.sendEvent(heart.timer!, 'EV_SET_TIMER', { seconds: -1 }); // cancel
}

const heartFsm = {
  eventList: ['EV_TIMEOUT'],
  stateList: ['ST_BEATING'],
  machine: { ST_BEATING: [['EV_TIMEOUT', acTick, null]] },
} as const;

class Heart extends GObj<typeof heartFsm> {
  static override fsm = checkFsm(heartFsm);
  timer: GTimer | null = null;
  beats = 0;

  override startUp(): void {
    this.timer = this.createGObj('timer', GTimer, this); // its subscriber: this, its parent
    this.sendEvent(this.timer, 'EV_SET_TIMER', { seconds: 0.25, autostart: true });
  }
}

const clock = new TestClock();
const gaplic = new GAplic({ name: 'timers', clock });
const heart = gaplic.createGObj('heart', Heart, gaplic);

advanceAndDrain(gaplic, clock, 0.5);
assert.equal(heart.beats, 2); // at 0.25 s and 0.5 s
advanceAndDrain(gaplic, clock, 10);
assert.equal(heart.beats, 3); // cancelled by the third beat
assert.equal(heart.timer!.armed, false);

// --- timers without a gobj

const fired: string[] = [];
const t0 = clock.now();
const handle = gaplic.addTimeout(1.5, () => fired.push('once'));
gaplic.addTimeout(1, () => fired.push(`periodic at ${clock.now() - t0}`), true);
gaplic.addCallback((what: string) => fired.push(what), 'next iteration');

advanceAndDrain(gaplic, clock, 2);
assert.deepEqual(fired, ['next iteration', 'periodic at 1', 'once', 'periodic at 2']);
assert.equal(gaplic.removeTimeout(handle), false); // it already fired

// A periodic Callback: its numeric return value is the delay before the next run.
let runs = 0;
const poller = new Callback(() => (++runs === 1 ? 5 : undefined), 1, gaplic);
poller.start(); // first run after one period
advanceAndDrain(gaplic, clock, 1);
assert.equal(runs, 1);
advanceAndDrain(gaplic, clock, 4.9);
assert.equal(runs, 1); // the first run asked for 5 s
advanceAndDrain(gaplic, clock, 0.1);
assert.equal(runs, 2);
poller.stop();
