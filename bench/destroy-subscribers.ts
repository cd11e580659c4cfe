/**
 * 9. Destroying N subscribers (N = 1k, 16k, 100k listener gobjs, each subscribed to one
 * publisher beforehand, untimed): `destroyGObj` on each, last first; against `off` of
 * each of N listeners, last first.
 */
import { heapAfterGc, runSection, timeMs } from './harness.js';
import {
  checkListening,
  checkSubscribed,
  emitterOf,
  offAll,
  onAll,
  pubSub,
  subscribeAll,
} from './pubsub.js';
import { scaleRows } from './scale.js';

runSection('9. destroy N subscribers', () =>
  scaleRows(
    'destroy subscribers',
    [{ key: 'destroy', ours: 'destroy subscribers', anchor: 'EventEmitter.off each' }],
    (n) => {
      const ps = pubSub(n);
      subscribeAll(ps);
      checkSubscribed(ps, n);
      heapAfterGc();
      const { gaplic, listeners } = ps;
      const destroy = timeMs(() => {
        for (let i = n - 1; i >= 0; i--) gaplic.destroyGObj(listeners[i]!);
      });
      const alive = listeners.filter((l) => !l.destroyed).length;
      const left = ps.publisher.getSubscriptions().length;
      if (alive !== 0 || left !== 0) throw new Error(`${alive} alive, ${left} subscriptions left`);
      return { destroy };
    },
    (n) => {
      const em = emitterOf(n);
      onAll(em);
      checkListening(em, n);
      heapAfterGc();
      const destroy = timeMs(() => offAll(em));
      if (em.emitter.listenerCount('tick') !== 0) throw new Error('listeners left');
      return { destroy };
    },
  ),
);
