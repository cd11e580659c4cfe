// Guide, "The gaplic".
import assert from 'node:assert/strict';
import {
  GAplic,
  GObj,
  checkFsm,
  postEventFromOutside,
  setGlobalMainGAplic,
  type ErrorContext,
  type GEvent,
} from '../../src/index.js';
import { CaptureLogger, TestClock } from '../../src/testing/index.js';

function acJob(worker: Worker, event: GEvent): void {
  if (event.kw.fail === true) throw new Error('job failed');
  worker.jobs += 1;
}

const workerFsm = {
  eventList: ['EV_JOB'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_JOB', acJob, null]] },
} as const;

class Worker extends GObj<typeof workerFsm> {
  static override fsm = checkFsm(workerFsm);
  jobs = 0;
}

const errors: string[] = [];
const clock = new TestClock(); // in production: leave `clock` out (the real clock)
const gaplic = new GAplic({
  name: 'main',
  roles: 'api, jobs', // or ['api', 'jobs']
  logger: new CaptureLogger(), // any object with debug/info/warn/error: console, pino()...
  clock,
  onError: (error: unknown, context: ErrorContext) =>
    errors.push(`${context.kind}: ${(error as Error).message}`),
});
const worker = gaplic.createGObj('worker', Worker, gaplic, { uniqueName: true });
assert.equal(gaplic.findUniqueGObj('worker'), worker);

const stopped = gaplic.start(); // resolves when stop() is called
gaplic.postEvent('worker', 'EV_JOB'); // a unique name, resolved at delivery
gaplic.postEvent(worker, 'EV_JOB', { fail: true });
gaplic.postEvent(worker, 'EV_JOB');
clock.advance(0); // a TestClock runs the drains the real loop would run (setImmediate)
assert.equal(worker.jobs, 2); // the failing action did not stop the queue
assert.deepEqual(errors, ['event: job failed']);

// Code that is not a gobj (a socket callback, another module) posts by name.
setGlobalMainGAplic(gaplic);
postEventFromOutside('main', 'worker', 'EV_JOB');
clock.advance(0);
assert.equal(worker.jobs, 3);

gaplic.stop(); // timers and queued events are kept for the next start()
await stopped;
assert.equal(gaplic.running, false);
