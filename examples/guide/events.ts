// Guide, "Events: send, post, broadcast".
import assert from 'node:assert/strict';
import { GAplic, GObj, checkFsm, type GEvent } from '../../src/index.js';
import { drain } from '../../src/testing/index.js';

const order: string[] = [];

function acA(gobj: Recorder, _event: GEvent): void {
  order.push('A begins');
  gobj.postEvent(gobj, 'EV_C'); // queued: runs after A has completed
  gobj.sendEvent(gobj, 'EV_B'); // nested call: B runs now, inside A
  order.push('A ends');
}
function acB(_gobj: Recorder, _event: GEvent): void {
  order.push('B');
}
function acC(_gobj: Recorder, _event: GEvent): void {
  order.push('C');
}

const recorderFsm = {
  eventList: ['EV_A', 'EV_B', 'EV_C'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_A', acA, null],
      ['EV_B', acB, null],
      ['EV_C', acC, null],
    ],
  },
} as const;

class Recorder extends GObj<typeof recorderFsm> {
  static override fsm = checkFsm(recorderFsm);
}

const gaplic = new GAplic({ name: 'events' });
const recorder = gaplic.createGObj('recorder', Recorder, gaplic);

gaplic.postEvent(recorder, 'EV_A');
assert.deepEqual(order, []); // nothing runs until the gaplic runs its queue
drain(gaplic); // what start() does on the event loop (drain is from ginsfsm/testing)
assert.deepEqual(order, ['A begins', 'B', 'A ends', 'C']);

// --- events and their source chain

function acRelay(relay: Relay, event: GEvent): unknown {
  return relay.sendEvent(relay.target!, event, { via: relay.name }); // forward it
}
function acShow(_sink: Sink, event: GEvent): string {
  const path = event.source.map((gobj) => gobj.name).join(' > ');
  return `${event.eventName} ${JSON.stringify(event.kw)} from ${path}`;
}

const relayFsm = {
  eventList: ['EV_HELLO'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_HELLO', acRelay, null]] },
} as const;
class Relay extends GObj<typeof relayFsm> {
  static override fsm = checkFsm(relayFsm);
  target: GObj | null = null;
}

const sinkFsm = {
  eventList: ['EV_HELLO'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_HELLO', acShow, null]] },
} as const;
class Sink extends GObj<typeof sinkFsm> {
  static override fsm = checkFsm(sinkFsm);
}

const sink = gaplic.createGObj('sink', Sink, gaplic);
const relay = gaplic.createGObj('relay', Relay, gaplic);
relay.target = sink;
assert.equal(
  recorder.sendEvent(relay, 'EV_HELLO', { n: 1 }),
  'EV_HELLO {"n":1,"via":"relay"} from recorder > relay',
);
