/**
 * The one sentinel returned when an event is not delivered to an action: the name is
 * unknown to the machine, the current state has no row for it, or the destination
 * gobj is destroyed. It is returned, never thrown: a machine keeps running.
 */
export const EventNotAccepted: unique symbol = Symbol('ginsfsm.EventNotAccepted');

/** The type of {@link EventNotAccepted}. */
export type EventNotAccepted = typeof EventNotAccepted;
