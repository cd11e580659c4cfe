/**
 * The remote gaplic of the placement benchmark: a `sink` that counts EV_HIT, answers
 * EV_COUNT with the count and EV_PING at once (round trips).
 */
import { GAplic, GObj, type GEvent, type Kw } from '../src/index.js';

function acHit(sink: Sink, _event: GEvent): void {
  sink.count++;
}

function acCount(sink: Sink, _event: GEvent): number {
  return sink.count;
}

function acPing(_sink: Sink, event: GEvent): unknown {
  return event.kw.n;
}

const sinkFsm = {
  eventList: ['EV_HIT: top input', 'EV_COUNT: top input', 'EV_PING: top input'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_HIT', acHit, null],
      ['EV_COUNT', acCount, null],
      ['EV_PING', acPing, null],
    ],
  },
} as const;

/** Counts EV_HIT; answers EV_COUNT with the count and EV_PING with its `n`. */
export class Sink extends GObj<typeof sinkFsm> {
  static override fsm = sinkFsm;
  count = 0;
}

/** The benchmark's remote gaplic. */
export function sinkMain(_global: Kw, local: { name: string; roles: readonly string[] }): GAplic {
  const gaplic = new GAplic({ name: local.name, roles: local.roles });
  gaplic.createGObj('sink', Sink, gaplic, { uniqueName: true });
  return gaplic;
}
