/**
 * 8. Destroying a publisher that holds N subscriptions (N = 1k, 16k, 100k listener gobjs,
 * subscribed beforehand, untimed): one `destroyGObj(publisher)`; against
 * `EventEmitter.removeAllListeners()` with N listeners.
 */
import { heapAfterGc, runSection, timeMs } from './harness.js';
import { checkListening, checkSubscribed, emitterOf, onAll, pubSub } from './pubsub.js';
import { scaleRows } from './scale.js';

runSection('8. destroy a publisher holding N subscriptions', () =>
  scaleRows(
    'destroy publisher',
    [{ key: 'destroy', ours: 'destroy publisher', anchor: 'removeAllListeners' }],
    (n) => {
      const ps = pubSub(n);
      const subscriptions = ps.listeners.map((l) => ps.publisher.subscribeEvent('EV_TICK', l));
      checkSubscribed(ps, n);
      heapAfterGc();
      const destroy = timeMs(() => ps.gaplic.destroyGObj(ps.publisher));
      const left = subscriptions.filter((s) => s.active).length;
      if (!ps.publisher.destroyed || left !== 0) throw new Error(`${left} subscriptions left`);
      return { destroy };
    },
    (n) => {
      const em = emitterOf(n);
      onAll(em);
      checkListening(em, n);
      heapAfterGc();
      const destroy = timeMs(() => em.emitter.removeAllListeners());
      if (em.emitter.listenerCount('tick') !== 0) throw new Error('listeners left');
      return { destroy };
    },
  ),
);
