// The compact encoding of batches between gaplics of one process tree (wire/compact.ts):
// both forms give back exactly the messages encoded, and what a peer could garble is
// decoded to `null` (which the router refuses with a reason), never an exception or a hang.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeBatch, encodeBatch, encodeInline, INLINE_MAX } from '../../src/wire/compact.js';
import type { EventMessage, WireMessage } from '../../src/wire/messages.js';

function event(serial: number, name = 'EV_PING', kw = { n: serial }): EventMessage {
  return {
    message_type: '__event__',
    serial,
    event_name: name,
    destination_gaplic: 'T',
    destination_role: '',
    destination_gobj: 'sink',
    origin_gaplic: 'M',
    origin_role: 'front',
    origin_gobj: 'client',
    kw,
  };
}

const OTHERS: WireMessage[] = [
  { message_type: '__event_ack__', serial: 3, event_name: 'EV_PING', reference: null },
  { message_type: '__event_ack__', serial: 4, event_name: 'EV_SUB', reference: 'ref-1' },
  { message_type: '__event_nack__', serial: 5, event_name: 'EV_X', error_message: 'no route' },
  { message_type: '__identity_card__', my_gaplic_name: 'M', my_roles: ['a', 'b'], protocol: 2 },
  { message_type: '__identity_card_ack__', my_gaplic_name: 'T', my_roles: [] },
];

/** What crosses a port or an IPC channel: a copy. */
function cross(encoded: unknown): unknown {
  return JSON.parse(JSON.stringify(encoded)) as unknown;
}

describe('compact batches', () => {
  test('compact - a small batch goes inline (a flat array) and comes back whole', () => {
    const batch = [OTHERS[0]!, event(7)];
    const encoded = encodeBatch(batch);
    assert.ok(Array.isArray(encoded), 'inline form');
    assert.ok(batch.length <= INLINE_MAX);
    assert.deepEqual(decodeBatch(cross(encoded)), batch);
  });

  test('compact - every message type crosses in both forms', () => {
    for (const one of OTHERS) assert.deepEqual(decodeBatch(cross(encodeInline([one]))), [one]);
    const burst = [...OTHERS, ...Array.from({ length: 20 }, (_, i) => event(i + 1))];
    const encoded = encodeBatch(burst);
    assert.ok(!Array.isArray(encoded), 'a burst uses the tables');
    assert.deepEqual(decodeBatch(cross(encoded)), burst);
  });

  test('compact - a burst names each distinct header once', () => {
    const burst = Array.from({ length: 100 }, (_, i) => event(i + 1, i % 2 ? 'EV_A' : 'EV_B'));
    const encoded = encodeBatch(burst) as { s: string[]; h: number[][] };
    assert.equal(encoded.h.length, 2);
    assert.equal(new Set(encoded.s).size, encoded.s.length);
    assert.deepEqual(decodeBatch(cross(encoded)), burst);
  });

  test('compact - garbled input decodes to null where it stops being readable', () => {
    assert.deepEqual(decodeBatch([9, 1, 2]), [null]);
    // A role count that would move backwards or is not an integer: no infinite loop.
    assert.deepEqual(decodeBatch([3, 'M', -4, 'x', -1]), [null]);
    assert.deepEqual(decodeBatch([3, 'M', 0.5, -1]), [null]);
    const decoded = decodeBatch([...encodeInline([event(1)]), 42]) as unknown[];
    assert.equal(decoded.length, 2);
    assert.equal(decoded[1], null);
    // Not a compact batch at all: passed on as it is, for the router to refuse.
    assert.deepEqual(decodeBatch({ s: 1 }), { s: 1 });
    assert.equal(decodeBatch(null), null);
  });

  test('compact - a truncated inline event keeps its holes for the router to refuse', () => {
    const [decoded] = decodeBatch([0, 1, 'EV_PING', 'T']) as [Record<string, unknown>];
    assert.equal(decoded.event_name, 'EV_PING');
    assert.equal(decoded.origin_gobj, undefined);
    assert.equal(decoded.kw, undefined);
  });
});
