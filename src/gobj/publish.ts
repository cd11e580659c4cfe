/**
 * Publishing: subscribe, unsubscribe and broadcast. Broadcast order is subscription
 * order. One broadcast delivers at most once to each subscriber. A sent delivery whose
 * result the owned-event filter accepts stops the broadcast ("the event is owned").
 */
import { Deferred } from '../gaplic/deferred.js';
import { EventError, GObjError } from '../errors.js';
import { describeValue, listNames } from '../util/describe-value.js';
import { GEvent, type Kw } from './gevent.js';
import { GObj } from './gobj.js';
import {
  checkSubscriptionOptions,
  describeSubscriber,
  Subscription,
  type Subscriber,
  type SubscriptionOptions,
} from './subscription.js';

type Names = string | readonly (string | null)[] | null;

/** Validates the names against the publisher's output events; `null` = all. */
function outputNames(publisher: GObj, eventNames: Names): ReadonlySet<string> | null {
  if (eventNames === null || eventNames === undefined) return null;
  const list = typeof eventNames === 'string' ? [eventNames] : eventNames;
  if (!Array.isArray(list)) {
    throw new EventError(
      'EVENT_BAD_TYPE',
      `${publisher._label()}: event names must be a name, a list of names or null, got ${describeValue(eventNames)}`,
    );
  }
  const names = new Set<string>();
  for (const name of list as unknown[]) {
    if (name === null) return null;
    if (typeof name !== 'string') {
      throw new EventError(
        'EVENT_BAD_TYPE',
        `${publisher._label()}: event name must be a string, got ${describeValue(name)}`,
      );
    }
    if (!publisher._machine.outputEvents.has(name)) {
      throw new EventError(
        'EVENT_NOT_OUTPUT',
        `${publisher._label()}: '${name}' is not an output event (outputs: ${listNames(publisher._machine.outputEvents)})`,
      );
    }
    names.add(name);
  }
  return names;
}

function checkSubscriber(publisher: GObj, subscriber: unknown): Subscriber {
  if (subscriber === null || subscriber === undefined) {
    if (publisher.parent !== null) return publisher.parent;
  } else if (
    subscriber instanceof GObj ||
    subscriber instanceof Deferred ||
    (typeof subscriber === 'string' && subscriber !== '')
  ) {
    return subscriber;
  }
  throw new GObjError(
    'GOBJ_BAD_SUBSCRIBER',
    `${publisher._label()}: subscriber must be a gobj, a unique name, a Deferred, or null for the parent (which it lacks); got ${describeValue(subscriber)}`,
  );
}

function replaceSubscriptions(publisher: GObj, subscriptions: readonly Subscription[]): void {
  publisher._subscriptions = subscriptions;
  publisher._routes = null;
  // Dedup is needed only when two subscriptions can reach one gobj: the same subscriber
  // twice, or a unique name that may resolve to a gobj also subscribed directly.
  const seen = new Set<Subscriber>();
  let strings = 0;
  let repeat = false;
  for (const s of subscriptions) {
    if (seen.has(s.subscriber)) repeat = true;
    seen.add(s.subscriber);
    if (typeof s.subscriber === 'string') strings++;
  }
  publisher._mayRepeatSubscriber = repeat || (strings > 0 && subscriptions.length > 1);
}

function remove(publisher: GObj, subscription: Subscription): void {
  subscription.active = false;
  replaceSubscriptions(
    publisher,
    publisher._subscriptions.filter((s) => s !== subscription),
  );
  if (subscription.subscriber instanceof GObj) {
    subscription.subscriber._subscribedTo?.delete(subscription);
  }
  if (publisher.config.traceSubscription) {
    publisher.logger.info(`${publisher._label()}: unsubscribed ${subscription.toString()}`);
  }
}

export function subscribeEvent(
  publisher: GObj,
  eventNames: Names,
  subscriber: Subscriber | null,
  options?: SubscriptionOptions,
): Subscription {
  const names = outputNames(publisher, eventNames);
  const target = checkSubscriber(publisher, subscriber);
  const opts = checkSubscriptionOptions(options);
  // A subscription to or from a destroyed gobj could never be removed by its destruction.
  const dead = publisher.destroyed
    ? publisher
    : target instanceof GObj && target.destroyed
      ? target
      : null;
  if (dead !== null) {
    throw new GObjError(
      'GOBJ_DESTROYED',
      `${publisher._label()}: cannot subscribe: ${dead._label()} is destroyed`,
    );
  }
  const existing = publisher._subscriptions.find((s) => s.sameAs(names, target));
  if (existing !== undefined) {
    publisher.logger.warn(`${publisher._label()}: replacing ${existing.toString()}`);
    remove(publisher, existing);
  }
  const subscription = new Subscription(publisher, names, target, opts);
  replaceSubscriptions(publisher, [...publisher._subscriptions, subscription]);
  if (target instanceof GObj) (target._subscribedTo ??= new Set()).add(subscription);
  if (publisher.config.traceSubscription) {
    publisher.logger.info(`${publisher._label()}: subscribed ${subscription.toString()}`);
  }
  const notify = publisher.config.newSubscriberEvent;
  if (notify !== null) publisher.sendEvent(publisher, notify, { subscription });
  return subscription;
}

export function deleteSubscriptionByObject(
  publisher: GObj,
  subscription: Subscription,
  force: boolean,
): boolean {
  if (!subscription.active || subscription.publisher !== publisher) {
    publisher.logger.error(
      `${publisher._label()}: no such subscription ${subscription.toString()}`,
    );
    return false;
  }
  if (subscription.hardSubscription && !force) {
    publisher.logger.error(
      `${publisher._label()}: ${subscription.toString()} is hard; only destruction removes it`,
    );
    return false;
  }
  remove(publisher, subscription);
  return true;
}

export function deleteSubscription(
  publisher: GObj,
  eventNames: Names,
  subscriber: Subscriber,
): boolean {
  const names = outputNames(publisher, eventNames);
  const found = publisher._subscriptions.find((s) => s.sameAs(names, subscriber));
  if (found === undefined) {
    publisher.logger.error(
      `${publisher._label()}: no subscription of ${describeValue(eventNames)} for ${describeSubscriber(subscriber)}`,
    );
    return false;
  }
  return deleteSubscriptionByObject(publisher, found, false);
}

export function deleteAllSubscriptions(publisher: GObj, force: boolean): void {
  for (const s of publisher._subscriptions) if (force || !s.hardSubscription) remove(publisher, s);
}

/** Removes every subscription whose subscriber is `gobj`, at every publisher. */
export function unsubscribeEverywhere(gobj: GObj): void {
  if (gobj._subscribedTo === null) return;
  for (const s of [...gobj._subscribedTo]) if (s.active) remove(s.publisher, s);
  gobj._subscribedTo = null;
}

function resolveName(publisher: GObj, name: string): GObj | undefined {
  const found = publisher.gaplic?.findUniqueGObj(name);
  if (found === undefined) {
    publisher.logger.error(
      `${publisher._label()}: subscriber '${name}' is not a registered unique name; event not delivered`,
    );
  }
  return found;
}

/** The subscriptions matching `name`, in order (cached until the subscriptions change). */
function routesOf(publisher: GObj, name: string): readonly Subscription[] {
  const routes = (publisher._routes ??= new Map<string, readonly Subscription[]>());
  let matching = routes.get(name);
  if (matching === undefined) {
    matching = publisher._subscriptions.filter((s) => s.matches(name));
    routes.set(name, matching);
  }
  return matching;
}

/** Delivers `name` to every matching subscription of `publisher`. */
export function broadcast(publisher: GObj, name: string, source: readonly GObj[], kw: Kw): void {
  const subscriptions = routesOf(publisher, name);
  const served = publisher._mayRepeatSubscriber ? new Set<GObj | Deferred>() : null;
  if (publisher.config.traceSubscription) {
    publisher.logger.info(`${publisher._label()}: broadcast '${name}'`);
  }
  for (const s of subscriptions) {
    if (!s.active) continue;
    const target =
      s.subscriberKind === 'name'
        ? resolveName(publisher, s.subscriber as string)
        : (s.subscriber as GObj | Deferred);
    if (target === undefined || served?.has(target) === true) continue;
    served?.add(target);
    const delivered = s.renameEventName ?? name;
    let eventKw = kw;
    if (s.renameEventName !== null || s.hasReference) {
      eventKw = { ...kw };
      if (s.renameEventName !== null) eventKw.original_event_name = name;
      if (s.hasReference) eventKw.__subscription_reference__ = s.subscriptionReference;
    }
    if (s.subscriberKind === 'deferred') {
      const event = new GEvent(delivered, publisher, source, eventKw);
      (target as Deferred).call(s.deferredWithoutEvent ? undefined : { event });
      continue;
    }
    const gobj = target as GObj;
    if (s.usePostEvent) {
      publisher._enqueue(new GEvent(delivered, gobj, source, eventKw));
    } else if (gobj.destroyed) {
      publisher.logger.warn(
        `${publisher._label()}: '${delivered}' not sent: ${gobj._label()} is destroyed`,
      );
    } else {
      const result = gobj._dispatch(delivered, new GEvent(delivered, gobj, source, eventKw));
      const owned = publisher._ownedEventFilter;
      if (owned !== null && owned(result) === true) return;
    }
  }
}
