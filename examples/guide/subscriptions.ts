// Guide, "Subscriptions".
import assert from 'node:assert/strict';
import { Deferred, GAplic, GObj, checkFsm, type GEvent } from '../../src/index.js';
import { CaptureLogger, drain } from '../../src/testing/index.js';

function acMeasure(sensor: Sensor, event: GEvent): void {
  const value = Number(event.kw.value);
  sensor.broadcastEvent('EV_READING', { value });
  if (value > 30) sensor.broadcastEvent('EV_ALARM', { value });
}

const sensorFsm = {
  eventList: ['EV_MEASURE: bottom input', 'EV_READING: top output', 'EV_ALARM: top output'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_MEASURE', acMeasure, null]] },
} as const;

class Sensor extends GObj<typeof sensorFsm> {
  static override fsm = checkFsm(sensorFsm);
}

const seen: string[] = [];
function acSeen(_display: Display, event: GEvent): boolean {
  seen.push(`${event.eventName} ${JSON.stringify(event.kw)}`);
  return true;
}

const displayFsm = {
  eventList: ['EV_READING', 'EV_SENSOR_ALARM'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_READING', acSeen, null],
      ['EV_SENSOR_ALARM', acSeen, null],
    ],
  },
} as const;

class Display extends GObj<typeof displayFsm> {
  static override fsm = checkFsm(displayFsm);
}

const gaplic = new GAplic({ name: 'subscriptions', logger: new CaptureLogger() });
const display = gaplic.createGObj('display', Display, gaplic);
const sensor = gaplic.createGObj('kitchen', Sensor, display);

// null subscriber = the publisher's parent; one event name, a list, or null for all outputs
sensor.subscribeEvent('EV_READING', null);
sensor.subscribeEvent('EV_ALARM', display, {
  renameEventName: 'EV_SENSOR_ALARM', // delivered under this name...
  subscriptionReference: 'kitchen-alarm', // ...with this added to its kw
});

gaplic.sendEvent(sensor, 'EV_MEASURE', { value: 35 });
assert.deepEqual(seen, [
  'EV_READING {"value":35}',
  'EV_SENSOR_ALARM {"value":35,"original_event_name":"EV_ALARM","__subscription_reference__":"kitchen-alarm"}',
]);

// Code that is not a gobj subscribes with a Deferred: called with { event }.
const readings: unknown[] = [];
const listener = new Deferred('listener', (kw: { event: GEvent }) =>
  readings.push(kw.event.kw.value),
);
sensor.subscribeEvent('EV_READING', listener, { usePostEvent: true, hardSubscription: true });

gaplic.sendEvent(sensor, 'EV_MEASURE', { value: 20 });
assert.deepEqual(readings, [20]); // a Deferred is always called at once

assert.equal(sensor.deleteSubscription('EV_READING', listener), false); // hard: refused
sensor.deleteAllSubscriptions(); // keeps hard ones...
assert.equal(sensor.getSubscriptions().length, 1);
sensor.deleteAllSubscriptions(true); // ...unless forced (as destroyGObj does)
assert.equal(sensor.getSubscriptions().length, 0);

// --- posted delivery and the owned-event filter

seen.length = 0;
sensor.subscribeEvent('EV_READING', display, { usePostEvent: true });
gaplic.sendEvent(sensor, 'EV_MEASURE', { value: 1 });
assert.deepEqual(seen, []); // queued
drain(gaplic);
assert.deepEqual(seen, ['EV_READING {"value":1}']);

const second = gaplic.createGObj('second', Display, gaplic);
sensor.deleteAllSubscriptions();
sensor.subscribeEvent('EV_READING', display);
sensor.subscribeEvent('EV_READING', second);
sensor.setOwnedEventFilter((result) => result === true); // acSeen returns true
seen.length = 0;
gaplic.sendEvent(sensor, 'EV_MEASURE', { value: 2 });
assert.deepEqual(seen, ['EV_READING {"value":2}']); // display owned it: second got nothing
