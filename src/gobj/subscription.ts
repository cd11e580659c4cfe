/**
 * Subscriptions: "deliver my output event(s) X to subscriber S, with these options".
 * A subscriber is a gobj, a Deferred, or a unique name. A unique-name subscription is
 * bound to the gobj the name resolves to (at subscription, or at the first broadcast
 * that finds it) and ends when that gobj is destroyed, like a subscription made with
 * the gobj itself: a later gobj that takes the name does not inherit it.
 */
import { codedError } from '../errors.js';
import { kBound, kLabel, kMissingReported } from '../symbols.js';
import { aBoolean, aNonEmptyString, checkOptions, type Expect } from '../util/check.js';
import { describeValue } from '../util/describe-value.js';
import { Deferred } from './deferred.js';
import type { GObj } from './gobj.js';

/** Who receives a subscription's events: a gobj, a unique name, or a Deferred. */
export type Subscriber = GObj | string | Deferred;

/** Options of `subscribeEvent`. */
export interface SubscriptionOptions {
  /** Deliver by `postEvent` (queued) instead of `sendEvent` (nested call). @default false */
  readonly usePostEvent?: boolean;
  /** Deliver under this name; the original name goes in `kw.original_event_name`. */
  readonly renameEventName?: string;
  /** Survives `deleteSubscription` and `deleteAllSubscriptions()`; only destruction removes it. @default false */
  readonly hardSubscription?: boolean;
  /** Added to every delivered event as `kw.__subscription_reference__`. */
  readonly subscriptionReference?: unknown;
  /** A Deferred subscriber is called with no `event` in its kw. @default false */
  readonly deferredWithoutEvent?: boolean;
}

const anything: Expect = { test: () => true, expected: 'any value' };

const OPTION_SPECS: Readonly<Record<keyof SubscriptionOptions, Expect>> = {
  usePostEvent: aBoolean,
  renameEventName: aNonEmptyString,
  hardSubscription: aBoolean,
  subscriptionReference: anything,
  deferredWithoutEvent: aBoolean,
};

export class Subscription {
  readonly publisher: GObj;
  /** The subscribed event names, or `null` for every output event. */
  readonly eventNames: ReadonlySet<string> | null;
  readonly subscriber: Subscriber;
  /** What the subscriber is, decided once: a gobj, a unique name, or a Deferred. */
  readonly subscriberKind: 'gobj' | 'name' | 'deferred';
  readonly usePostEvent: boolean;
  readonly renameEventName: string | null;
  readonly hardSubscription: boolean;
  readonly hasReference: boolean;
  readonly subscriptionReference: unknown;
  readonly deferredWithoutEvent: boolean;
  /** False once deleted (a broadcast in progress then skips it). */
  active = true;
  /** @internal The gobj a unique-name subscriber resolved to (a gobj subscriber: itself). */
  [kBound]: GObj | null;
  /** @internal True once a missing unique name was reported (once, not per broadcast). */
  [kMissingReported] = false;

  /** @internal Built by `GObj.subscribeEvent`. */
  constructor(
    publisher: GObj,
    eventNames: ReadonlySet<string> | null,
    subscriber: Subscriber,
    options: SubscriptionOptions,
  ) {
    this.publisher = publisher;
    this.eventNames = eventNames;
    this.subscriber = subscriber;
    this.subscriberKind =
      typeof subscriber === 'string'
        ? 'name'
        : subscriber instanceof Deferred
          ? 'deferred'
          : 'gobj';
    this[kBound] = this.subscriberKind === 'gobj' ? (subscriber as GObj) : null;
    this.usePostEvent = options.usePostEvent === true;
    this.renameEventName = options.renameEventName ?? null;
    this.hardSubscription = options.hardSubscription === true;
    this.hasReference = 'subscriptionReference' in options;
    this.subscriptionReference = options.subscriptionReference;
    this.deferredWithoutEvent = options.deferredWithoutEvent === true;
  }

  /** True when this subscription delivers events named `name`. */
  matches(name: string): boolean {
    return this.eventNames === null || this.eventNames.has(name);
  }

  /** True when this subscription has the same names and subscriber as the given ones. */
  sameAs(eventNames: ReadonlySet<string> | null, subscriber: Subscriber): boolean {
    if (this.subscriber !== subscriber) return false;
    if (this.eventNames === null || eventNames === null) return this.eventNames === eventNames;
    if (this.eventNames.size !== eventNames.size) return false;
    for (const name of eventNames) if (!this.eventNames.has(name)) return false;
    return true;
  }

  toString(): string {
    const names = this.eventNames === null ? '*' : [...this.eventNames].join(',');
    return `Subscription ${names} of ${this.publisher[kLabel]()} -> ${describeSubscriber(this.subscriber)}`;
  }
}

/** @internal How log lines name a subscriber. */
export function describeSubscriber(subscriber: unknown): string {
  if (typeof subscriber === 'string') return `'${subscriber}'`;
  if (subscriber instanceof Deferred) return `Deferred(${describeValue(subscriber.ref)})`;
  if (typeof subscriber === 'object' && subscriber !== null && kLabel in subscriber) {
    return (subscriber as GObj)[kLabel]();
  }
  return describeValue(subscriber);
}

/** @internal Validates subscription options (throws `GOBJ_BAD_SUBSCRIPTION_OPTION`). */
export function checkSubscriptionOptions(options: unknown): SubscriptionOptions {
  checkOptions('subscribeEvent', options, OPTION_SPECS, 'GOBJ_BAD_SUBSCRIPTION_OPTION');
  return options ?? {};
}

/** @internal Throws `GOBJ_BAD_ARGUMENT` unless `value` is a Subscription. */
export function checkSubscription(where: string, value: unknown): Subscription {
  if (!(value instanceof Subscription)) {
    throw codedError(
      'GOBJ_BAD_ARGUMENT',
      `${where}: subscription got ${describeValue(value)}, expected a Subscription`,
    );
  }
  return value;
}
