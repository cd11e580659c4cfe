/**
 * What the sender of an undeliverable event is told: `EV_NACK` with ginsfsm's fields.
 * Only events a gobj sent with `sendEventOutside` (or a subscription request) are
 * nacked: a response (`__action_return__`), a pushed broadcast
 * (`__subscription_reference__`) or a nack that cannot be delivered is reported where it
 * fails, never nacked in turn, so failures cannot ping-pong.
 */
import type { Kw } from '../gobj/gevent.js';
import { INTRA_EVENT_KEY, type EventMessage } from '../wire/messages.js';

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
 * carried (`kw`), so the sender knows which of its events failed and may send it again.
 */
export function nackKw(message: EventMessage, reason: string): Kw {
  // Where the event came from (added on delivery) is not sent back.
  const { [INTRA_EVENT_KEY]: origin, ...kw } = message.kw;
  return {
    event_name: message.event_name,
    error_message: reason,
    destination_gaplic: message.destination_gaplic,
    destination_role: message.destination_role,
    destination_gobj: message.destination_gobj,
    kw,
  };
}
