// Guide, "Writing a gclass". Every block of docs/guide.md is a verbatim part of a file of
// examples/guide/, compiled by `npm test`; test/docs/samples.test.ts runs these files.
import assert from 'node:assert/strict';
import {
  EventNotAccepted,
  GAplic,
  GObj,
  checkFsm,
  type GConfigTemplate,
  type GEvent,
} from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';

// Actions are plain functions (gobj, event) => result; sendEvent returns the result.
function acStart(worker: Worker, event: GEvent): string | null {
  worker.job = String(event.kw.job);
  return worker.getCurrentState(); // already 'ST_BUSY': the state changes first
}

function acFinish(worker: Worker, _event: GEvent): void {
  worker.done += 1;
  worker.broadcastEvent('EV_DONE', { job: worker.job, done: worker.done });
  if (worker.done >= worker.config.maxJobs) worker.setNewState('ST_TIRED');
}

const fsm = {
  eventList: ['EV_START: top input', 'EV_FINISH: bottom input', 'EV_DONE: top output'],
  stateList: ['ST_IDLE', 'ST_BUSY', 'ST_TIRED'],
  machine: {
    ST_IDLE: [['EV_START', acStart, 'ST_BUSY']],
    ST_BUSY: [['EV_FINISH', acFinish, 'ST_IDLE']],
    ST_TIRED: [],
  },
} as const;

const gconfig = {
  maxJobs: { type: 'int', default: 10, description: 'Jobs done before ST_TIRED' },
  label: { type: 'str', default: null, description: 'A free text' },
} as const satisfies GConfigTemplate;

export class Worker extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;

  // Instance data that is not configuration lives in ordinary fields.
  job = '';
  done = 0;

  override startUp(): void {
    // Called once, after the gobj is attached and registered: create children,
    // timers and subscriptions here.
  }

  override goOut(): void {
    // Called at the end of destroyGObj: release what startUp acquired.
  }
}

const gaplic = new GAplic({ name: 'guide', logger: new CaptureLogger() });
const worker = gaplic.createGObj('worker', Worker, gaplic, { maxJobs: '2' });

assert.equal(worker.config.maxJobs, 2); // typed number, coerced from the string '2'
assert.equal(worker.getCurrentState(), 'ST_IDLE'); // the first state is the initial one
assert.equal(gaplic.sendEvent(worker, 'EV_START', { job: 'a' }), 'ST_BUSY');
assert.equal(gaplic.sendEvent(worker, 'EV_START', { job: 'b' }), EventNotAccepted);

// @ts-expect-error 'EV_STRAT' is not an event of Worker: a typo does not compile
gaplic.sendEvent(worker, 'EV_STRAT');
