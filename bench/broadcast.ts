/**
 * 3. `broadcastEvent` from one publisher to 10 subscriber gobjs (sent, not posted),
 * against node's `EventEmitter.emit` to 10 listeners. Both allocate the payload `{n: i}`
 * per broadcast; every receiver increments its own counter and keeps the last payload.
 */
import { EventEmitter } from 'node:events';
import { GAplic, GObj, silentLogger, type GEvent, type Kw } from '../src/index.js';
import { measure, rate, row, runSection, scaled } from './harness.js';

const N = 1_000_000;
const SUBSCRIBERS = 10;
const REPS = 5;

const publisherFsm = {
  eventList: ['EV_TICK: output'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [] },
} as const;

class Publisher extends GObj<typeof publisherFsm> {
  static override fsm = publisherFsm;
}

function acTick(gobj: Listener, event: GEvent): void {
  gobj.count++;
  gobj.last = event.kw;
}

const listenerFsm = {
  eventList: ['EV_TICK: input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_TICK', acTick, null]] },
} as const;

class Listener extends GObj<typeof listenerFsm> {
  static override fsm = listenerFsm;
  count = 0;
  last: Kw | null = null;
}

runSection('3. broadcastEvent', () => {
  const gaplic = new GAplic({ logger: silentLogger });
  const publisher = gaplic.createGObj('publisher', Publisher, gaplic);
  const listeners: Listener[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const listener = gaplic.createGObj(`listener${i}`, Listener, gaplic);
    publisher.subscribeEvent('EV_TICK', listener);
    listeners.push(listener);
  }

  const emitter = new EventEmitter();
  const receivers = Array.from({ length: SUBSCRIBERS }, () => ({
    count: 0,
    last: null as object | null,
  }));
  for (const receiver of receivers) {
    emitter.on('tick', (kw: object) => {
      receiver.count++;
      receiver.last = kw;
    });
  }

  const m = measure(REPS, {
    ours: (s) => ({
      rate: rate(scaled(N, s), (n) => {
        for (let i = 0; i < n; i++) publisher.broadcastEvent('EV_TICK', { n: i });
      }),
    }),
    emitter: (s) => ({
      rate: rate(scaled(N, s), (n) => {
        for (let i = 0; i < n; i++) emitter.emit('tick', { n: i });
      }),
    }),
  });
  if (listeners.some((l, i) => l.count !== receivers[i]!.count || l.count === 0)) {
    throw new Error('not every subscriber received every broadcast');
  }

  return [
    row(
      `broadcastEvent to ${SUBSCRIBERS} gobjs`,
      'broadcast/s',
      m.ours.rate!,
      `EventEmitter.emit, ${SUBSCRIBERS} listeners`,
      m.emitter.rate!,
      null,
    ),
  ];
});
