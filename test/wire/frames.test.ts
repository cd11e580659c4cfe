// WebSocket text frames: v1 writes ginsfsm's field sets in ginsfsm's order, one message per
// frame; v2 a batch per frame; decoding never throws.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFrame, encodeV1, encodeV2, FrameError, type WireMessage } from '../../src/index.js';
import { utf8Length } from '../../src/wire/frames.js';

const card: WireMessage = {
  message_type: '__identity_card__',
  my_gaplic_name: 'TITI',
  my_roles: ['titi'],
  protocol: 2,
  session: 'ab',
  max_frame: 1024,
};

test('encodeV1 - only the type field set, message_type first (a v1 peer never sees a v2 field)', () => {
  assert.equal(
    encodeV1(card),
    '{"message_type":"__identity_card__","my_gaplic_name":"TITI","my_roles":["titi"]}',
  );
  const event: WireMessage = {
    message_type: '__event__',
    kw: { a: 1 },
    origin_gobj: 'o',
    origin_role: 'r',
    origin_gaplic: 'g',
    destination_gobj: 'd',
    destination_role: '',
    destination_gaplic: 'D',
    event_name: 'EV_X',
    serial: 7,
  };
  assert.deepEqual(Object.keys(JSON.parse(encodeV1(event)) as object), [
    'message_type',
    'serial',
    'event_name',
    'destination_gaplic',
    'destination_role',
    'destination_gobj',
    'origin_gaplic',
    'origin_role',
    'origin_gobj',
    'kw',
  ]);
  assert.equal(
    encodeV1({ message_type: '__event_ack__', serial: 3, event_name: 'EV_X', reference: null }),
    '{"message_type":"__event_ack__","serial":3,"event_name":"EV_X","reference":null}',
  );
});

test('encodeV2 / decodeFrame - a batch per frame, v2 card fields kept', () => {
  const text = encodeV2([card]);
  assert.deepEqual(decodeFrame(text, 2), [card]);
  assert.deepEqual(decodeFrame(encodeV1(card), 1), [
    { message_type: '__identity_card__', my_gaplic_name: 'TITI', my_roles: ['titi'] },
  ]);
});

test('decodeFrame - what is not JSON or not of its protocol shape is a FrameError with the reason', () => {
  const cases: [string, 1 | 2, RegExp][] = [
    ['{oops', 1, /^not JSON \(.+\): "\{oops"$/],
    ['[1,2]', 1, /^a v1 frame must be one JSON object: "\[1,2\]"$/],
    ['"text"', 1, /^a v1 frame must be one JSON object/],
    ['{"a":1}', 2, /^a v2 frame must be a JSON array: "\{\\"a\\":1\}"$/],
    ['x'.repeat(200), 2, /^not JSON .*\.\.\."$/],
  ];
  for (const [text, protocol, reason] of cases) {
    const decoded = decodeFrame(text, protocol);
    assert.ok(decoded instanceof FrameError, text);
    assert.match(decoded.reason, reason);
  }
});

test('utf8Length - bytes of UTF-8, surrogate pairs included', () => {
  assert.equal(utf8Length('abc'), 3);
  assert.equal(utf8Length('é'), 2);
  assert.equal(utf8Length('€'), 3);
  assert.equal(utf8Length('😀'), 4);
  assert.equal(utf8Length('a😀é'), 7);
});
