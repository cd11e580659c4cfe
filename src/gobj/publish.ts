/**
 * Publishing: subscribe, unsubscribe and broadcast (the data structure is in
 * `publisher.ts`). Broadcast order is subscription order. One broadcast delivers at most
 * once to each subscriber. A sent delivery whose result the owned-event filter accepts
 * stops the broadcast ("the event is owned"). A subscriber that fails (its action or
 * Deferred throws, its queue is full) is reported as a fault and the broadcast goes on
 * to the others: one bad subscriber never deprives the rest.
 *
 * A subscriber gobj records the subscriptions it holds (`kSubscribedTo`) so that its
 * destruction ends them, except those from its own children: destruction finishes a
 * child, deleting its subscriptions, before its parent, and a gobj never changes parent
 * (see `bind`). A GTimer's subscription of its parent to every event is not even an
 * object until someone looks at it (`subscribeParentToAll`, `publisher.ts`).
 */
import { codedError } from '../errors.js';
import { safeLog } from '../logger.js';
import {
  kBound,
  kConfig,
  kDestroyed,
  kDispatch,
  kEnqueue,
  kFault,
  kFlags,
  kHost,
  kLabel,
  kMachine,
  kParent,
  kPublisher,
  kSubscribedTo,
} from '../symbols.js';
import { describeValue, listNames } from '../util/describe-value.js';
import { errorMessage } from '../util/error-text.js';
import { Deferred } from './deferred.js';
import { DESTROYED, isDestroyed } from './flags.js';
import { GEvent, type EventSource, type Kw } from './gevent.js';
import { GObj, paramsOf } from './gobj.js';
import { heldOf, holdParent, Publisher, publisherOf, settledOf } from './publisher.js';
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
    throw codedError(
      'EVENT_BAD_TYPE',
      `${publisher[kLabel]()}: event names must be a name, a list of names or null, got ${describeValue(eventNames)}`,
    );
  }
  const names = new Set<string>();
  for (const name of list as unknown[]) {
    if (name === null) return null;
    if (typeof name !== 'string') {
      throw codedError(
        'EVENT_BAD_TYPE',
        `${publisher[kLabel]()}: event name must be a string, got ${describeValue(name)}`,
      );
    }
    if (!publisher[kMachine].outputEvents.has(name)) {
      throw codedError(
        'EVENT_NOT_OUTPUT',
        `${publisher[kLabel]()}: '${name}' is not an output event (outputs: ${listNames(publisher[kMachine].outputEvents)})`,
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
  throw codedError(
    'GOBJ_BAD_SUBSCRIBER',
    `${publisher[kLabel]()}: subscriber must be a gobj, a unique name, a Deferred, or null for the parent (which it lacks); got ${describeValue(subscriber)}`,
  );
}

/** Unique-name subscriptions whose missing name was reported (once, not per broadcast). */
const reportedMissing = new WeakSet<Subscription>();

/**
 * Records that `s` delivers to `gobj`, so destroying `gobj` ends `s`. A gobj holding one
 * subscription keeps it directly; a Set only from the second (most hold one). Not when
 * `gobj` is the publisher's parent: the publisher's own destruction, finished before its
 * parent's (create.ts), ends `s` (100,000 timers under one parent would otherwise cost
 * it a Set of 100,000). The one exception: a goOut under a publisher being destroyed
 * that destroys the publisher's former parent; until the publisher finishes, a broadcast
 * of it to that parent is then EVENT_TO_DESTROYED instead of nothing.
 */
function bind(s: Subscription, gobj: GObj): void {
  s[kBound] = gobj;
  if (gobj === s.publisher[kParent]) return;
  const held = gobj[kSubscribedTo];
  if (held === null) gobj[kSubscribedTo] = s;
  else if (held instanceof Set) held.add(s);
  else if (held !== s) gobj[kSubscribedTo] = new Set([held, s]);
}

function unbind(s: Subscription): void {
  const gobj = s[kBound];
  if (gobj === null) return;
  const held = gobj[kSubscribedTo];
  if (held === s) gobj[kSubscribedTo] = null;
  else if (held instanceof Set) held.delete(s);
}

/** Marks `s` deleted at its publisher (it must be live). */
function detach(s: Subscription): void {
  const publisher = s.publisher;
  const held = publisher[kPublisher];
  if (held === s) {
    s.active = false;
    publisher[kPublisher] = null;
  } else {
    (held as Publisher).remove(s);
  }
}

/** The live subscription of `publisher` with these names and subscriber, if any. */
function findSubscription(
  publisher: GObj,
  names: ReadonlySet<string> | null,
  subscriber: Subscriber,
): Subscription | undefined {
  const held = settledOf(publisher);
  if (held === null) return undefined;
  if (held instanceof Publisher) return held.find(names, subscriber);
  return held.sameAs(names, subscriber) ? held : undefined;
}

function remove(publisher: GObj, s: Subscription): void {
  detach(s);
  unbind(s);
  if (paramsOf(publisher).traceSubscription) {
    safeLog(publisher.logger, 'info', `${publisher[kLabel]()}: unsubscribed ${s.toString()}`);
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
  const named = typeof target === 'string' ? publisher.gaplic?.findUniqueGObj(target) : undefined;
  // A subscription to or from a destroyed gobj could never be removed by its destruction.
  const dead = publisher[kDestroyed]
    ? publisher
    : target instanceof GObj && target[kDestroyed]
      ? target
      : null;
  if (dead !== null) {
    throw codedError(
      'GOBJ_DESTROYED',
      `${publisher[kLabel]()}: cannot subscribe: ${dead[kLabel]()} is destroyed`,
    );
  }
  const existing = findSubscription(publisher, names, target);
  if (existing !== undefined) {
    publisher[kFault](
      'SUBSCRIPTION_REPLACED',
      `${publisher[kLabel]()}: replacing ${existing.toString()}`,
      null,
    );
    remove(publisher, existing);
  }
  const subscription = new Subscription(publisher, names, target, opts);
  if (publisher[kPublisher] === null) publisher[kPublisher] = subscription;
  else publisherOf(publisher).add(subscription);
  if (target instanceof GObj) bind(subscription, target);
  else if (named !== undefined) bind(subscription, named);
  if (paramsOf(publisher).traceSubscription) {
    safeLog(
      publisher.logger,
      'info',
      `${publisher[kLabel]()}: subscribed ${subscription.toString()}`,
    );
  }
  const notify = paramsOf(publisher).newSubscriberEvent;
  if (notify !== null) {
    try {
      publisher.sendEvent(publisher, notify, { subscription });
    } catch (error) {
      // Whole or nothing: the subscription whose notification failed is not kept.
      if (subscription.active) remove(publisher, subscription);
      throw error;
    }
  }
  return subscription;
}

export function deleteSubscriptionByObject(
  publisher: GObj,
  subscription: Subscription,
  force: boolean,
): boolean {
  if (!subscription.active || subscription.publisher !== publisher) {
    publisher[kFault](
      'SUBSCRIPTION_NOT_FOUND',
      `${publisher[kLabel]()}: no such subscription ${subscription.toString()}`,
      null,
    );
    return false;
  }
  if (subscription.hardSubscription && !force) {
    publisher[kFault](
      'SUBSCRIPTION_HARD',
      `${publisher[kLabel]()}: ${subscription.toString()} is hard; only destruction removes it`,
      null,
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
  if (subscriber === null || subscriber === undefined) {
    throw codedError(
      'GOBJ_BAD_SUBSCRIBER',
      `${publisher[kLabel]()}: deleteSubscription subscriber got ${describeValue(subscriber)}, expected a gobj, a unique name or a Deferred`,
    );
  }
  const found = findSubscription(publisher, names, checkSubscriber(publisher, subscriber));
  if (found === undefined) {
    publisher[kFault](
      'SUBSCRIPTION_NOT_FOUND',
      `${publisher[kLabel]()}: no subscription of ${describeValue(eventNames)} for ${describeSubscriber(subscriber)}`,
      null,
    );
    return false;
  }
  return deleteSubscriptionByObject(publisher, found, false);
}

export function deleteAllSubscriptions(publisher: GObj, force: boolean): void {
  // The implicit subscription is dropped as it is (a destroyed parent of 100,000 timers
  // would otherwise make 100,000 Subscriptions to delete), unless its removal is logged.
  if (isImplicit(heldOf(publisher)) && !paramsOf(publisher).traceSubscription) {
    publisher[kPublisher] = null;
    return;
  }
  for (const s of subscriptionsOf(publisher)) {
    if (s.active && (force || !s.hardSubscription)) remove(publisher, s);
  }
}

/** The live subscriptions of `publisher`, in order (a new array). */
export function subscriptionsOf(publisher: GObj): readonly Subscription[] {
  const held = settledOf(publisher);
  if (held === null) return [];
  return held instanceof Publisher ? held.list.filter((s) => s.active) : [held];
}

/**
 * @internal Subscribes the parent of `publisher` to all its output events, without
 * options, as `subscribeEvent(null, null)` does, but held as the parent itself (no
 * Subscription object until one is observed: see `publisher.ts`). Falls back to
 * `subscribeEvent` unless that is exactly equivalent: a live parent, no subscription
 * yet, no `newSubscriberEvent` to send, no trace to log.
 */
export function subscribeParentToAll(publisher: GObj): void {
  const parent = publisher[kParent];
  if (
    parent === null ||
    heldOf(publisher) !== null ||
    publisher[kDestroyed] ||
    parent[kDestroyed] ||
    paramsOf(publisher).newSubscriberEvent !== null ||
    paramsOf(publisher).traceSubscription
  ) {
    subscribeEvent(publisher, null, null);
    return;
  }
  holdParent(publisher, parent);
}

/** True when `held` is the implicit subscription (its parent gobj). */
function isImplicit(held: unknown): held is GObj {
  return held !== null && !(held instanceof Subscription) && !(held instanceof Publisher);
}

/** Removes every subscription whose subscriber is `gobj`, at every publisher. */
export function unsubscribeEverywhere(gobj: GObj): void {
  const held = gobj[kSubscribedTo];
  if (held === null) return;
  gobj[kSubscribedTo] = null;
  if (held instanceof Set) {
    for (const s of held) if (s.active) detach(s);
  } else if (held.active) {
    detach(held);
  }
}

/** The gobj a unique-name subscription delivers to now, binding it on first success. */
function resolveName(publisher: GObj, s: Subscription): GObj | undefined {
  const found = publisher[kHost]?.findUniqueGObj(s.subscriber as string);
  if (found !== undefined) {
    bind(s, found);
    return found;
  }
  if (!reportedMissing.has(s)) {
    reportedMissing.add(s);
    publisher[kFault](
      'SUBSCRIBER_UNKNOWN_NAME',
      `${publisher[kLabel]()}: subscriber ${describeSubscriber(s.subscriber)} is not a registered unique name; events not delivered to it`,
      null,
    );
  }
  return undefined;
}

function deliveryFailed(
  publisher: GObj,
  subscriber: Subscriber,
  name: string,
  error: unknown,
): void {
  publisher[kFault](
    'DELIVERY_FAILED',
    `${publisher[kLabel]()}: '${name}' to ${describeSubscriber(subscriber)} failed: ${errorMessage(error)}`,
    name,
    error,
  );
}

/** Delivers `name` to every matching subscription of `publisher`. */
export function broadcast(publisher: GObj, name: string, source: EventSource, kw: Kw): void {
  const state = publisher[kPublisher];
  if (state === null) return;
  // Kept small (the other forms are apart) so that the compiler inlines the
  // one-subscriber path: every byte here counts against its inlining budget.
  if (state instanceof Subscription) broadcastToOne(publisher, state, name, source, kw);
  else broadcastToOthers(publisher, state, name, source, kw);
}

/** The broadcast of a publisher holding several subscriptions, or its parent's implicit one. */
function broadcastToOthers(
  publisher: GObj,
  state: Publisher | GObj,
  name: string,
  source: EventSource,
  kw: Kw,
): void {
  if (state instanceof Publisher) broadcastToMany(publisher, state, name, source, kw);
  else broadcastToParent(publisher, state, name, source, kw);
}

/** The broadcast of a publisher holding several subscriptions. */
function broadcastToMany(
  publisher: GObj,
  state: Publisher,
  name: string,
  source: EventSource,
  kw: Kw,
): void {
  if (state.live === 0) return;
  traceBroadcast(publisher, name);
  const entries = state.entriesFor(name);
  const end = entries.length;
  const served = state.mayRepeat ? new Set<GObj | Deferred>() : null;
  // No try/finally: `deliver` catches everything, so the loop always reaches the end.
  state.broadcasting++;
  for (let i = 0; i < end; i++) {
    const s = entries[i]!;
    if (!s.active || !s.matches(name)) continue;
    const target = targetOf(publisher, s);
    if (target === undefined || served?.has(target) === true) continue;
    served?.add(target);
    const result = deliver(publisher, s, target, name, source, kw);
    const owned = state.ownedEventFilter;
    if (owned !== null && result !== NOT_SENT && owned(result) === true) break;
  }
  if (--state.broadcasting === 0 && state.dead > 0) state.sweep();
}

/** The broadcast of a publisher holding a single subscription (no Publisher). */
function broadcastToOne(
  publisher: GObj,
  s: Subscription,
  name: string,
  source: EventSource,
  kw: Kw,
): void {
  traceBroadcast(publisher, name);
  if (!s.matches(name)) return;
  const target = targetOf(publisher, s);
  if (target !== undefined) deliver(publisher, s, target, name, source, kw);
}

/** The broadcast of a publisher holding the implicit subscription of `parent` to all. */
function broadcastToParent(
  publisher: GObj,
  parent: GObj,
  name: string,
  source: EventSource,
  kw: Kw,
): void {
  traceBroadcast(publisher, name);
  // The plain delivery of `deliver`, repeated rather than shared: an extra call level
  // there would cost the one-subscriber broadcast its inlining.
  if ((parent[kFlags] & DESTROYED) !== 0) {
    notSentToDestroyed(publisher, parent, name);
    return;
  }
  try {
    parent[kDispatch](name, new GEvent(name, parent, source, kw));
  } catch (error) {
    deliveryFailed(publisher, parent, name, error);
  }
}

function traceBroadcast(publisher: GObj, name: string): void {
  // `[kConfig]` read here rather than through paramsOf: this is on every broadcast, and
  // each call inlined spends the compiler's inlining budget of the broadcast.
  if (publisher[kConfig].traceSubscription) {
    safeLog(publisher.logger, 'info', `${publisher[kLabel]()}: broadcast '${name}'`);
  }
}

/** Where `s` delivers now: its Deferred or gobj; undefined for an unregistered unique name. */
function targetOf(publisher: GObj, s: Subscription): GObj | Deferred | undefined {
  return s.subscriberKind === 'deferred'
    ? (s.subscriber as Deferred)
    : (s[kBound] ?? resolveName(publisher, s));
}

/** What `deliver` returns when the event was queued, or not delivered at all. */
const NOT_SENT: unique symbol = Symbol('not sent');

/**
 * One delivery of a broadcast: the action's result when the event was sent (for the
 * owned-event filter), else NOT_SENT. The common case (a gobj subscribed without options)
 * is kept small enough for the compiler to inline into the broadcast.
 */
function deliver(
  publisher: GObj,
  s: Subscription,
  target: GObj | Deferred,
  name: string,
  source: EventSource,
  kw: Kw,
): unknown {
  if (!s.plain) return deliverWithOptions(publisher, s, target, name, source, kw);
  const gobj = target as GObj;
  if ((gobj[kFlags] & DESTROYED) !== 0) return notSentToDestroyed(publisher, gobj, name);
  try {
    return gobj[kDispatch](name, new GEvent(name, gobj, source, kw));
  } catch (error) {
    deliveryFailed(publisher, s.subscriber, name, error);
    return NOT_SENT;
  }
}

/** A delivery that renames, adds a reference, posts, or calls a Deferred. */
function deliverWithOptions(
  publisher: GObj,
  s: Subscription,
  target: GObj | Deferred,
  name: string,
  source: EventSource,
  kw: Kw,
): unknown {
  let delivered = name;
  let eventKw = kw;
  if (s.altersKw) {
    const rename = s.renameEventName;
    eventKw = { ...kw };
    if (rename !== null) {
      delivered = rename;
      eventKw.original_event_name = name;
    }
    if (s.hasReference) eventKw.__subscription_reference__ = s.subscriptionReference;
  }
  try {
    if (s.subscriberKind === 'deferred') {
      const event = new GEvent(delivered, publisher, source, eventKw);
      (target as Deferred).call(s.deferredWithoutEvent ? undefined : { event });
      return NOT_SENT;
    }
    const gobj = target as GObj;
    if (s.usePostEvent) {
      const host = gobj[kHost] ?? publisher[kHost];
      if (host === null) throw noGAplic(publisher);
      host[kEnqueue](delivered, gobj, source, eventKw);
      return NOT_SENT;
    }
    if (isDestroyed(gobj)) return notSentToDestroyed(publisher, gobj, delivered);
    return gobj[kDispatch](delivered, new GEvent(delivered, gobj, source, eventKw));
  } catch (error) {
    deliveryFailed(publisher, s.subscriber, delivered, error);
    return NOT_SENT;
  }
}

function notSentToDestroyed(publisher: GObj, gobj: GObj, name: string): typeof NOT_SENT {
  publisher[kFault](
    'EVENT_TO_DESTROYED',
    `${publisher[kLabel]()}: '${name}' not sent: ${gobj[kLabel]()} is destroyed`,
    name,
  );
  return NOT_SENT;
}

function noGAplic(publisher: GObj): Error {
  return codedError(
    'GOBJ_NO_GAPLIC',
    `${publisher[kLabel]()}: usePostEvent needs a gaplic; neither the publisher nor the subscriber has one`,
  );
}
