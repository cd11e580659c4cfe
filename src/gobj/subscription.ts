/**
 * Subscriptions: "deliver my output event(s) X to subscriber S, with these options".
 * A subscriber is a gobj, a Deferred, or a unique name. A unique-name subscription is
 * bound to the gobj the name resolves to (at subscription, or at the first broadcast
 * that finds it) and ends when that gobj is destroyed, like a subscription made with
 * the gobj itself: a later gobj that takes the name does not inherit it.
 */
import { codedError } from '../errors.js';
import { kBound, kLabel } from '../symbols.js';
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

/** The options of a subscription made without any (shared: most subscriptions). */
const NO_OPTIONS: SubscriptionOptions = Object.freeze({});

export class Subscription {
  readonly publisher: GObj;
  readonly subscriber: Subscriber;
  /** What the subscriber is, decided once: a gobj, a unique name, or a Deferred. */
  readonly subscriberKind: 'gobj' | 'name' | 'deferred';
  /** False once deleted (a broadcast in progress then skips it). */
  active = true;
  /** @internal The gobj a unique-name subscriber resolved to (a gobj subscriber: itself). */
  [kBound]: GObj | null;
  /**
   * @internal Delivered as is to a gobj: no options, not a Deferred (the fast path). A
   * field (8 bytes), not a getter: a getter's bytecode counts against the inlining budget
   * of every broadcast, which then stops inlining the delivery (-20% to one subscriber).
   */
  readonly plain: boolean;
  /** One name (most subscriptions), several, or null for all: kept small. */
  readonly #names: string | ReadonlySet<string> | null;
  readonly #options: SubscriptionOptions;

  /** @internal Built by `GObj.subscribeEvent`. */
  constructor(
    publisher: GObj,
    eventNames: ReadonlySet<string> | null,
    subscriber: Subscriber,
    options: SubscriptionOptions,
  ) {
    this.publisher = publisher;
    this.subscriber = subscriber;
    this.subscriberKind =
      typeof subscriber === 'string'
        ? 'name'
        : subscriber instanceof Deferred
          ? 'deferred'
          : 'gobj';
    this[kBound] = this.subscriberKind === 'gobj' ? (subscriber as GObj) : null;
    this.#names =
      eventNames !== null && eventNames.size === 1 ? eventNames.values().next().value! : eventNames;
    this.#options = Object.keys(options).length === 0 ? NO_OPTIONS : { ...options };
    this.plain = this.#options === NO_OPTIONS && this.subscriberKind !== 'deferred';
  }

  /** The subscribed event names, or `null` for every output event. */
  get eventNames(): ReadonlySet<string> | null {
    const names = this.#names;
    return typeof names === 'string' ? new Set([names]) : names;
  }

  /** @internal The subscribed names as a list, or `null` for all. */
  nameList(): readonly string[] | null {
    const names = this.#names;
    if (names === null) return null;
    return typeof names === 'string' ? [names] : [...names];
  }

  /** Deliver by post (queued) instead of send. */
  get usePostEvent(): boolean {
    return this.#options.usePostEvent === true;
  }

  /** Deliver under this name, or `null`. */
  get renameEventName(): string | null {
    return this.#options.renameEventName ?? null;
  }

  /** Only destruction removes it. */
  get hardSubscription(): boolean {
    return this.#options.hardSubscription === true;
  }

  /** True when a `subscriptionReference` was given. */
  get hasReference(): boolean {
    return 'subscriptionReference' in this.#options;
  }

  get subscriptionReference(): unknown {
    return this.#options.subscriptionReference;
  }

  get deferredWithoutEvent(): boolean {
    return this.#options.deferredWithoutEvent === true;
  }

  /** @internal True when delivery adds keys to the kw (a copy is needed). */
  get altersKw(): boolean {
    return this.#options !== NO_OPTIONS && (this.renameEventName !== null || this.hasReference);
  }

  /** True when this subscription delivers events named `name`. */
  matches(name: string): boolean {
    const names = this.#names;
    return names === null || (typeof names === 'string' ? names === name : names.has(name));
  }

  /** True when this subscription has the same names and subscriber as the given ones. */
  sameAs(eventNames: ReadonlySet<string> | null, subscriber: Subscriber): boolean {
    if (this.subscriber !== subscriber) return false;
    const names = this.#names;
    if (names === null || eventNames === null) return names === eventNames;
    if (typeof names === 'string') return eventNames.size === 1 && eventNames.has(names);
    if (names.size !== eventNames.size) return false;
    for (const name of eventNames) if (!names.has(name)) return false;
    return true;
  }

  toString(): string {
    const names = this.#names;
    const list = names === null ? '*' : typeof names === 'string' ? names : [...names].join(',');
    return `Subscription ${list} of ${this.publisher[kLabel]()} -> ${describeSubscriber(this.subscriber)}`;
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
