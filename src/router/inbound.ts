/**
 * What a router does with a batch that came in on a route (ginsfsm's `EV_INPUT_MESSAGE`,
 * §2.10.6): each message is checked, then an event is delivered to a local gobj, or
 * forwarded one hop closer, or refused with a nack giving the reason; acks release events
 * in flight; nacks fail them. In v2 one cumulative ack answers the batch's events, after
 * any nack and response they caused, so both leave in the same batch (a peer that dies
 * before sending them has them all failed by the sender, none half-answered), and an
 * event already received (sent again after a reconnection) is acked, not delivered. In
 * v1 (ginsfsm) every event gets its own ack or nack.
 */
import { EventNotAccepted } from '../fsm/event-not-accepted.js';
import { Deferred } from '../gobj/deferred.js';
import type { Kw } from '../gobj/gevent.js';
import type { GObj } from '../gobj/gobj.js';
import { kFault, kLabel } from '../symbols.js';
import { crossingProblem } from '../util/crossable.js';
import { errorMessage } from '../util/error-text.js';
import { decodeMessage } from '../wire/decode.js';
import { FrameError } from '../wire/frames.js';
import {
  INTRA_EVENT_KEY,
  type AckMessage,
  type EventMessage,
  type IntraEvent,
  type NackMessage,
} from '../wire/messages.js';
import { newReference, type ExternalSubscription } from './external.js';
import { DeliveryFailure, type GRouter } from './grouter.js';
import { admissible, handleCard, handleCardAck } from './identity.js';
import { remoteRefusal } from './inspect.js';
import type { Route } from './route.js';

/** What answers one event: a nack, an ack with a subscription reference, or null (a plain ack). */
export type Answer = AckMessage | NackMessage | null;

/** Handles one incoming batch of `route`. */
export function handleBatch(router: GRouter, route: Route, batch: unknown): void {
  if (batch instanceof FrameError) {
    malformed(router, route, batch.reason);
    return;
  }
  if (!Array.isArray(batch)) {
    malformed(router, route, 'a batch must be an array of messages');
    return;
  }
  let last: EventMessage | null = null;
  let events = 0;
  for (const raw of batch as unknown[]) {
    const message = decodeMessage(raw);
    if (typeof message === 'string') {
      refuseMalformed(router, route, raw, message);
      continue;
    }
    router.trace('in', route, message);
    if (route.state !== 'up') {
      // A link that went down meanwhile: its peer sends again what was not acked.
      if (route.state === 'closed' || route.state === 'holding') return;
      if (!admissible(router, route, message)) {
        if (route.state === 'connecting') continue;
        return;
      }
    }
    switch (message.message_type) {
      case '__event__': {
        route.counters.received++;
        if (route.protocol === 1) {
          // ginsfsm: one event in flight, serials that wrap; each event gets its answer
          // (read first: a forwarded event takes the next hop's serial).
          const plain = ackOf(message, message.serial);
          route.sendControl(handleEvent(router, route, message) ?? plain);
          break;
        }
        events++;
        if (message.serial <= route.lastIn) {
          route.counters.duplicates++; // sent again after a reconnection: acked below
          break;
        }
        route.lastIn = message.serial;
        last = message;
        const answer = handleEvent(router, route, message);
        if (answer !== null) route.sendControl(answer);
        // In a long batch, ack as it goes: the sender refills its window while this
        // side is still working (both sides busy instead of taking turns).
        if (events % ACK_EVERY === 0) ackNow(route, message);
        break;
      }
      case '__event_ack__':
        if (typeof message.reference === 'string') rememberReference(router, route, message);
        route.ack(message);
        break;
      case '__event_nack__': {
        const failed = route.nack(message.serial);
        if (failed !== undefined) router.fail(failed, message.error_message);
        break;
      }
      case '__identity_card__':
        // The server's pending route may hand over to the peer's known route.
        route = handleCard(router, route, message);
        break;
      case '__identity_card_ack__':
        handleCardAck(router, route, message);
        break;
    }
  }
  // Only a batch with events is acked (acks are never acked: no ping-pong).
  if (events > 0) route.sendControl(ackOf(last, route.lastIn));
}

/** The ack of a subscription gives its reference: an unsubscription will name it. */
function rememberReference(router: GRouter, route: Route, ack: AckMessage): void {
  const subscription = route.inflightAt(ack.serial);
  if (subscription?.kw.__subscribe_event__ === true) {
    router.references.remember(subscription, ack.reference!);
  }
}

/** Events handled between two acks within one batch. */
const ACK_EVERY = 1024;

function ackNow(route: Route, last: EventMessage): void {
  route.sendControl(ackOf(last, route.lastIn));
  route.flushNow();
}

/** The plain ack of `message` (v2: of every event up to `serial`). */
function ackOf(message: EventMessage | null, serial: number | null): AckMessage {
  return {
    message_type: '__event_ack__',
    serial: serial ?? message?.serial ?? 0,
    event_name: message?.event_name ?? '',
    reference: null,
  };
}

function malformed(router: GRouter, route: Route, reason: string): void {
  router[kFault](
    'MESSAGE_MALFORMED',
    `${router[kLabel]()}: message from '${route.name || 'a new peer'}' dropped: ${reason}`,
    null,
  );
}

/**
 * A malformed message is dropped with a log line; one that still reads as an event with a
 * serial is also nacked, so that its sender does not wait for it forever.
 */
function refuseMalformed(router: GRouter, route: Route, raw: unknown, reason: string): void {
  malformed(router, route, reason);
  const r = raw as { message_type?: unknown; serial?: unknown; event_name?: unknown } | null;
  if (
    route.state === 'up' &&
    typeof r === 'object' &&
    r !== null &&
    r.message_type === '__event__' &&
    typeof r.serial === 'number' &&
    Number.isSafeInteger(r.serial) &&
    r.serial >= 0
  ) {
    route.sendControl({
      message_type: '__event_nack__',
      serial: r.serial,
      event_name: typeof r.event_name === 'string' ? r.event_name : '',
      error_message: `malformed: ${reason}`,
    });
  }
}

function nack(message: EventMessage, reason: string): NackMessage {
  return {
    message_type: '__event_nack__',
    serial: message.serial,
    event_name: message.event_name,
    error_message: reason,
  };
}

/** Delivers, forwards or refuses one event; its answer (the NATS side uses it too). */
export function handleEvent(router: GRouter, route: Route, message: EventMessage): Answer {
  if (message.origin_gaplic === '') {
    (message as { origin_gaplic: string }).origin_gaplic = route.name;
  } else if (message.origin_gaplic !== route.name) {
    router.learn(message.origin_gaplic, route);
  }
  if (!router.isMine(message.destination_gaplic, message.destination_role)) {
    return forward(router, route, message);
  }
  const gobj = router.host.findUniqueGObj(message.destination_gobj);
  if (gobj === undefined) return nack(message, `GObj '${message.destination_gobj}' UNKNOWN`);
  // The router's other inputs (batches, new routes) are for this gaplic only; inspection
  // only when its `inspect` parameter allows it.
  if (gobj === router) {
    const refusal = remoteRefusal(router, message);
    if (refusal !== null) return nack(message, refusal);
  }
  const kw = message.kw;
  if (kw.__subscribe_event__ === true) return subscribe(router, route, message, gobj);
  if (kw.__unsubscribe_event__ === true) return unsubscribe(router, message, gobj);
  if (message.event_name === 'EV_NACK') {
    router.nackLocal(gobj.name, kw);
    return null;
  }
  return deliver(router, route, message, gobj);
}

/** Store and forward: the next hop's route, never back where it came from. */
function forward(router: GRouter, route: Route, message: EventMessage): Answer {
  const next = router.search(message.destination_gaplic, message.destination_role, route);
  if (next === undefined) {
    return nack(
      message,
      `Destination gaplic '${message.destination_gaplic}' or role '${message.destination_role}' NOT FOUND`,
    );
  }
  next.send(message);
  return null;
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

function deliver(router: GRouter, route: Route, message: EventMessage, gobj: GObj): Answer {
  const kw = message.kw;
  const respond = kw.__subscribe_response__ === true;
  kw[INTRA_EVENT_KEY] = intraEvent(message);
  const result = router.deliver(gobj, message);
  if (result === EventNotAccepted) {
    return nack(
      message,
      `'${message.event_name}' not accepted by ${gobj[kLabel]()} in state '${String(gobj.getCurrentState())}'`,
    );
  }
  if (result instanceof DeliveryFailure) return nack(message, result.reason);
  if (!respond) return null;
  const problem = crossingProblem(result, '__action_return__');
  if (problem !== null) return nack(message, `the action's return cannot cross: ${problem}`);
  route.send(reply(router, message, gobj, { __action_return__: result }));
  return null;
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

function subscribe(router: GRouter, route: Route, message: EventMessage, gobj: GObj): Answer {
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
    return nack(message, `Cannot subscribe event: ${errorMessage(error)}`);
  }
  external.deferred = deferred;
  router.externals.add(external);
  return {
    message_type: '__event_ack__',
    serial: message.serial,
    event_name: message.event_name,
    reference: external.reference,
  };
}

function unsubscribe(router: GRouter, message: EventMessage, gobj: GObj): Answer {
  const reference = message.kw.__subscription_reference__;
  const external =
    (typeof reference === 'string' ? router.externals.get(reference) : undefined) ??
    router.externals.find(message.origin_gaplic, message.origin_gobj, message.event_name, gobj);
  if (external === undefined) {
    return nack(
      message,
      `no subscription of '${message.event_name}' of ${gobj[kLabel]()} for '${message.origin_gobj}'`,
    );
  }
  router.externals.remove(external);
  return null;
}

/** A broadcast of a subscribed event: pushed back to the remote subscriber. */
function push(router: GRouter, external: ExternalSubscription, pushed: Kw): void {
  const event = pushed.event as { eventName: string; kw: Kw };
  // ginsfsm's pushed kw: the broadcast's, the event's own name, the subscription.
  const kw: Kw = {
    ...event.kw,
    original_event_name: event.eventName,
    __subscription_reference__: external.reference,
  };
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
