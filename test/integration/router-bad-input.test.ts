// Issue #7, "Bad input": what a peer of the router server may send that it should not —
// malformed JSON, frames of the wrong shape, unknown message types, missing or wrongly typed
// fields, binary and oversized frames, events for unknown gaplics, roles or gobjs, bad
// identity cards, no card, no or a wrong token, a flood from a peer that never reads. Each
// gets a nack with a reason or is dropped with a log line (a fault with its code), or the
// connection is closed with a close code and reason; memory stays bounded, and after each
// bad input the router still delivers a well-behaved peer's event.
//
// Real time, not a TestClock: the router's server runs over real sockets on 127.0.0.1,
// driven by a raw `ws` client that speaks the wire by hand (test/fixtures/raw-ws-peer.ts).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FIELD_SETS, type Fault, type WebSocketLink } from '../../src/node.js';
import { resetGlobals } from '../../src/testing/index.js';
import { until } from '../fixtures/client.js';
import {
  assertServes,
  card,
  event,
  RawPeer,
  routerWorld,
  type Message,
  type RouterWorld,
} from '../fixtures/raw-ws-peer.js';

const PROTOCOLS = [1, 2] as const;
/** The well-behaved peer's roles: no bad peer's event is ever routed to it. */
const GOOD_ROLES = { my_roles: ['good'] };
let names = 0;
/** A gaplic name no other peer of the run uses (a known name would take over its route). */
const fresh = (what: string): string => `${what}-${++names}`;

/** The faults of `world` after the first `mark`. */
function since(world: RouterWorld, mark: number): Fault[] {
  return world.faults.slice(mark);
}

/** Waits for a fault of `code` whose message matches `pattern`, after `mark`. */
async function fault(
  world: RouterWorld,
  mark: number,
  code: Fault['code'],
  pattern: RegExp,
): Promise<void> {
  const found = (): boolean =>
    since(world, mark).some((f) => f.code === code && pattern.test(f.message));
  await until(found, 5000, `fault ${code} ${String(pattern)}`).catch((error: unknown) => {
    const got = since(world, mark).map((f) => `${f.code}: ${f.message}`);
    throw new Error(`${(error as Error).message}; got ${JSON.stringify(got)}`);
  });
}

/** The routes of `world`'s router are back to `count` (a bad peer's route is gone). */
async function routesBackTo(world: RouterWorld, count: number): Promise<void> {
  await until(() => world.router.routes.length === count, 5000, `${count} routes`);
}

function isNack(m: Message): boolean {
  return m.message_type === '__event_nack__';
}

describe('router bad input - frames and messages', () => {
  let w: RouterWorld;
  let good: RawPeer;
  /** Routes of the world while only the good peer is connected. */
  let baseline = 0;

  before(async () => {
    w = await routerWorld({ 'router.maxFrame': 65_536, 'router.linger': 0 });
    good = await RawPeer.hello(w.url, 2, 'Good', GOOD_ROLES);
    baseline = w.router.routes.length;
  });

  afterEach(async () => {
    await RawPeer.terminateAll(good);
  });

  after(async () => {
    await good.close();
    await w.close();
    resetGlobals();
  });

  /** After a bad input: the bad peer's route is gone and the good peer is served. */
  async function stillServing(): Promise<void> {
    await routesBackTo(w, baseline);
    await assertServes(w, good);
  }

  for (const protocol of PROTOCOLS) {
    test(`router - malformed JSON is dropped with MESSAGE_MALFORMED and the connection goes on (v${protocol})`, async () => {
      const bad = await RawPeer.hello(w.url, protocol, fresh('Bad'));
      const mark = w.faults.length;
      const seen = bad.messages.length;
      bad.sendText('{"message_type": "__event__", "serial": 7,');
      bad.sendText('not json');
      bad.sendText('');
      const serial = await bad.roundTrip();

      const malformed = since(w, mark);
      assert.deepEqual(
        malformed.map((f) => f.code),
        ['MESSAGE_MALFORMED', 'MESSAGE_MALFORMED', 'MESSAGE_MALFORMED'],
      );
      for (const f of malformed) assert.match(f.message, /dropped: not JSON \(/);
      assert.match(malformed[1]!.message, /"not json"$/);
      assert.ok(
        w.logger
          .messages('warn')
          .some((line) => /dropped: not JSON .*\[MESSAGE_MALFORMED\]$/.test(line)),
        'a log line with the code',
      );
      // Nothing answered the junk (serial 7 was never readable): only the good event's ack.
      assert.deepEqual(
        bad.messages.slice(seen).map((m) => [m.message_type, m.serial]),
        [['__event_ack__', serial]],
      );
      await bad.close();
      await stillServing();
    });

    test(`router - a frame of the wrong shape is dropped with MESSAGE_MALFORMED (v${protocol})`, async () => {
      const bad = await RawPeer.hello(w.url, protocol, fresh('Bad'));
      const mark = w.faults.length;
      const seen = bad.messages.length;
      const wrong =
        protocol === 1
          ? ['[{"message_type":"__event__"}]', '"text"', '42', 'null', 'true']
          : ['{}', '"text"', '42', 'null', JSON.stringify(event(1, { kw: { n: 'shape' } }))];
      for (const text of wrong) bad.sendText(text);
      if (protocol === 2) bad.sendText('[1, null, "x", [], true]');
      const serial = await bad.roundTrip();

      const got = since(w, mark);
      assert.ok(got.every((f) => f.code === 'MESSAGE_MALFORMED'));
      const shape =
        protocol === 1
          ? /a v1 frame must be one JSON object: /
          : /a v2 frame must be a JSON array: /;
      assert.equal(got.filter((f) => shape.test(f.message)).length, wrong.length);
      if (protocol === 2) {
        assert.equal(
          got.filter((f) => /dropped: a message must be a JSON object$/.test(f.message)).length,
          5,
        );
      }
      assert.equal(got.length, wrong.length + (protocol === 2 ? 5 : 0));
      assert.deepEqual(
        bad.messages.slice(seen).map((m) => [m.message_type, m.serial]),
        [['__event_ack__', serial]],
      );
      assert.ok(!w.sink.got.includes('shape'), 'the v1-framed event is not delivered');
      await bad.close();
      await stillServing();
    });

    test(`router - unknown message types are dropped with MESSAGE_MALFORMED, not answered (v${protocol})`, async () => {
      const bad = await RawPeer.hello(w.url, protocol, fresh('Bad'));
      const mark = w.faults.length;
      const seen = bad.messages.length;
      const types: unknown[] = [
        '__foo__',
        '__EVENT__',
        5,
        null,
        undefined,
        ['__event__'],
        '__proto__',
        'constructor',
        'toString',
      ];
      bad.send(types.map((t) => ({ ...event(999), message_type: t })));
      const serial = await bad.roundTrip();

      const got = since(w, mark);
      assert.deepEqual(
        got.map((f) => f.code),
        types.map(() => 'MESSAGE_MALFORMED'),
      );
      for (const f of got) assert.match(f.message, /dropped: unknown message_type /);
      assert.match(got[0]!.message, /unknown message_type "__foo__" \(string\)$/);
      assert.match(got[2]!.message, /unknown message_type 5 \(number\)$/);
      assert.match(got[4]!.message, /unknown message_type undefined$/);
      // Not events: no nack (even with a readable serial), nothing delivered.
      assert.deepEqual(
        bad.messages.slice(seen).map((m) => [m.message_type, m.serial]),
        [['__event_ack__', serial]],
      );
      assert.ok(!w.sink.got.includes(999));
      await bad.close();
      await stillServing();
    });

    test(`router - an event with a missing or wrongly typed field and a readable serial gets an __event_nack__ with the reason (v${protocol})`, async () => {
      const bad = await RawPeer.hello(w.url, protocol, fresh('Bad'));
      const mark = w.faults.length;
      const seen = bad.messages.length;
      const fields = FIELD_SETS.__event__.filter((f) => f !== 'serial');
      const wrongs: [field: string, value: unknown][] = [
        ...fields.map((f): [string, unknown] => [f, undefined]), // missing
        ['event_name', 5],
        ['destination_gaplic', null],
        ['destination_role', []],
        ['destination_gobj', {}],
        ['origin_gaplic', true],
        ['origin_role', [5]],
        ['origin_gobj', null],
        ['kw', []],
        ['kw', 'x'],
        ['kw', null],
      ];
      const sent = wrongs.map(([field, value]) => {
        const serial = bad.nextSerial();
        const m: Message = { ...event(serial, { kw: { n: `bad:${serial}` } }), [field]: value };
        if (value === undefined) delete m[field];
        return { serial, field, m };
      });
      bad.send(sent.map((s) => s.m));
      const last = await bad.roundTrip();

      for (const { serial, field, m } of sent) {
        const answers = bad.answersTo(serial);
        assert.equal(answers.length, 1, `one answer to ${field}=${JSON.stringify(m[field])}`);
        assert.deepEqual(answers[0], {
          message_type: '__event_nack__',
          serial,
          event_name: typeof m.event_name === 'string' ? m.event_name : '',
          error_message: `malformed: __event__: field '${field}' is missing or has a wrong type`,
        });
      }
      const got = since(w, mark);
      assert.equal(got.length, sent.length);
      for (const [i, f] of got.entries()) {
        assert.equal(f.code, 'MESSAGE_MALFORMED');
        assert.match(f.message, new RegExp(`dropped: __event__: field '${sent[i]!.field}' is`));
      }
      assert.ok(!w.sink.got.some((n) => typeof n === 'string' && n.startsWith('bad:')));
      const answered = bad.messages.slice(seen);
      assert.equal(answered.filter(isNack).length, sent.length);
      assert.ok(answered.some((m) => m.message_type === '__event_ack__' && m.serial === last));
      await bad.close();
      await stillServing();
    });

    test(`router - an event whose serial cannot be read, or a bad ack or nack, is dropped with MESSAGE_MALFORMED, not answered (v${protocol})`, async () => {
      const bad = await RawPeer.hello(w.url, protocol, fresh('Bad'));
      const mark = w.faults.length;
      const seen = bad.messages.length;
      const serials: unknown[] = ['7', -1, 1.5, 2 ** 53, 1e308, null, undefined, [7]];
      const events = serials.map((serial) => {
        const m: Message = { ...event(0, { kw: { n: 'unreadable' } }), serial };
        if (serial === undefined) delete m.serial;
        return m;
      });
      const controls: [Message, string][] = [
        [
          { message_type: '__event_ack__', serial: 'x', event_name: 'E', reference: null },
          'serial',
        ],
        [
          { message_type: '__event_ack__', serial: 1, event_name: 5, reference: null },
          'event_name',
        ],
        [{ message_type: '__event_ack__', serial: 1, event_name: 'E', reference: 5 }, 'reference'],
        [{ message_type: '__event_nack__', serial: 1, event_name: 'E' }, 'error_message'],
        [
          { message_type: '__event_nack__', serial: -3, event_name: 'E', error_message: 'x' },
          'serial',
        ],
      ];
      bad.send([...events, ...controls.map(([m]) => m)]);
      const last = await bad.roundTrip();

      const got = since(w, mark);
      assert.deepEqual(
        got.map((f) => f.code),
        [...events, ...controls].map(() => 'MESSAGE_MALFORMED'),
      );
      for (const f of got.slice(0, events.length))
        assert.match(
          f.message,
          /dropped: __event__: field 'serial' is missing or has a wrong type$/,
        );
      for (const [i, [m, field]] of controls.entries()) {
        assert.match(
          got[events.length + i]!.message,
          new RegExp(`dropped: ${String(m.message_type)}: field '${field}' is missing`),
        );
      }
      assert.deepEqual(
        bad.messages.slice(seen).map((m) => [m.message_type, m.serial]),
        [['__event_ack__', last]],
      );
      assert.ok(!w.sink.got.includes('unreadable'));
      await bad.close();
      await stillServing();
    });

    test(`router - binary frames are refused with MESSAGE_MALFORMED, even holding a valid event (v${protocol})`, async () => {
      const bad = await RawPeer.hello(w.url, protocol, fresh('Bad'));
      const mark = w.faults.length;
      const seen = bad.messages.length;
      const serial = bad.nextSerial();
      const valid = event(serial, { kw: { n: 'binary' } });
      const text = protocol === 1 ? JSON.stringify(valid) : JSON.stringify([valid]);
      await bad.sendAndFlush(Buffer.from(text), true);
      await bad.sendAndFlush(Buffer.from([0, 1, 2, 255]), true);
      const last = await bad.roundTrip();

      assert.deepEqual(
        since(w, mark).map((f) => [f.code, f.message.replace(/^.*dropped: /, '')]),
        [
          ['MESSAGE_MALFORMED', 'binary frame (text expected)'],
          ['MESSAGE_MALFORMED', 'binary frame (text expected)'],
        ],
      );
      assert.ok(!w.sink.got.includes('binary'));
      assert.deepEqual(
        bad.messages.slice(seen).map((m) => [m.message_type, m.serial]),
        [['__event_ack__', last]],
      );
      await bad.close();
      await stillServing();
    });

    test(`router - a text frame that is not UTF-8 closes the connection with 1007; the router keeps serving (v${protocol})`, async () => {
      const bad = await RawPeer.hello(w.url, protocol, fresh('Bad'));
      const mark = w.faults.length;
      await bad.sendAndFlush(Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]), false);
      const closed = await bad.closed;
      assert.equal(closed.code, 1007);
      // The route was up: it goes down with the reason (linger 0: no wait for a return).
      await fault(
        w,
        mark,
        'ROUTE_DOWN',
        /is down \(Invalid WebSocket frame: invalid UTF-8 sequence/,
      );
      await stillServing();
    });

    test(`router - a frame over router.maxFrame closes the connection with 1009; a frame at the limit passes (v${protocol})`, async () => {
      const bad = await RawPeer.hello(w.url, protocol, fresh('Bad'));
      const ack = bad.messages.find((m) => m.message_type === '__identity_card_ack__')!;
      if (protocol === 2) assert.equal(ack.max_frame, 65_536);
      else assert.deepEqual(Object.keys(ack), ['message_type', 'my_gaplic_name', 'my_roles']);

      // Exactly 65,536 bytes: accepted and delivered.
      const frameOf = (n: string, bytes: number): string => {
        const probe = event(bad.nextSerial(), { kw: { n, pad: '' } });
        const bare = protocol === 1 ? JSON.stringify(probe) : JSON.stringify([probe]);
        (probe.kw as { pad: string }).pad = 'p'.repeat(bytes - bare.length);
        return protocol === 1 ? JSON.stringify(probe) : JSON.stringify([probe]);
      };
      const atLimit = frameOf('at-limit', 65_536);
      assert.equal(Buffer.byteLength(atLimit), 65_536);
      bad.sendText(atLimit);
      await until(() => w.sink.got.includes('at-limit'), 5000, 'the event at the limit');

      // One byte more: ws closes the connection with 1009; the route goes down.
      const mark = w.faults.length;
      const over = frameOf('over-limit', 65_537);
      assert.equal(Buffer.byteLength(over), 65_537);
      bad.sendText(over);
      const closed = await bad.closed;
      assert.equal(closed.code, 1009);
      await fault(w, mark, 'ROUTE_DOWN', /is down \(Max payload size exceeded/);
      assert.ok(!w.sink.got.includes('over-limit'));
      await stillServing();
    });
  }

  test('router - a frame over router.maxFrame before the identity card closes with 1009 and leaves no route', async () => {
    const bad = await RawPeer.open(w.url, 2);
    await until(() => w.router.routes.length === baseline + 1, 5000, 'the pending route');
    bad.sendText(`["${'x'.repeat(70_000)}"]`);
    assert.equal((await bad.closed).code, 1009);
    await stillServing();
  });

  for (const protocol of PROTOCOLS) {
    test(`router - events for unknown gaplics, roles or gobjs, or refused by the gobj, get an __event_nack__ with the reason (v${protocol})`, async () => {
      const name = fresh('Bad');
      const bad = await RawPeer.hello(w.url, protocol, name);
      const mark = w.faults.length;
      const cases: [fields: Record<string, unknown>, reason: RegExp][] = [
        [{ destination_gaplic: 'Nowhere' }, /^Destination gaplic 'Nowhere' or role '' NOT FOUND$/],
        [
          { destination_gaplic: '', destination_role: 'wasp' },
          /^Destination gaplic '' or role 'wasp' NOT FOUND$/,
        ],
        // Back where it came from: never.
        [
          { destination_gaplic: name },
          new RegExp(`^Destination gaplic '${name}' or role '' NOT FOUND$`),
        ],
        [
          { destination_gaplic: '', destination_role: 'x' },
          /^Destination gaplic '' or role 'x' NOT FOUND$/,
        ],
        [{ destination_gobj: 'ghost' }, /^GObj 'ghost' UNKNOWN$/],
        [
          { destination_gaplic: '', destination_role: 'bee', destination_gobj: '' },
          /^GObj '' UNKNOWN$/,
        ],
        [
          { event_name: 'EV_UNDECLARED' },
          /^'EV_UNDECLARED' not accepted by Sink:sink in state 'ST_IDLE'$/,
        ],
        [{ event_name: 'EV_BOOM' }, /^'EV_BOOM' to Sink:sink threw: boom$/],
        [
          { event_name: 'EV_NOPE', kw: { __subscribe_event__: true } },
          /^Cannot subscribe event: Sink:sink: 'EV_NOPE' is not an output event/,
        ],
        [
          { event_name: 'EV_OUT', kw: { __unsubscribe_event__: true } },
          /^no subscription of 'EV_OUT' of Sink:sink for 'x'$/,
        ],
      ];
      const sent = cases.map(([fields, reason]) => {
        const serial = bad.nextSerial();
        return { serial, reason, m: event(serial, { kw: { n: `unknown:${serial}` }, ...fields }) };
      });
      bad.send(sent.map((s) => s.m));
      await bad.roundTrip();

      for (const { serial, reason, m } of sent) {
        // v1: one answer per event; v2: its nack, then maybe the batch's cumulative ack.
        const answers = bad.answersTo(serial);
        assert.equal(answers.filter(isNack).length, 1, `one nack to ${JSON.stringify(m)}`);
        if (protocol === 1) assert.equal(answers.length, 1);
        assert.equal(answers[0]!.message_type, '__event_nack__');
        assert.equal(answers[0]!.event_name, m.event_name);
        assert.match(String(answers[0]!.error_message), reason);
      }
      assert.ok(!w.sink.got.some((n) => typeof n === 'string' && n.startsWith('unknown:')));
      // The gobj's own faults; routing refusals are answers, not faults.
      assert.deepEqual(
        since(w, mark)
          .map((f) => f.code)
          .sort(),
        ['ACTION_FAILED', 'EVENT_UNKNOWN'],
      );
      await bad.close();
      await stillServing();
    });
  }

  for (const protocol of PROTOCOLS) {
    test(`router - identity cards with wrong types are dropped with MESSAGE_MALFORMED; only a valid card is acked (v${protocol})`, async () => {
      const v2Only: [string, unknown][] = [
        ['protocol', 'two'],
        ['protocol', 0],
        ['protocol', -2],
        ['protocol', 1.5],
        ['session', 5],
        ['max_frame', 0],
        ['max_frame', -1],
        ['max_frame', '65536'],
        ['token', 5],
      ];
      const wrongs: [string, unknown][] = [
        ['my_gaplic_name', 5],
        ['my_gaplic_name', null],
        ['my_gaplic_name', undefined],
        ['my_roles', [1]],
        ['my_roles', null],
        ['my_roles', {}],
        ['my_roles', undefined],
        ...(protocol === 2 ? v2Only : []),
      ];
      for (const [field, value] of wrongs) {
        const mark = w.faults.length;
        const name = fresh('Card');
        const peer = await RawPeer.open(w.url, protocol);
        const bad = card(name, protocol, { [field]: value });
        if (value === undefined) delete bad[field];
        peer.send([bad]);
        await fault(
          w,
          mark,
          'MESSAGE_MALFORMED',
          new RegExp(`__identity_card__: field '${field}'`),
        );
        assert.equal(peer.messages.length, 0, `no ack for ${field}=${JSON.stringify(value)}`);
        // The connection still waits for a card: a valid one is acked.
        peer.send([card(name, protocol)]);
        await peer.waitFor((m) => m.message_type === '__identity_card_ack__', 'ack');
        assert.equal(peer.messages.length, 1);
        assert.ok(w.router.routes.some((r) => r.name === name && r.state === 'up'));
        await peer.close();
      }
      await stillServing();
    });

    test(`router - a card with wrong types on an up route is dropped; the route keeps its roles (v${protocol})`, async () => {
      const name = fresh('Bad');
      const bad = await RawPeer.hello(w.url, protocol, name);
      const mark = w.faults.length;
      bad.send([card(name, protocol, { my_roles: 5 })]);
      bad.send([card(name, protocol, { my_gaplic_name: ['x'] })]);
      await bad.roundTrip();
      assert.deepEqual(
        since(w, mark).map((f) => f.code),
        ['MESSAGE_MALFORMED', 'MESSAGE_MALFORMED'],
      );
      const route = w.router.routes.find((r) => r.name === name)!;
      assert.deepEqual(route.roles, ['x']);
      assert.equal(
        bad.messages.filter((m) => m.message_type === '__identity_card_ack__').length,
        1,
      );
      await bad.close();
      await stillServing();
    });
  }

  test("router - ginsfsm's my_roles as one string is accepted as a list of one role", async () => {
    const name = fresh('Roles');
    const peer = await RawPeer.hello(w.url, 1, name, { my_roles: 'solo' });
    assert.deepEqual(w.router.routes.find((r) => r.name === name)!.roles, ['solo']);
    await peer.close();
    await stillServing();
  });

  const firsts: [protocol: 1 | 2, first: Message, got: string][] = [
    [2, event(1, { kw: { n: 'first' } }), '__event__'],
    [1, event(1, { kw: { n: 'first' } }), '__event__'],
    [
      2,
      { message_type: '__event_ack__', serial: 1, event_name: 'E', reference: null },
      '__event_ack__',
    ],
    [
      1,
      { message_type: '__event_nack__', serial: 1, event_name: 'E', error_message: 'x' },
      '__event_nack__',
    ],
    [
      2,
      { message_type: '__identity_card_ack__', my_gaplic_name: 'I', my_roles: [] },
      '__identity_card_ack__',
    ],
  ];
  for (const [protocol, first, got] of firsts) {
    test(`router - a first message ${got} (not an identity card) closes the connection with 1002 and PEER_REFUSED (v${protocol})`, async () => {
      const mark = w.faults.length;
      const peer = await RawPeer.open(w.url, protocol);
      // A card right behind it comes too late.
      peer.send([first, card(fresh('Late'), protocol)]);
      const closed = await peer.closed;
      assert.deepEqual(closed, { code: 1002, reason: `identity card expected, got ${got}` });
      await fault(
        w,
        mark,
        'PEER_REFUSED',
        new RegExp(
          `connection from 127\\.0\\.0\\.1:\\d+ refused: identity card expected, got ${got}$`,
        ),
      );
      assert.equal(peer.messages.length, 0);
      assert.ok(!w.sink.got.includes('first'));
      await stillServing();
    });
  }

  test('router - junk before the identity card is dropped; the card that follows is acked', async () => {
    const mark = w.faults.length;
    const peer = await RawPeer.open(w.url, 2);
    peer.sendText('not json');
    peer.sendText('{}');
    await peer.sendAndFlush(Buffer.from('[]'), true);
    const name = fresh('Late');
    peer.send([card(name, 2)]);
    await peer.waitFor((m) => m.message_type === '__identity_card_ack__', 'ack');
    assert.deepEqual(
      since(w, mark).map((f) => f.code),
      ['MESSAGE_MALFORMED', 'MESSAGE_MALFORMED', 'MESSAGE_MALFORMED'],
    );
    await peer.roundTrip();
    await peer.close();
    await stillServing();
  });
});

describe('router bad input - handshake timeout', () => {
  let w: RouterWorld;
  let good: RawPeer;

  before(async () => {
    w = await routerWorld({ 'router.identityTimeout': 0.3 });
    good = await RawPeer.hello(w.url, 2, 'Good', GOOD_ROLES);
  });

  afterEach(async () => {
    await RawPeer.terminateAll(good);
  });

  after(async () => {
    await good.close();
    await w.close();
    resetGlobals();
  });

  for (const [what, junk] of [
    ['nothing', []],
    ['only junk', ['not json', '{"message_type":"__identity_card__"}', '[]']],
  ] as const) {
    test(`router - a connection that sends ${what} instead of a card is closed with 1008 and HANDSHAKE_TIMEOUT`, async () => {
      const mark = w.faults.length;
      const start = Date.now();
      const peer = await RawPeer.open(w.url, 2);
      for (const text of junk) peer.sendText(text);
      const closed = await peer.closed;
      const elapsed = Date.now() - start;
      assert.deepEqual(closed, { code: 1008, reason: 'no identity card within 0.3 s' });
      assert.ok(elapsed >= 250 && elapsed < 3000, `closed after ${elapsed} ms`);
      await fault(
        w,
        mark,
        'HANDSHAKE_TIMEOUT',
        /no identity card from 127\.0\.0\.1:\d+ within 0\.3 s; connection closed$/,
      );
      await routesBackTo(w, 1);
      await assertServes(w, good);
    });
  }
});

describe('router bad input - authentication token', () => {
  let w: RouterWorld;
  let good: RawPeer;

  before(async () => {
    w = await routerWorld({ 'router.authToken': 's3cret', 'router.linger': 0 });
    good = await RawPeer.hello(w.url, 2, 'Good', { ...GOOD_ROLES, token: 's3cret' });
  });

  afterEach(async () => {
    await RawPeer.terminateAll(good);
  });

  after(async () => {
    await good.close();
    await w.close();
    resetGlobals();
  });

  const refusals: [what: string, protocol: 1 | 2, token: unknown, reason: string][] = [
    [
      'a v1 connection',
      1,
      undefined,
      'authentication required: connect with protocol ginsfsm-v2 and a token',
    ],
    [
      'a v1 connection with a token',
      1,
      's3cret',
      'authentication required: connect with protocol ginsfsm-v2 and a token',
    ],
    ['no token', 2, undefined, 'authentication required: no token'],
    ['an empty token', 2, '', 'authentication required: no token'],
    ['a wrong token', 2, 'nope', 'authentication failed: wrong token'],
    ['a prefix of the token', 2, 's3cre', 'authentication failed: wrong token'],
    ['the token and more', 2, 's3cretX', 'authentication failed: wrong token'],
  ];
  for (const [what, protocol, token, reason] of refusals) {
    test(`router - ${what}: closed with 1008 '${reason}', PEER_REFUSED, nothing delivered`, async () => {
      const mark = w.faults.length;
      const peer = await RawPeer.open(w.url, protocol);
      const fields = token === undefined ? {} : { token };
      // The card and an event right behind it (one frame in v2).
      peer.send([card(fresh('Intruder'), protocol, fields), event(1, { kw: { n: 'intruder' } })]);
      const closed = await peer.closed;
      assert.deepEqual(closed, { code: 1008, reason });
      await fault(w, mark, 'PEER_REFUSED', new RegExp(`refused: ${reason}$`));
      assert.deepEqual(peer.messages, [], 'no identity ack, no answer');
      assert.ok(!w.sink.got.includes('intruder'), 'nothing delivered to the gobj');
      await routesBackTo(w, 1);
      await assertServes(w, good);
    });
  }

  test('router - a token of the wrong type is a malformed card; the event behind it closes with 1002', async () => {
    const mark = w.faults.length;
    const peer = await RawPeer.open(w.url, 2);
    peer.send([card(fresh('Intruder'), 2, { token: 5 }), event(1, { kw: { n: 'intruder' } })]);
    const closed = await peer.closed;
    assert.deepEqual(closed, { code: 1002, reason: 'identity card expected, got __event__' });
    assert.deepEqual(
      since(w, mark).map((f) => f.code),
      ['MESSAGE_MALFORMED', 'PEER_REFUSED'],
    );
    assert.match(since(w, mark)[0]!.message, /__identity_card__: field 'token'/);
    assert.ok(!w.sink.got.includes('intruder'));
    await routesBackTo(w, 1);
    await assertServes(w, good);
  });
});

describe('router bad input - a peer that floods without reading', () => {
  let w: RouterWorld;
  let good: RawPeer;
  /** A full collection (V8's gc, exposed at run time: no node flag needed). */
  let gc: () => void;

  before(async () => {
    v8.setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
    w = await routerWorld({ 'router.linger': 0 });
    good = await RawPeer.hello(w.url, 2, 'Good', GOOD_ROLES);
  });

  afterEach(async () => {
    await RawPeer.terminateAll(good);
  });

  after(async () => {
    await good.close();
    await w.close();
    resetGlobals();
  });

  /** Heap and off-heap bytes (Buffers) of this process after a full collection. */
  function memory(): number {
    gc();
    const { heapUsed, external } = process.memoryUsage();
    return heapUsed + external;
  }

  const MB = 1024 * 1024;
  /** What the flood tries to send. */
  const TARGET = 96 * MB;

  /**
   * Sends frames from `next()` while our own send buffer is short (so that what the
   * router does not read piles up in the kernel, not in this process), until TARGET
   * bytes are sent or the router has read nothing for `stallMs`. Returns the bytes sent
   * and whether it stalled.
   */
  async function flood(peer: RawPeer, next: () => string, stallMs: number) {
    let sent = 0;
    let waited = 0;
    let frames = 0;
    while (sent < TARGET) {
      if (peer.ws.bufferedAmount > MB) {
        if (waited >= stallMs) return { sent, stalled: true };
        await sleep(5);
        waited += 5;
        continue;
      }
      waited = 0;
      const text = next();
      peer.sendText(text);
      sent += text.length;
      if (++frames % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return { sent, stalled: false };
  }

  const floods: [protocol: 1 | 2, what: string, frame: (peer: RawPeer) => string][] = [
    // v1: every event gets its own ack frame.
    [
      1,
      'events, each acked',
      (peer) => JSON.stringify(event(peer.nextSerial(), { event_name: 'EV_FLOOD', kw: {} })),
    ],
    // v2: 200 events per frame for an unknown gobj, each nacked with its reason.
    [
      2,
      'events for an unknown gobj, each nacked',
      (peer) =>
        JSON.stringify(
          Array.from({ length: 200 }, () =>
            event(peer.nextSerial(), { destination_gobj: 'ghost', kw: {} }),
          ),
        ),
    ],
  ];
  for (const [protocol, what, frame] of floods) {
    test(`router - a v${protocol} peer that floods ${what} and never reads: the router stops reading it, memory stays bounded, others are served`, async (t) => {
      const name = fresh('Flood');
      const flooder = await RawPeer.hello(w.url, protocol, name);
      flooder.pauseReading();
      const base = memory();
      const { sent, stalled } = await flood(flooder, () => frame(flooder), 1000);

      // The router's answers filled the socket: it stopped reading the flooder.
      assert.ok(stalled, `the router read all ${sent} bytes of answers-bearing frames`);
      assert.ok(sent < TARGET);
      const route = w.router.routes.find((r) => r.name === name)!;
      const buffered = (route.link as WebSocketLink).socket.bufferedAmount;
      // Over the high-water mark (8 MiB) it stopped reading; not much more is held.
      assert.ok(
        buffered > 8 * MB && buffered <= 9 * MB,
        `the router holds ${buffered} unsent bytes`,
      );
      const grown = memory() - base;
      assert.ok(grown < 64 * MB, `memory grew by ${(grown / MB).toFixed(1)} MiB`);
      // Another peer is served while the flooder is stuck, and memory does not creep.
      await assertServes(w, good);
      await sleep(300);
      const later = memory() - base;
      t.diagnostic(
        `sent ${(sent / MB).toFixed(1)} MiB before the router stopped reading; it holds ${(buffered / MB).toFixed(1)} MiB unsent; memory +${(grown / MB).toFixed(1)} MiB, +${(later / MB).toFixed(1)} MiB 300 ms later`,
      );
      assert.ok(later < grown + 8 * MB, `memory went on growing: ${(later / MB).toFixed(1)} MiB`);
      assert.equal(w.gaplic.queueLength, 0);
      assert.equal(route.queued, 0);
      if (protocol === 1) assert.ok(w.sink.flooded > 0);

      await flooder.terminate();
      await routesBackTo(w, 1);
      await assertServes(w, good);
    });
  }

  test('router - a v2 peer that floods ~100 MB of events it need not be answered for: all read and delivered, memory stays bounded', async (t) => {
    const flooder = await RawPeer.hello(w.url, 2, fresh('Bulk'));
    flooder.pauseReading(); // the few acks it gets wait in the kernel
    const before = w.sink.flooded;
    let events = 0;
    const pad = 'p'.repeat(2000);
    const base = memory();
    const { sent, stalled } = await flood(
      flooder,
      () => {
        const batch = Array.from({ length: 200 }, () =>
          event(flooder.nextSerial(), { event_name: 'EV_FLOOD', kw: { pad } }),
        );
        events += batch.length;
        return JSON.stringify(batch);
      },
      // A router that stopped reading stalls for good; 15 s without progress tells it from
      // a loaded 2-core machine's pauses (5 s failed once while other suites ran).
      15_000,
    );
    assert.ok(!stalled && sent >= TARGET, `the router stopped reading after ${sent} bytes`);
    await until(() => w.sink.flooded - before === events, 30_000, `${events} events delivered`);
    const grown = memory() - base;
    t.diagnostic(
      `${(sent / MB).toFixed(1)} MiB, ${events} events; memory +${(grown / MB).toFixed(1)} MiB`,
    );
    assert.ok(grown < 32 * MB, `memory grew by ${(grown / MB).toFixed(1)} MiB`);
    await assertServes(w, good);
    await flooder.terminate();
    await routesBackTo(w, 1);
  });
});
