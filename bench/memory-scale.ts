/**
 * 13. What one subscription costs. Heap: 100,000 publisher gobjs, then one subscription
 * each (all to one listener gobj): the heap added per subscription, against a whole
 * EventEmitter with one listener (100,000 of them, one shared listener function). Time:
 * `broadcastEvent` to one subscriber against `EventEmitter.emit` to one listener.
 */
import { EventEmitter } from 'node:events';
import { GAplic, silentLogger } from '../src/index.js';
import { heapAfterGc, measure, rate, row, runSection, scaled, type Sample } from './harness.js';
import { Listener, Publisher } from './pubsub.js';

const N = 100_000;
const N_BROADCAST = 2_000_000;
const REPS_HEAP = 3;
const REPS_BROADCAST = 5;

/** Bytes per idle publisher, then bytes added per publisher by its one subscription. */
function oursHeap(n: number): Sample {
  const gaplic = new GAplic({ logger: silentLogger });
  const listener = gaplic.createGObj('listener', Listener, gaplic);
  const publishers = new Array<Publisher | null>(n).fill(null);
  const before = heapAfterGc();
  for (let i = 0; i < n; i++) publishers[i] = gaplic.createGObj(null, Publisher, gaplic);
  const idle = heapAfterGc();
  for (const publisher of publishers) publisher!.subscribeEvent('EV_TICK', listener);
  const subscribed = heapAfterGc();
  for (const publisher of publishers) publisher!.broadcastEvent('EV_TICK');
  if (listener.count !== n) throw new Error(`${listener.count} of ${n} subscriptions delivered`);
  return { idle: (idle - before) / n, added: (subscribed - idle) / n };
}

function emitterHeap(n: number): Sample {
  const emitters = new Array<EventEmitter | null>(n).fill(null);
  let count = 0;
  const listener = (): void => {
    count++;
  };
  const before = heapAfterGc();
  for (let i = 0; i < n; i++) {
    const emitter = new EventEmitter();
    emitter.on('tick', listener);
    emitters[i] = emitter;
  }
  const bytes = (heapAfterGc() - before) / n;
  for (const emitter of emitters) emitter!.emit('tick');
  if (count !== n) throw new Error(`${count} of ${n} listeners called`);
  return { bytes };
}

runSection('13. one subscription: heap and broadcast', () => {
  const h = measure(REPS_HEAP, {
    ours: (s) => oursHeap(scaled(N, s)),
    emitter: (s) => emitterHeap(scaled(N, s)),
  });

  const gaplic = new GAplic({ logger: silentLogger });
  const publisher = gaplic.createGObj('publisher', Publisher, gaplic);
  const listener = gaplic.createGObj('listener', Listener, gaplic);
  publisher.subscribeEvent('EV_TICK', listener);
  const emitter = new EventEmitter();
  const receiver = { count: 0, last: null as object | null };
  emitter.on('tick', (kw: object) => {
    receiver.count++;
    receiver.last = kw;
  });
  const b = measure(REPS_BROADCAST, {
    ours: (s) => ({
      rate: rate(scaled(N_BROADCAST, s), (n) => {
        for (let i = 0; i < n; i++) publisher.broadcastEvent('EV_TICK', { n: i });
      }),
    }),
    emitter: (s) => ({
      rate: rate(scaled(N_BROADCAST, s), (n) => {
        for (let i = 0; i < n; i++) emitter.emit('tick', { n: i });
      }),
    }),
  });
  if (listener.count !== receiver.count || listener.count === 0) {
    throw new Error('the subscriber did not receive every broadcast');
  }

  const whole = 'EventEmitter with 1 listener, all of it';
  return [
    row('heap added by one subscription', 'B', h.ours.added!, whole, h.emitter.bytes!, {
      kind: 'ours<',
      value: 200,
    }),
    row('heap per idle publisher gobj', 'B', h.ours.idle!, whole, h.emitter.bytes!, null),
    row(
      'broadcastEvent to 1 gobj',
      'broadcast/s',
      b.ours.rate!,
      'EventEmitter.emit, 1 listener',
      b.emitter.rate!,
      {
        kind: 'ratio>=',
        value: 0.6,
      },
    ),
  ];
});
