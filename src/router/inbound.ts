/**
 * What a router does with a batch that came in on a route (ginsfsm's `EV_INPUT_MESSAGE`,
 * §2.10.6): each message is checked, then an event is delivered to a local gobj, or
 * forwarded one hop closer, or refused with a nack giving the reason; acks release events
 * in flight; nacks fail them. One cumulative ack answers the batch's events, after any
 * nack and response they caused, so both leave in the same batch (a peer that dies
 * before sending them has them all failed by the sender, none half-answered).
 */
import { EventNotAccepted } from '../fsm/event-not-accepted.js';
import { Deferred } from '../gobj/deferred.js';
import type { Kw } from '../gobj/gevent.js';
import type { GObj } from '../gobj/gobj.js';
import { kFault, kLabel } from '../symbols.js';
import { crossingProblem } from '../util/crossable.js';
import { errorMessage } from '../util/error-text.js';
import { decodeMessage } from '../wire/decode.js';
import { INTRA_EVENT_KEY, type EventMessage, type IntraEvent } from '../wire/messages.js';
import { newReference, type ExternalSubscription } from './external.js';
import { DeliveryFailure, type GRouter } from './grouter.js';
import type { Route } from './route.js';

/** Handles one incoming batch of `route`. */
export function handleBatch(router: GRouter, route: Route, batch: unknown): void {
  if (!Array.isArray(batch)) {
    malformed(router, route, 'a batch must be an array of messages');
    return;
  }
  let last: EventMessage | null = null;
  let events = 0;
  for (const raw of batch as unknown[]) {
    const message = decodeMessage(raw);
    if (typeof message === 'string') {
      malformed(router, route, message);
      continue;
    }
    router.trace('in', route, message);
    switch (message.message_type) {
      case '__event__':
        route.counters.received++;
        events++;
        if (message.serial <= route.lastIn) break; // a duplicate: answered by the ack below
        route.lastIn = message.serial;
        last = message;
        handleEvent(router, route, message);
        // In a long batch, ack as it goes: the sender refills its window while this
        // side is still working (both sides busy instead of taking turns).
        if (events % ACK_EVERY === 0) ackNow(route, message);
        break;
      case '__event_ack__':
        route.ack(message);
        break;
      case '__event_nack__': {
        const failed = route.nack(message.serial);
        if (failed !== undefined) router.fail(failed, message.error_message);
        break;
      }
      case '__identity_card__':
        adopt(route, message.my_gaplic_name, message.my_roles);
        route.sendControl({
          message_type: '__identity_card_ack__',
          my_gaplic_name: router.host.name,
          my_roles: [...router.host.roles],
          protocol: 2,
        });
        break;
      case '__identity_card_ack__':
        adopt(route, message.my_gaplic_name, message.my_roles);
        break;
    }
  }
  // Only a batch with events is acked (acks are never acked: no ping-pong).
  if (events > 0) {
    route.sendControl({
      message_type: '__event_ack__',
      serial: route.lastIn,
      event_name: last?.event_name ?? '',
      reference: null,
    });
  }
}

/** Events handled between two acks within one batch. */
const ACK_EVERY = 1024;

function ackNow(route: Route, last: EventMessage): void {
  route.sendControl({
    message_type: '__event_ack__',
    serial: route.lastIn,
    event_name: last.event_name,
    reference: null,
  });
  route.flushNow();
}

function adopt(route: Route, name: string, roles: readonly string[]): void {
  if (route.name === '') route.name = name;
  if (route.roles.length === 0) route.roles = roles;
}

function malformed(router: GRouter, route: Route, reason: string): void {
  router[kFault](
    'MESSAGE_MALFORMED',
    `${router[kLabel]()}: message from '${route.name}' dropped: ${reason}`,
    null,
  );
}

function nack(route: Route, message: EventMessage, reason: string): void {
  route.sendControl({
    message_type: '__event_nack__',
    serial: message.serial,
    event_name: message.event_name,
    error_message: reason,
  });
}

function handleEvent(router: GRouter, route: Route, message: EventMessage): void {
  if (message.origin_gaplic === '') {
    (message as { origin_gaplic: string }).origin_gaplic = route.name;
  }
  if (!router.isMine(message.destination_gaplic, message.destination_role)) {
    forward(router, route, message);
    return;
  }
  const gobj = router.host.findUniqueGObj(message.destination_gobj);
  if (gobj === undefined) {
    nack(route, message, `GObj '${message.destination_gobj}' UNKNOWN`);
    return;
  }
  const kw = message.kw;
  if (kw.__subscribe_event__ === true) subscribe(router, route, message, gobj);
  else if (kw.__unsubscribe_event__ === true) unsubscribe(router, route, message, gobj);
  else if (message.event_name === 'EV_NACK') router.nackLocal(gobj.name, kw);
  else deliver(router, route, message, gobj);
}

/** Store and forward: the next hop's route, never back where it came from. */
function forward(router: GRouter, route: Route, message: EventMessage): void {
  const next = router.search(message.destination_gaplic, message.destination_role, route);
  if (next === undefined) {
    nack(
      route,
      message,
      `Destination gaplic '${message.destination_gaplic}' or role '${message.destination_role}' NOT FOUND`,
    );
    return;
  }
  router.trace('out', next, message);
  next.send(message);
}

function intraEvent(message: EventMessage): IntraEvent {
  return {
    origin_gaplic: message.origin_gaplic,
    origin_role: message.origin_role,
    origin_gobj: message.origin_gobj,
    destination_gaplic: message.destination_gaplic,
    destination_role: message.destination_role,
    destination_gobj: message.destination_gobj,
  };
}

function deliver(router: GRouter, route: Route, message: EventMessage, gobj: GObj): void {
  const kw = message.kw;
  const respond = kw.__subscribe_response__ === true;
  kw[INTRA_EVENT_KEY] = intraEvent(message);
  const result = router.deliver(gobj, message);
  if (result === EventNotAccepted) {
    nack(
      route,
      message,
      `'${message.event_name}' not accepted by ${gobj[kLabel]()} in state '${String(gobj.getCurrentState())}'`,
    );
    return;
  }
  if (result instanceof DeliveryFailure) {
    nack(route, message, result.reason);
    return;
  }
  if (!respond) return;
  const problem = crossingProblem(result, '__action_return__');
  if (problem !== null) {
    nack(route, message, `the action's return cannot cross: ${problem}`);
    return;
  }
  route.send(reply(router, message, gobj, { __action_return__: result }));
}

/** An event back to the origin of `message`, from `gobj`. */
function reply(router: GRouter, message: EventMessage, gobj: GObj, kw: Kw): EventMessage {
  return {
    message_type: '__event__',
    serial: 0,
    event_name: message.event_name,
    destination_gaplic: message.origin_gaplic,
    destination_role: '',
    destination_gobj: message.origin_gobj,
    origin_gaplic: router.host.name,
    origin_role: router.host.roles[0] ?? '',
    origin_gobj: gobj.name,
    kw,
  };
}

function subscribe(router: GRouter, route: Route, message: EventMessage, gobj: GObj): void {
  const known = router.externals.find(
    message.origin_gaplic,
    message.origin_gobj,
    message.event_name,
    gobj,
  );
  if (known !== undefined) router.externals.remove(known);
  const external: ExternalSubscription = {
    reference: newReference(),
    route,
    originGaplic: message.origin_gaplic,
    originRole: message.origin_role,
    originGobj: message.origin_gobj,
    eventName: message.event_name,
    gobj,
    subscription: null,
    deferred: null,
  };
  const deferred = new Deferred(external.reference, (pushed: Kw) => push(router, external, pushed));
  try {
    external.subscription = gobj.subscribeEvent(message.event_name, deferred);
  } catch (error) {
    nack(route, message, `Cannot subscribe event: ${errorMessage(error)}`);
    return;
  }
  external.deferred = deferred;
  router.externals.add(external);
  route.sendControl({
    message_type: '__event_ack__',
    serial: message.serial,
    event_name: message.event_name,
    reference: external.reference,
  });
}

function unsubscribe(router: GRouter, route: Route, message: EventMessage, gobj: GObj): void {
  const reference = message.kw.__subscription_reference__;
  const external =
    (typeof reference === 'string' ? router.externals.get(reference) : undefined) ??
    router.externals.find(message.origin_gaplic, message.origin_gobj, message.event_name, gobj);
  if (external === undefined) {
    nack(
      route,
      message,
      `no subscription of '${message.event_name}' of ${gobj[kLabel]()} for '${message.origin_gobj}'`,
    );
    return;
  }
  router.externals.remove(external);
}

/** A broadcast of a subscribed event: pushed back to the remote subscriber. */
function push(router: GRouter, external: ExternalSubscription, pushed: Kw): void {
  const event = pushed.event as { eventName: string; kw: Kw };
  const kw: Kw = { ...event.kw, __subscription_reference__: external.reference };
  const problem = crossingProblem(kw);
  if (problem !== null) {
    router[kFault](
      'SUBSCRIPTION_KW_CANNOT_CROSS',
      `${router[kLabel]()}: '${event.eventName}' of ${external.gobj[kLabel]()} not sent to '${external.originGaplic}': ${problem}`,
      event.eventName,
    );
    return;
  }
  external.route.send({
    message_type: '__event__',
    serial: 0,
    event_name: event.eventName,
    destination_gaplic: external.originGaplic,
    destination_role: external.originRole,
    destination_gobj: external.originGobj,
    origin_gaplic: router.host.name,
    origin_role: router.host.roles[0] ?? '',
    origin_gobj: external.gobj.name,
    kw,
  });
}
