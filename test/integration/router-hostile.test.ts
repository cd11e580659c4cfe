// Peers that attack the router rather than misspeak: a kw nested too deep to write again,
// a card with a huge list of roles, events for the router gobj itself, handshake messages
// from the wrong side, events numbered 0, and a stream forwarded to a peer that does not
// read. The router refuses each with a nack or a log line, keeps its memory bounded and
// keeps serving. Real time: sockets.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resetGlobals } from '../../src/testing/index.js';
import {
  RawPeer,
  assertServes,
  card,
  event,
  routerWorld,
  type Message,
  type RouterWorld,
} from '../fixtures/raw-ws-peer.js';
import { until } from '../fixtures/client.js';

/** `{ d: [[[ ... ]]] }`, `depth` arrays deep: parsed fine, too deep to stringify on a small stack. */
function deepKw(depth: number): string {
  return `{"d":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

const nackOf = (peer: RawPeer, serial: number): Message | undefined =>
  peer.answersTo(serial).find((m) => m.message_type === '__event_nack__');

describe('router - hostile peers', () => {
  let w: RouterWorld;
  let good: RawPeer;
  let c: RawPeer;

  before(async () => {
    w = await routerWorld({ 'router.linger': 0, 'router.maxQueue': 500 });
    good = await RawPeer.hello(w.url, 2, 'Good', { my_roles: ['good'] });
    c = await RawPeer.hello(w.url, 2, 'C', { my_roles: ['sea'] });
  });

  after(async () => {
    await RawPeer.terminateAll();
    await w.close();
    resetGlobals();
  });

  test('a forwarded event whose kw is nested too deep to write is nacked; the router lives', async () => {
    const a = await RawPeer.hello(w.url, 2, 'A');
    const serial = a.nextSerial();
    const head = JSON.stringify(
      event(serial, { destination_gaplic: 'C', origin_gaplic: 'A', kw: {} }),
    ).slice(0, -3);
    a.sendText(`[${head}${deepKw(100_000)}}]`);
    w.router.writeParameter('traceRouter', true); // the trace must not choke on it either
    const nack = await a.waitFor(
      (m) =>
        m.message_type === '__event__' &&
        m.event_name === 'EV_NACK' &&
        String((m.kw as Record<string, unknown>).error_message).startsWith(
          'cannot be sent: not writable as JSON (RangeError',
        ),
      'the EV_NACK back to A',
    );
    assert.equal((nack.kw as Record<string, unknown>).destination_gaplic, 'C');
    w.router.writeParameter('traceRouter', false);
    await assertServes(w, good);
    await a.terminate();
  });

  test('a card announcing more than 1024 roles is malformed, refused at once', async () => {
    const started = Date.now();
    const peer = await RawPeer.open(w.url, 2);
    const roles = Array.from({ length: 20_000 }, (_v, i) => `role${i}`);
    const mark = w.faults.length;
    peer.send([card('Many', 2, { my_roles: roles })]);
    await until(() => w.faults.length > mark, 3000, 'the fault');
    assert.equal(w.faults[mark]!.code, 'MESSAGE_MALFORMED');
    assert.match(w.faults[mark]!.message, /field 'my_roles' is missing or has a wrong type/);
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    // 1024 roles are fine, and handled at once.
    peer.send([card('Many', 2, { my_roles: roles.slice(0, 1024) })]);
    await peer.waitFor((m) => m.message_type === '__identity_card_ack__', 'the ack');
    await assertServes(w, good);
    await peer.terminate();
  });

  test('the router gobj takes only EV_SHOW_ROUTES from other gaplics', async () => {
    const peer = await RawPeer.hello(w.url, 2, 'Intruder');
    const routes = w.router.routes.length;
    const cases = [
      { event_name: 'EV_ADD_STATIC_ROUTE', kw: { name: 'X', urls: ['ws://127.0.0.1:1'] } },
      { event_name: 'EV_INPUT_BATCH', kw: { route: { name: 'fake' }, batch: [] } },
    ];
    for (const fields of cases) {
      const serial = peer.nextSerial();
      peer.send([event(serial, { destination_gobj: 'router', ...fields })]);
      await until(() => nackOf(peer, serial) !== undefined, 3000, `${fields.event_name} nacked`);
      assert.equal(
        nackOf(peer, serial)!.error_message,
        'the router takes only EV_SHOW_ROUTES, EV_SHOW_GOBJS, EV_SHOW_GOBJ from other gaplics',
      );
    }
    assert.equal(w.router.routes.length, routes, 'no route was added');
    const serial = peer.nextSerial();
    peer.send([
      event(serial, {
        destination_gobj: 'router',
        event_name: 'EV_SHOW_ROUTES',
        kw: { __subscribe_response__: true },
      }),
    ]);
    await peer.waitFor(
      (m) => m.event_name === 'EV_SHOW_ROUTES' && m.message_type === '__event__',
      'the report',
    );
    await peer.terminate();
  });

  test('an identity ack from a peer that connected to us is dropped; its route keeps its name', async () => {
    const peer = await RawPeer.hello(w.url, 2, 'Honest');
    const mark = w.faults.length;
    peer.send([{ message_type: '__identity_card_ack__', my_gaplic_name: 'B', my_roles: ['bee'] }]);
    await until(() => w.faults.length > mark, 3000, 'the fault');
    assert.equal(w.faults[mark]!.code, 'MESSAGE_MALFORMED');
    assert.match(w.faults[mark]!.message, /an identity card ack from a peer that connected to us/);
    assert.ok(w.router.routes.some((r) => r.name === 'Honest'));
    await peer.terminate();
  });

  test('an event numbered 0 is malformed and nacked, not acked and lost', async () => {
    const peer = await RawPeer.hello(w.url, 1, 'Zero');
    peer.send([event(0)]);
    const nack = await peer.waitFor((m) => m.message_type === '__event_nack__', 'the nack');
    assert.equal(nack.serial, 0);
    assert.match(String(nack.error_message), /^malformed: __event__: field 'serial'/);
    assert.equal(w.sink.got.includes(0), false);
    await peer.terminate();
  });

  test('a stream forwarded to a peer that does not read waits in the bounded queue, not in its socket', async () => {
    const a = await RawPeer.hello(w.url, 2, 'Flooder');
    c.pauseReading();
    const text = 'x'.repeat(60_000);
    const total = 2000; // 120 MB offered for C
    for (let sent = 0; sent < total; sent += 10) {
      a.send(
        Array.from({ length: 10 }, () =>
          event(a.nextSerial(), {
            destination_gaplic: 'C',
            origin_gaplic: 'Flooder',
            kw: { text },
          }),
        ),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    const route = (): ReturnType<RouterWorld['router']['report']>['routes'][number] =>
      w.router.report().routes.find((r) => r.name === 'C')!;
    // Beyond maxQueue (500) waiting for C, A's events come back as EV_NACK.
    await until(
      () => route().counters.failed + route().queued + route().inflight === total,
      10_000,
      'every event in flight, queued, or nacked for want of room',
    );
    await until(
      () => a.messages.filter((m) => m.event_name === 'EV_NACK').length === route().counters.failed,
      10_000,
      'the nacks back at A',
    );
    // What B holds for C: ~8 MiB in its socket (then it stops), 500 in the queue; the rest
    // went back to A. Without the congestion check the whole window (8192 events, ~500 MB)
    // would sit in the socket's buffer.
    assert.equal(route().queued, 500);
    assert.ok(route().inflight < 400, `in flight ${route().inflight}: the socket is not filled`);
    assert.equal(route().counters.failed, total - 500 - route().inflight);
    await assertServes(w, good);
    await a.terminate();
  });
});
