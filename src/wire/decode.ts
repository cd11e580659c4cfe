/**
 * Checks a message received from a peer before anything acts on it: its type, and the
 * type of each field of that type (protocol v1 field sets; the optional v2 fields of
 * identity cards). What ginsfsm 0.7 writes irregularly is made regular first. A
 * malformed message gives the reason, never an exception: the router drops it with a log
 * line (and nacks an event whose serial it could read) and goes on.
 */
import { describeValue } from '../util/describe-value.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { WireMessage } from './messages.js';

type Check = (value: unknown) => boolean;

const aString: Check = (v) => typeof v === 'string';
const aSerial: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
/** Events are numbered from 1 (v1 and v2). */
const anEventSerial: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const aKw: Check = isPlainObject;
/** Roles a card may announce: enough for any deployment, few enough to handle at once. */
export const MAX_ROLES = 1024;
const roles: Check = (v) =>
  Array.isArray(v) && v.length <= MAX_ROLES && v.every((r) => typeof r === 'string');
const aReference: Check = (v) => v === null || v === undefined || typeof v === 'string';
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const anInteger: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

const CARD = {
  my_gaplic_name: aString,
  my_roles: roles,
  protocol: optional(anInteger),
  session: optional(aString),
  max_frame: optional(anInteger),
  token: optional(aString),
};

const SHAPES: Readonly<Record<string, Readonly<Record<string, Check>>>> = {
  __event__: {
    serial: anEventSerial,
    event_name: aString,
    destination_gaplic: aString,
    destination_role: aString,
    destination_gobj: aString,
    origin_gaplic: aString,
    origin_role: aString,
    origin_gobj: aString,
    kw: aKw,
  },
  __event_ack__: { serial: aSerial, event_name: aString, reference: aReference },
  __event_nack__: { serial: aSerial, event_name: aString, error_message: aString },
  __identity_card__: CARD,
  __identity_card_ack__: CARD,
};

/** The message, or the reason it is malformed. */
export function decodeMessage(value: unknown): WireMessage | string {
  if (!isPlainObject(value)) return 'a message must be a JSON object';
  if (value.message_type === '__event__' && isEvent(value)) return value as unknown as WireMessage;
  if (value.message_type === '__event_ack__' && isAck(value))
    return value as unknown as WireMessage;
  const type = value.message_type;
  normalizeGinsfsm(value);
  const shape = typeof type === 'string' && Object.hasOwn(SHAPES, type) ? SHAPES[type] : undefined;
  if (shape === undefined) return `unknown message_type ${describeValue(type)}`;
  for (const [field, check] of Object.entries(shape)) {
    if (!check(value[field]))
      return `${String(type)}: field '${field}' is missing or has a wrong type`;
  }
  return value as unknown as WireMessage;
}

/**
 * What ginsfsm 0.7 writes differently, made regular: a subscription's event carries the
 * publisher's whole roles list as `origin_role` (its first role is kept), and a card's
 * `my_roles` may be one string.
 */
function normalizeGinsfsm(v: Record<string, unknown>): void {
  const originRole = v.origin_role;
  if (v.message_type === '__event__' && Array.isArray(originRole) && originRole.length > 0) {
    const first: unknown = originRole[0];
    if (typeof first === 'string') v.origin_role = first;
  }
  if (typeof v.my_roles === 'string') v.my_roles = v.my_roles === '' ? [] : [v.my_roles];
}

/** The other hot path: an `__event_ack__` (one rides with almost every batch). */
function isAck(v: Record<string, unknown>): boolean {
  return aSerial(v.serial) && aString(v.event_name) && aReference(v.reference);
}

/** The hot path: an `__event__` whose fields all have their types (no loop, no closure). */
function isEvent(v: Record<string, unknown>): boolean {
  const serial = v.serial;
  return (
    typeof serial === 'number' &&
    Number.isSafeInteger(serial) &&
    serial >= 1 &&
    typeof v.event_name === 'string' &&
    typeof v.destination_gaplic === 'string' &&
    typeof v.destination_role === 'string' &&
    typeof v.destination_gobj === 'string' &&
    typeof v.origin_gaplic === 'string' &&
    typeof v.origin_role === 'string' &&
    typeof v.origin_gobj === 'string' &&
    isPlainObject(v.kw)
  );
}
