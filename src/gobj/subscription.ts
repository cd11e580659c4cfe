/**
 * Subscriptions: "deliver my output event(s) X to subscriber S, with these options".
 * A publisher keeps its subscriptions in an array that is replaced (never mutated)
 * on change, so a broadcast iterates a stable snapshot without copying it.
 */
import { Deferred } from '../gaplic/deferred.js';
import { GObjError } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
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

const OPTION_NAMES = new Set([
  'usePostEvent',
  'renameEventName',
  'hardSubscription',
  'subscriptionReference',
  'deferredWithoutEvent',
]);

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
    return `Subscription ${names} of ${this.publisher._label()} -> ${describeSubscriber(this.subscriber)}`;
  }
}

/** @internal How log lines name a subscriber. */
export function describeSubscriber(subscriber: Subscriber): string {
  if (typeof subscriber === 'string') return `'${subscriber}'`;
  if (subscriber instanceof Deferred) return `Deferred(${describeValue(subscriber.ref)})`;
  return subscriber._label();
}

/** @internal Validates subscription options (throws `GObjError`). */
export function checkSubscriptionOptions(options: unknown): SubscriptionOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new GObjError(
      'GOBJ_BAD_SUBSCRIPTION_OPTION',
      `subscribeEvent options must be an object, got ${describeValue(options)}`,
    );
  }
  for (const [key, value] of Object.entries(options)) {
    if (!OPTION_NAMES.has(key)) {
      throw new GObjError(
        'GOBJ_BAD_SUBSCRIPTION_OPTION',
        `subscribeEvent option '${key}' is unknown (options: ${[...OPTION_NAMES].join(', ')})`,
      );
    }
    const wrong =
      key === 'renameEventName'
        ? value !== undefined && (typeof value !== 'string' || value === '')
        : key !== 'subscriptionReference' && value !== undefined && typeof value !== 'boolean';
    if (wrong) {
      throw new GObjError(
        'GOBJ_BAD_SUBSCRIPTION_OPTION',
        `subscribeEvent option '${key}' got ${describeValue(value)}, expected ${key === 'renameEventName' ? 'a non-empty string' : 'a boolean'}`,
      );
    }
  }
  return options;
}
