/**
 * The messages gaplics exchange, with ginsfsm's exact names and field sets (protocol v1 is
 * wire-compatible with ginsfsm 0.7). One message per JSON object; between gaplics of one
 * process tree several travel in one batch.
 *
 *   __event__              an event for a gobj of another gaplic, addressed by gaplic name
 *                          or role, and the unique name of the gobj
 *   __event_ack__          the next hop accepted event `serial` (v2: every event up to it)
 *   __event_nack__         the next hop refused event `serial`, with the reason
 *   __identity_card__      who I am (name, roles); v2 adds protocol, session, max_frame, token
 *   __identity_card_ack__  who answers
 */
import type { Kw } from '../gobj/gevent.js';

export interface EventMessage {
  readonly message_type: '__event__';
  readonly serial: number;
  readonly event_name: string;
  readonly destination_gaplic: string;
  readonly destination_role: string;
  readonly destination_gobj: string;
  readonly origin_gaplic: string;
  readonly origin_role: string;
  readonly origin_gobj: string;
  readonly kw: Kw;
}

export interface AckMessage {
  readonly message_type: '__event_ack__';
  readonly serial: number;
  readonly event_name: string;
  /** The reference of an external subscription made by the acknowledged event, or null. */
  readonly reference: string | null;
}

export interface NackMessage {
  readonly message_type: '__event_nack__';
  readonly serial: number;
  readonly event_name: string;
  readonly error_message: string;
}

/**
 * The v2 fields of identity cards (a v1 peer never sees them): the protocol, the
 * sender's session (a new one each time its router starts: a peer that comes back with
 * the same session resumes, with another it restarted), the largest frame it accepts,
 * and (client to server) the authentication token.
 */
export interface CardV2Fields {
  readonly protocol?: number;
  readonly session?: string;
  readonly max_frame?: number;
  readonly token?: string;
}

export interface IdentityCard extends CardV2Fields {
  readonly message_type: '__identity_card__';
  readonly my_gaplic_name: string;
  readonly my_roles: readonly string[];
}

export interface IdentityCardAck extends CardV2Fields {
  readonly message_type: '__identity_card_ack__';
  readonly my_gaplic_name: string;
  readonly my_roles: readonly string[];
}

export type WireMessage = EventMessage | AckMessage | NackMessage | IdentityCard | IdentityCardAck;

/** The message types, with the fields each carries (and nothing else goes on the wire). */
export const FIELD_SETS = {
  __event__: [
    'serial',
    'event_name',
    'destination_gaplic',
    'destination_role',
    'destination_gobj',
    'origin_gaplic',
    'origin_role',
    'origin_gobj',
    'kw',
  ],
  __event_ack__: ['serial', 'event_name', 'reference'],
  __event_nack__: ['serial', 'event_name', 'error_message'],
  __identity_card__: ['my_gaplic_name', 'my_roles'],
  __identity_card_ack__: ['my_gaplic_name', 'my_roles'],
} as const;

/** The key under which a delivered event's kw tells where it came from (ginsfsm's name). */
export const INTRA_EVENT_KEY = '__intra_event__';

/** Where a remote event came from and where it was going: `kw.__intra_event__`. */
export interface IntraEvent {
  readonly origin_gaplic: string;
  readonly origin_role: string;
  readonly origin_gobj: string;
  readonly destination_gaplic: string;
  readonly destination_role: string;
  readonly destination_gobj: string;
}
