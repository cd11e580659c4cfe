// docs/guide.md, "Faults": what goes wrong at run time reaches onFault as data.
import assert from 'node:assert/strict';
import { GAplic, GObj, checkFsm, type Fault, type GEvent } from '../../src/index.js';
import { CaptureLogger, drain } from '../../src/testing/index.js';

function acOpen(door: Door, _event: GEvent): void {
  door.broadcastEvent('EV_OPENED');
}

const doorFsm = {
  eventList: ['EV_OPEN: top input', 'EV_CLOSE: top input', 'EV_OPENED: top output'],
  stateList: ['ST_CLOSED', 'ST_OPEN'],
  machine: {
    ST_CLOSED: [['EV_OPEN', acOpen, 'ST_OPEN']],
    ST_OPEN: [['EV_CLOSE', null, 'ST_CLOSED']],
  },
} as const;

class Door extends GObj<typeof doorFsm> {
  static override fsm = checkFsm(doorFsm);
}

const faults: Fault[] = [];
const logger = new CaptureLogger();
const gaplic = new GAplic({ name: 'house', logger, onFault: (fault) => faults.push(fault) });
const door = gaplic.createGObj('door', Door, gaplic);

gaplic.sendEvent(door, 'EV_CLOSE'); // not accepted while closed: a fault, not an exception
gaplic.postEvent('nobody', 'EV_OPEN' as never); // no gobj has that unique name
drain(gaplic);

assert.deepEqual(faults[0], {
  code: 'EVENT_NOT_ACCEPTED',
  level: 'warn',
  message: "Door:door: event 'EV_CLOSE' not accepted in state 'ST_CLOSED'",
  gobj: 'Door:door',
  event: 'EV_CLOSE',
});
assert.equal(faults[1]?.code, 'EVENT_NO_UNIQUE_NAME');
assert.deepEqual(gaplic.faultCounts(), { EVENT_NOT_ACCEPTED: 1, EVENT_NO_UNIQUE_NAME: 1 });
// The log line is the message followed by the code.
assert.equal(
  logger.messages('warn')[0],
  "Door:door: event 'EV_CLOSE' not accepted in state 'ST_CLOSED' [EVENT_NOT_ACCEPTED]",
);
