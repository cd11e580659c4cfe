/**
 * The compact encoding of a batch for the links inside one process tree (worker ports,
 * child IPC). Structured clone and JSON both pay per object and per string, so a batch
 * is one flat array of numbers plus a table of its distinct strings, and the seven names
 * of an event (event, destination and origin gaplic, role and gobj), which a stream
 * repeats event after event, are one entry of a table of headers: an event is its type,
 * serial, header and kw. Links to other hosts keep ginsfsm's JSON objects (protocol v1
 * compatibility); what the router receives is the same either way.
 *
 *   { s: [strings], h: [[7 string indexes], ...], m: [type, fields..., ...] }
 *
 * A batch of a few messages (a lone event, its answer, an ack) is cheaper without the
 * tables, whose Maps and arrays cost more to build and to clone than the names they save:
 * it goes inline, one flat array whose string fields are the strings themselves and whose
 * events carry their seven names in place of a header index (see `encodeInline`).
 *
 *   0 __event__             serial, header, kw
 *   1 __event_ack__         serial, event, reference (-1: null)
 *   2 __event_nack__        serial, event, error_message
 *   3 __identity_card__     name, roles (a string per role, after a count), protocol
 *   4 __identity_card_ack__ the same
 */
import type { EventMessage, WireMessage } from './messages.js';

const TYPES = [
  '__event__',
  '__event_ack__',
  '__event_nack__',
  '__identity_card__',
  '__identity_card_ack__',
] as const;

/** Batches of at most this many messages go inline (no tables). */
export const INLINE_MAX = 4;

/** The compact form of a batch: inline when it is small, with tables otherwise. */
export function encodeBatch(batch: readonly WireMessage[]): unknown {
  return batch.length <= INLINE_MAX ? encodeInline(batch) : encodeTables(batch);
}

/**
 * A batch as one flat array, strings in place:
 *
 *   0 __event__             serial, event, dest gaplic, role, gobj, origin gaplic, role, gobj, kw
 *   1 __event_ack__         serial, event, reference (null or a string)
 *   2 __event_nack__        serial, event, error_message
 *   3/4 identity cards      name, roles (a count, then the roles), protocol (-1: none)
 */
export function encodeInline(batch: readonly WireMessage[]): unknown[] {
  const m: unknown[] = [];
  for (const msg of batch) {
    switch (msg.message_type) {
      case '__event__':
        m.push(0, msg.serial, msg.event_name, msg.destination_gaplic, msg.destination_role);
        m.push(msg.destination_gobj, msg.origin_gaplic, msg.origin_role, msg.origin_gobj, msg.kw);
        break;
      case '__event_ack__':
        m.push(1, msg.serial, msg.event_name, msg.reference);
        break;
      case '__event_nack__':
        m.push(2, msg.serial, msg.event_name, msg.error_message);
        break;
      case '__identity_card__':
      case '__identity_card_ack__':
        m.push(msg.message_type === '__identity_card__' ? 3 : 4, msg.my_gaplic_name);
        m.push(msg.my_roles.length, ...msg.my_roles, msg.protocol ?? -1);
        break;
    }
  }
  return m;
}

function encodeTables(batch: readonly WireMessage[]): unknown {
  const table = new Map<string, number>();
  const strings: string[] = [];
  const s = (value: string): number => {
    let index = table.get(value);
    if (index === undefined) {
      index = strings.push(value) - 1;
      table.set(value, index);
    }
    return index;
  };
  const headers: number[][] = [];
  const headerIndex = new Map<string, number>();
  let previous: EventMessage | null = null;
  let header = -1;
  const m: unknown[] = [];
  for (const msg of batch) {
    switch (msg.message_type) {
      case '__event__':
        if (previous === null || !sameHeader(previous, msg)) {
          const names = [
            s(msg.event_name),
            s(msg.destination_gaplic),
            s(msg.destination_role),
            s(msg.destination_gobj),
            s(msg.origin_gaplic),
            s(msg.origin_role),
            s(msg.origin_gobj),
          ];
          const key = names.join(',');
          header = headerIndex.get(key) ?? -1;
          if (header < 0) {
            header = headers.push(names) - 1;
            headerIndex.set(key, header);
          }
          previous = msg;
        }
        m.push(0, msg.serial, header, msg.kw);
        break;
      case '__event_ack__':
        m.push(1, msg.serial, s(msg.event_name), msg.reference === null ? -1 : s(msg.reference));
        break;
      case '__event_nack__':
        m.push(2, msg.serial, s(msg.event_name), s(msg.error_message));
        break;
      case '__identity_card__':
      case '__identity_card_ack__':
        m.push(msg.message_type === '__identity_card__' ? 3 : 4, s(msg.my_gaplic_name));
        m.push(msg.my_roles.length, ...msg.my_roles.map(s), msg.protocol ?? -1);
        break;
    }
  }
  return { s: strings, h: headers, m };
}

function sameHeader(a: EventMessage, b: EventMessage): boolean {
  return (
    a.event_name === b.event_name &&
    a.destination_gaplic === b.destination_gaplic &&
    a.destination_role === b.destination_role &&
    a.destination_gobj === b.destination_gobj &&
    a.origin_gaplic === b.origin_gaplic &&
    a.origin_role === b.origin_role &&
    a.origin_gobj === b.origin_gobj
  );
}

/**
 * The messages of a compact batch (either form), as ginsfsm's objects. The router checks
 * each one as it checks messages from any peer; what cannot be read is passed on as
 * `null`, which the router refuses with a reason.
 */
export function decodeBatch(encoded: unknown): unknown {
  if (Array.isArray(encoded)) return decodeFlat(encoded as unknown[], inline);
  const { s, h, m } = (encoded ?? {}) as { s?: unknown; h?: unknown; m?: unknown };
  if (!Array.isArray(s) || !Array.isArray(h) || !Array.isArray(m)) return encoded;
  return decodeFlat(m as unknown[], tables(s as unknown[], h as unknown[]));
}

/** How one form reads its strings and an event's names. */
interface Form {
  /** A string field's value. */
  readonly str: (field: unknown) => unknown;
  /** Slots an event takes after its type and serial, the last being its kw. */
  readonly eventWidth: number;
  /** The k-th (0–6) name of the event whose fields start at `at`. */
  readonly name: (m: readonly unknown[], at: number, k: number) => unknown;
}

const inline: Form = {
  str: (field) => field,
  eventWidth: 8,
  name: (m, at, k) => m[at + k],
};

function tables(strings: readonly unknown[], heads: readonly unknown[]): Form {
  const str = (field: unknown): unknown => (typeof field === 'number' ? strings[field] : undefined);
  return {
    str,
    eventWidth: 2,
    name: (m, at, k) => str(((heads[m[at] as number] ?? []) as unknown[])[k]),
  };
}

function decodeFlat(m: readonly unknown[], form: Form): unknown[] {
  const { str } = form;
  const out: unknown[] = [];
  let i = 0;
  while (i < m.length) {
    switch (m[i]) {
      case 0: {
        const at = i + 2;
        out.push({
          message_type: TYPES[0],
          serial: m[i + 1],
          event_name: form.name(m, at, 0),
          destination_gaplic: form.name(m, at, 1),
          destination_role: form.name(m, at, 2),
          destination_gobj: form.name(m, at, 3),
          origin_gaplic: form.name(m, at, 4),
          origin_role: form.name(m, at, 5),
          origin_gobj: form.name(m, at, 6),
          kw: m[at + form.eventWidth - 1],
        });
        i = at + form.eventWidth;
        break;
      }
      case 1:
        out.push({
          message_type: TYPES[1],
          serial: m[i + 1],
          event_name: str(m[i + 2]),
          reference: m[i + 3] === -1 || m[i + 3] === null ? null : str(m[i + 3]),
        });
        i += 4;
        break;
      case 2:
        out.push({
          message_type: TYPES[2],
          serial: m[i + 1],
          event_name: str(m[i + 2]),
          error_message: str(m[i + 3]),
        });
        i += 4;
        break;
      case 3:
      case 4: {
        const count = m[i + 2];
        if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
          out.push(null);
          return out; // a bad count: where the next message starts is unknown
        }
        const protocol = m[i + 3 + count];
        out.push({
          message_type: TYPES[m[i] as 3 | 4],
          my_gaplic_name: str(m[i + 1]),
          my_roles: m.slice(i + 3, i + 3 + count).map(str),
          ...(typeof protocol === 'number' && protocol >= 0 ? { protocol } : {}),
        });
        i += 4 + count;
        break;
      }
      default:
        out.push(null);
        return out; // the rest cannot be read past an unknown type
    }
  }
  return out;
}

/** What `unpackBatch` returns for a message that is not a batch (a host's control message). */
export const CONTROL: unique symbol = Symbol('control message');

/**
 * A batch as a link in the process tree posts it: its inline array, or its tables under
 * `tag`, so that the link can also carry its host's control messages (other objects).
 */
export function packBatch(batch: readonly WireMessage[], tag: string): unknown {
  const encoded = encodeBatch(batch);
  return Array.isArray(encoded) ? encoded : { [tag]: encoded };
}

/** The messages of what `packBatch(…, tag)` posted, or CONTROL for anything else. */
export function unpackBatch(data: unknown, tag: string): unknown {
  if (Array.isArray(data)) return decodeBatch(data);
  if (typeof data === 'object' && data !== null && tag in data) {
    return decodeBatch((data as Record<string, unknown>)[tag]);
  }
  return CONTROL;
}
