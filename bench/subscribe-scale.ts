/**
 * 7. Subscribing at scale: N = 1k, 16k, 100k listener gobjs subscribe to one publisher's
 * output event (`subscribeEvent`, creation order), then all unsubscribe
 * (`deleteSubscription`, last first); against `EventEmitter.on` / `off` with N distinct
 * listeners (last first is `off`'s O(1) case). Per-call cost must stay O(1) amortised.
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

runSection('7. subscribe / unsubscribe N', () =>
  scaleRows(
    'subscribe+unsubscribe',
    [
      { key: 'subscribe', ours: 'subscribe', anchor: 'EventEmitter.on' },
      { key: 'unsubscribe', ours: 'deleteSubscription', anchor: 'EventEmitter.off' },
    ],
    (n) => {
      const ps = pubSub(n);
      const subscribe = timeMs(() => subscribeAll(ps));
      checkSubscribed(ps, n);
      heapAfterGc();
      let removed = 0;
      const unsubscribe = timeMs(() => {
        const { publisher, listeners } = ps;
        for (let i = n - 1; i >= 0; i--) {
          if (publisher.deleteSubscription('EV_TICK', listeners[i]!)) removed++;
        }
      });
      if (removed !== n || ps.publisher.getSubscriptions().length !== 0) {
        throw new Error(`${removed} of ${n} subscriptions deleted`);
      }
      return { subscribe, unsubscribe };
    },
    (n) => {
      const em = emitterOf(n);
      const subscribe = timeMs(() => onAll(em));
      checkListening(em, n);
      heapAfterGc();
      const unsubscribe = timeMs(() => offAll(em));
      if (em.emitter.listenerCount('tick') !== 0) throw new Error('listeners left');
      return { subscribe, unsubscribe };
    },
  ),
);
