/**
 * The two sides of the publish/subscribe scale sections: a publisher gclass with one
 * output event and a listener gclass that counts it, and the EventEmitter anchor with
 * one distinct listener function per subscriber (as each gobj is a distinct subscriber).
 */
import { EventEmitter } from 'node:events';
import { GAplic, GObj, silentLogger, type GEvent, type Kw } from '../src/index.js';

const publisherFsm = {
  eventList: ['EV_TICK: output'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [] },
} as const;

export class Publisher extends GObj<typeof publisherFsm> {
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

export class Listener extends GObj<typeof listenerFsm> {
  static override fsm = listenerFsm;
  count = 0;
  last: Kw | null = null;
}

/** One publisher and `n` listeners, all children of a fresh gaplic; nothing subscribed yet. */
export interface PubSub {
  readonly gaplic: GAplic;
  readonly publisher: Publisher;
  readonly listeners: readonly Listener[];
}

export function pubSub(n: number): PubSub {
  const gaplic = new GAplic({ logger: silentLogger });
  const publisher = gaplic.createGObj('publisher', Publisher, gaplic);
  const listeners: Listener[] = [];
  for (let i = 0; i < n; i++) listeners.push(gaplic.createGObj(null, Listener, gaplic));
  return { gaplic, publisher, listeners };
}

/** Subscribes every listener, in creation order. */
export function subscribeAll({ publisher, listeners }: PubSub): void {
  for (const listener of listeners) publisher.subscribeEvent('EV_TICK', listener);
}

/** Throws unless one broadcast reaches each of the `n` listeners exactly once. */
export function checkSubscribed({ publisher, listeners }: PubSub, n: number): void {
  const before = listeners.map((l) => l.count);
  publisher.broadcastEvent('EV_TICK', { n: 0 });
  const reached = listeners.filter((l, i) => l.count === before[i]! + 1).length;
  if (publisher.getSubscriptions().length !== n || reached !== n) {
    throw new Error(`${reached} of ${n} subscribers reached by a broadcast`);
  }
}

/** An emitter without the 10-listener warning, and `n` distinct listeners counting into `counts`. */
export interface Emitter {
  readonly emitter: EventEmitter;
  readonly listeners: readonly (() => void)[];
  readonly counts: Int32Array;
}

export function emitterOf(n: number): Emitter {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const counts = new Int32Array(n);
  const listeners = Array.from({ length: n }, (_, i) => () => {
    counts[i]!++;
  });
  return { emitter, listeners, counts };
}

export function onAll({ emitter, listeners }: Emitter): void {
  for (const listener of listeners) emitter.on('tick', listener);
}

/** Throws unless one emit reaches each of the `n` listeners exactly once. */
export function checkListening({ emitter, counts }: Emitter, n: number): void {
  const before = Int32Array.from(counts);
  emitter.emit('tick');
  const reached = counts.filter((c, i) => c === before[i]! + 1).length;
  if (emitter.listenerCount('tick') !== n || reached !== n) {
    throw new Error(`${reached} of ${n} listeners reached by an emit`);
  }
}

/** Removes each listener with `off`, last first (its O(1) case: it searches from the end). */
export function offAll({ emitter, listeners }: Emitter): void {
  for (let i = listeners.length - 1; i >= 0; i--) emitter.off('tick', listeners[i]!);
}
