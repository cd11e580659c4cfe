/**
 * What the sender of an undeliverable event is told: `EV_NACK` with ginsfsm's fields.
 * Only events a gobj sent with `sendEventOutside` (or a subscription request) are
 * nacked: a response (`__action_return__`), a pushed broadcast
 * (`__subscription_reference__`) or a nack that cannot be delivered is reported where it
 * fails, never nacked in turn, so failures cannot ping-pong.
 */
import type { Kw } from '../gobj/gevent.js';
import { kFault, kLabel } from '../symbols.js';
import { INTRA_EVENT_KEY, type EventMessage } from '../wire/messages.js';
import type { GRouter } from './grouter.js';

/** True when the sender of `message` should get an `EV_NACK` if it cannot be delivered. */
export function isNotifiable(message: EventMessage): boolean {
  const kw = message.kw;
  return (
    message.event_name !== 'EV_NACK' &&
    !('__action_return__' in kw) &&
    !('__subscription_reference__' in kw && !('__unsubscribe_event__' in kw))
  );
}

/**
 * The kw of the `EV_NACK` for `message`: ginsfsm's five fields, plus the kw the event
 * carried (`kw`), so the sender knows which of its events failed and may send it again
 * (an empty `kw` when it could not be sent at all: too large, or nested too deep).
 */
export function nackKw(message: EventMessage, reason: string, withKw = true): Kw {
  // Where the event came from (added on delivery) is not sent back.
  const { [INTRA_EVENT_KEY]: origin, ...kw } = withKw ? message.kw : {};
  return {
    event_name: message.event_name,
    error_message: reason,
    destination_gaplic: message.destination_gaplic,
    destination_role: message.destination_role,
    destination_gobj: message.destination_gobj,
    kw,
  };
}

/**
 * An event that cannot be delivered: its sender gets `EV_NACK` (locally, or on the way
 * back to its gaplic). Responses, pushed broadcasts and nacks are never nacked in turn:
 * they are reported here.
 */
export function failEvent(
  router: GRouter,
  message: EventMessage,
  reason: string,
  withKw = true,
): void {
  if (!isNotifiable(message)) {
    router[kFault](
      'ROUTE_DOWN',
      `${router[kLabel]()}: '${message.event_name}' for '${message.destination_gaplic || message.destination_role}' lost: ${reason}`,
      message.event_name,
    );
    return;
  }
  const kw = nackKw(message, reason, withKw);
  const host = router.host;
  if (message.origin_gaplic === host.name) {
    nackLocal(router, message.origin_gobj, kw);
    return;
  }
  router.send(
    {
      message_type: '__event__',
      serial: 0,
      event_name: 'EV_NACK',
      destination_gaplic: message.origin_gaplic,
      destination_role: '',
      destination_gobj: message.origin_gobj,
      origin_gaplic: host.name,
      origin_role: host.roles[0] ?? '',
      origin_gobj: router.name,
      kw,
    },
    null,
  );
}

/** Posts `EV_NACK` to a local subscriber, or reports why it cannot take it. */
export function nackLocal(router: GRouter, subscriber: string, kw: Kw): void {
  const gobj = router.host.findUniqueGObj(subscriber);
  const about = `'${String(kw.event_name)}' to '${String(kw.destination_gaplic || kw.destination_role)}'/${String(kw.destination_gobj)}`;
  if (gobj === undefined || !gobj.hasEvent('EV_NACK')) {
    router[kFault](
      'NACK_NOT_ACCEPTED',
      `${router[kLabel]()}: ${about} was nacked (${String(kw.error_message)}) but ${gobj === undefined ? `no gobj is named '${subscriber}'` : `${gobj[kLabel]()} does not accept EV_NACK`}`,
      String(kw.event_name),
    );
    return;
  }
  router.postEvent(gobj, 'EV_NACK', kw);
}
