/**
 * The references of our gobjs' subscriptions to gobjs of other gaplics, as the
 * subscription's ack gave them: an unsubscription carries its reference, which a
 * ginsfsm peer requires to find the subscription (§2.10.6).
 */
import type { Kw } from '../gobj/gevent.js';
import type { EventMessage } from '../wire/messages.js';

function keyOf(
  gaplic: string,
  role: string,
  gobj: string,
  event: string,
  subscriber: string,
): string {
  return `${gaplic}\u0000${role}\u0000${gobj}\u0000${event}\u0000${subscriber}`;
}

export class SubscriptionReferences {
  readonly #byKey = new Map<string, string>();

  /** Remembers the reference the peer gave to the subscription `message` asked for. */
  remember(message: EventMessage, reference: string): void {
    this.#byKey.set(
      keyOf(
        message.destination_gaplic,
        message.destination_role,
        message.destination_gobj,
        message.event_name,
        message.origin_gobj,
      ),
      reference,
    );
  }

  /** Adds to an unsubscription's kw the reference of its subscription, if known. */
  attach(
    gaplic: string,
    role: string,
    gobj: string,
    event: string,
    subscriber: string,
    kw: Kw,
  ): void {
    const key = keyOf(gaplic, role, gobj, event, subscriber);
    const reference = this.#byKey.get(key);
    if (reference === undefined) return;
    this.#byKey.delete(key);
    kw.__subscription_reference__ ??= reference;
  }
}
