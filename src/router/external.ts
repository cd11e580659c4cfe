/**
 * External subscriptions: a gobj of another gaplic subscribed to an output event of a
 * local gobj. The local subscription's subscriber is a Deferred of its own (so two
 * remote subscribers of the same event never replace each other), which pushes every
 * broadcast back on the route the subscription came from. They end when unsubscribed,
 * when the local gobj is destroyed, or when their route goes down.
 */
import type { Deferred } from '../gobj/deferred.js';
import type { GObj } from '../gobj/gobj.js';
import type { Subscription } from '../gobj/subscription.js';
import { randomBytes } from '../util/host-services.js';
import type { Route } from './route.js';

export interface ExternalSubscription {
  readonly reference: string;
  readonly route: Route;
  readonly originGaplic: string;
  readonly originRole: string;
  readonly originGobj: string;
  readonly eventName: string;
  readonly gobj: GObj;
  subscription: Subscription | null;
  deferred: Deferred | null;
}

/** A fresh random reference: 32 hex digits, as ginsfsm's. */
export function newReference(): string {
  const bytes = new Uint8Array(16);
  randomBytes(bytes);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export class ExternalSubscriptions {
  readonly #byReference = new Map<string, ExternalSubscription>();

  get size(): number {
    return this.#byReference.size;
  }

  add(external: ExternalSubscription): void {
    this.#byReference.set(external.reference, external);
  }

  get(reference: string): ExternalSubscription | undefined {
    return this.#byReference.get(reference);
  }

  /** The subscription of this origin gobj to this event of `gobj`, if any. */
  find(originGaplic: string, originGobj: string, eventName: string, gobj: GObj) {
    for (const e of this.#byReference.values()) {
      if (
        e.gobj === gobj &&
        e.eventName === eventName &&
        e.originGobj === originGobj &&
        e.originGaplic === originGaplic
      ) {
        return e;
      }
    }
    return undefined;
  }

  /** Removes one; its local subscription is deleted (if its gobj is still alive). */
  remove(external: ExternalSubscription): void {
    this.#byReference.delete(external.reference);
    const subscription = external.subscription;
    external.subscription = null;
    if (subscription?.active === true)
      subscription.publisher.deleteSubscriptionByObject(subscription);
    external.deferred?.cancel();
  }

  /** Removes every subscription made through `route`. */
  removeRoute(route: Route): void {
    for (const e of [...this.#byReference.values()]) if (e.route === route) this.remove(e);
  }
}
