// The router over WebSocket, feature by feature, with real sockets on loopback: the
// router's events, static routes added at run time and rotating over their URLs, wss://
// with TLS, the authentication token, a chain of three gaplics (roles `*` and `^`, store
// and forward, answers by name back through the chain), queue policies, frame limits,
// the routes report answered remotely, and the trace. Real time: sockets.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import {
  GAplic,
  GObj,
  routerOf,
  type Fault,
  type GEvent,
  type GRouter,
  type Kw,
  type RouteReport,
} from '../../src/node.js';
import { CaptureLogger } from '../../src/testing/index.js';
import { until } from '../fixtures/client.js';

const TLS = (file: string): string =>
  fileURLToPath(new URL(`../../../test/fixtures/tls/${file}`, import.meta.url));

function acRecord(gobj: Recorder, event: GEvent): unknown {
  gobj.received.push({ name: event.eventName, kw: event.kw });
  return event.kw.echo;
}

const recorderFsm = {
  eventList: [
    'EV_HELLO: top input',
    'EV_SHOW_ROUTES: top input',
    'EV_NACK: top input',
    'EV_NEW_DYNAMIC_ROUTE: top input',
    'EV_STATIC_ROUTE_OPENED: top input',
    'EV_STATIC_ROUTE_CLOSED: top input',
    'EV_DYNAMIC_ROUTE_CLOSED: top input',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_HELLO', acRecord, null],
      ['EV_SHOW_ROUTES', acRecord, null],
      ['EV_NACK', acRecord, null],
      ['EV_NEW_DYNAMIC_ROUTE', acRecord, null],
      ['EV_STATIC_ROUTE_OPENED', acRecord, null],
      ['EV_STATIC_ROUTE_CLOSED', acRecord, null],
      ['EV_DYNAMIC_ROUTE_CLOSED', acRecord, null],
    ],
  },
} as const;

/** Records what it receives; answers EV_HELLO with `kw.echo`. */
class Recorder extends GObj<typeof recorderFsm> {
  static override fsm = recorderFsm;
  readonly received: { name: string; kw: Kw }[] = [];
  named(name: string): Kw[] {
    return this.received.filter((r) => r.name === name).map((r) => r.kw);
  }
}

interface Node {
  readonly gaplic: GAplic;
  readonly gobj: Recorder;
  readonly router: GRouter;
  readonly faults: Fault[];
  url(): Promise<string>;
}

const nodes: Node[] = [];

/** A running gaplic with a `gobj` (Recorder) and its router, configured by `settings`. */
function node(name: string, roles: string[], settings: Record<string, unknown> = {}): Node {
  const faults: Fault[] = [];
  const gaplic = new GAplic({
    name,
    roles,
    onFault: (f) => faults.push(f),
    logger: new CaptureLogger(),
    settings: { 'router.reconnectMin': 0.02, 'router.reconnectMax': 0.1, ...settings },
  });
  const gobj = gaplic.createGObj('gobj', Recorder, gaplic, { uniqueName: true });
  const router = routerOf(gaplic);
  void gaplic.start();
  const made: Node = {
    gaplic,
    gobj,
    router,
    faults,
    url: async () => (await router.listening)!.url,
  };
  nodes.push(made);
  return made;
}

const server = (name: string, roles: string[], settings: Record<string, unknown> = {}): Node =>
  node(name, roles, { 'router.server': true, 'router.port': 0, ...settings });

const upRoutes = (n: Node): number => n.router.routes.filter((r) => r.state === 'up').length;

after(() => {
  for (const n of nodes) {
    if (!n.router.destroyed) n.gaplic.destroyGObj(n.router);
    n.gaplic.stop();
  }
});

describe('router over WebSocket', () => {
  test('router events - EV_NEW_DYNAMIC_ROUTE, EV_STATIC_ROUTE_OPENED, then the closes of each side', async () => {
    const b = server('B1', ['bee']);
    b.router.subscribeEvent(null, b.gobj);
    const a = node('A1', ['ay']);
    a.router.subscribeEvent(null, a.gobj);
    a.router.addStaticRoute({ name: 'B1', roles: ['bee'], urls: [await b.url()] });
    await until(() => a.gobj.named('EV_STATIC_ROUTE_OPENED').length === 1, 3000, 'opened');
    await until(() => b.gobj.named('EV_NEW_DYNAMIC_ROUTE').length === 1, 3000, 'new dynamic');
    assert.deepEqual(b.gobj.named('EV_NEW_DYNAMIC_ROUTE')[0], { gaplic_name: 'A1', roles: ['ay'] });
    const opened = a.gobj.named('EV_STATIC_ROUTE_OPENED')[0]!;
    assert.equal(opened.route, 'B1');
    assert.deepEqual(opened.roles, ['bee']);
    assert.equal(opened.url, `${await b.url()}/`);
    b.gaplic.destroyGObj(b.router); // B's router stops: both ends see the close
    await until(() => a.gobj.named('EV_STATIC_ROUTE_CLOSED').length === 1, 3000, 'static closed');
    assert.equal(a.gobj.named('EV_STATIC_ROUTE_CLOSED')[0]!.route, 'B1');
  });

  test('EV_ADD_STATIC_ROUTE - a bad route is refused with ROUTER_BAD_STATIC_ROUTE; a good one rotates over its URLs', async () => {
    const b = server('B2', ['bee']);
    const a = node('A2', ['ay']);
    assert.throws(
      () => a.router.sendEvent(a.router, 'EV_ADD_STATIC_ROUTE', { name: 'X', urls: ['ftp://h'] }),
      { code: 'ROUTER_BAD_STATIC_ROUTE', message: /url got "ftp:\/\/h" \(string\), expected a ws/ },
    );
    assert.throws(() => a.router.addStaticRoute({ name: 'X', urls: [] }), {
      code: 'ROUTER_BAD_STATIC_ROUTE',
    });
    // The first URL refuses connections: the route goes on to the second at once.
    const id = a.router.sendEvent(a.router, 'EV_ADD_STATIC_ROUTE', {
      name: 'B2',
      roles: ['bee'],
      urls: ['ws://127.0.0.1:1', await b.url()],
    });
    assert.equal(typeof id, 'number');
    await until(() => upRoutes(a) === 1, 3000, 'up on the second URL');
    const failed = a.faults.find((f) => f.code === 'ROUTE_CONNECT_FAILED')!;
    assert.match(
      failed.message,
      /cannot connect to 'B2' at ws:\/\/127\.0\.0\.1:1\/: .*next attempt in 0\.00 s/,
    );
    a.gaplic.sendEventOutside('', 'bee', 'gobj', 'EV_HELLO', a.gobj, { n: 1 });
    await until(() => b.gobj.named('EV_HELLO').length === 1, 3000, 'delivered');
  });

  test('wss:// - a TLS server and a static route trusting its certificate; without it the route cannot connect', async () => {
    const b = server('B3', ['bee'], {
      'router.tlsCert': TLS('cert.pem'),
      'router.tlsKey': TLS('key.pem'),
    });
    const url = await b.url();
    assert.match(url, /^wss:\/\/127\.0\.0\.1:\d+$/);
    const a = node('A3', ['ay'], {
      'router.staticRoutes': `B3, bee, ${url}`,
      'router.tlsCa': TLS('cert.pem'),
    });
    await until(() => upRoutes(a) === 1, 3000, 'wss route up');
    a.gaplic.sendEventOutside('B3', '', 'gobj', 'EV_HELLO', a.gobj, {
      echo: 'over tls',
      __subscribe_response__: true,
    });
    await until(() => a.gobj.named('EV_HELLO').length === 1, 3000, 'the answer');
    assert.equal(a.gobj.named('EV_HELLO')[0]!.__action_return__, 'over tls');

    const untrusting = node('A3b', ['ay'], { 'router.staticRoutes': `B3, bee, ${url}` });
    await until(
      () => untrusting.faults.some((f) => f.code === 'ROUTE_CONNECT_FAILED'),
      3000,
      'refused certificate',
    );
    assert.match(
      untrusting.faults.find((f) => f.code === 'ROUTE_CONNECT_FAILED')!.message,
      /self[- ]signed certificate/,
    );
    assert.equal(upRoutes(untrusting), 0);
  });

  test('token - the right token is admitted; a wrong or missing one is refused before anything is delivered', async () => {
    const b = server('B4', ['bee'], { 'router.authToken': 's3cret' });
    const url = await b.url();
    const good = node('A4', ['ay'], {
      'router.staticRoutes': `B4, bee, ${url}`,
      'router.authToken': 's3cret',
    });
    await until(() => upRoutes(good) === 1, 3000, 'admitted');

    const wrong = node('A4w', ['ay'], {
      'router.staticRoutes': `B4, bee, ${url}`,
      'router.authToken': 'guess',
    });
    const none = node('A4n', ['ay'], { 'router.staticRoutes': `B4, bee, ${url}` });
    const v1 = node('A4v', ['ay'], {
      'router.staticRoutes': `B4, bee, ${url}`,
      'router.protocol': 1,
    });
    for (const peer of [wrong, none, v1]) {
      peer.gaplic.sendEventOutside('B4', '', 'gobj', 'EV_HELLO', peer.gobj, { intruder: true });
    }
    await until(
      () => b.faults.filter((f) => f.code === 'PEER_REFUSED').length >= 3,
      3000,
      'refusals',
    );
    const reasons = b.faults.filter((f) => f.code === 'PEER_REFUSED').map((f) => f.message);
    assert.ok(reasons.some((m) => m.endsWith('refused: authentication failed: wrong token')));
    assert.ok(reasons.some((m) => m.endsWith('refused: authentication required: no token')));
    assert.ok(reasons.some((m) => /protocol ginsfsm-v2 and a token$/.test(m)));
    await until(
      () => wrong.faults.some((f) => f.code === 'ROUTE_CONNECT_FAILED'),
      3000,
      'the client sees the reason',
    );
    assert.match(
      wrong.faults.find((f) => f.code === 'ROUTE_CONNECT_FAILED')!.message,
      /authentication failed: wrong token \(code 1008\)/,
    );
    assert.equal(b.gobj.named('EV_HELLO').length, 0);
    assert.deepEqual(
      b.router.routes.map((r) => r.name),
      ['A4'],
    );
  });

  test('a chain A -> B -> C: roles * and ^ propagate, A reaches C by role through B, C answers A by name', async () => {
    const c = server('C5', ['see']);
    const b = server('B5', ['bee'], { 'router.staticRoutes': `C5, see, ${await c.url()}` });
    await until(() => upRoutes(b) === 1, 3000, 'B -> C');
    const a = node('A5', ['ay']);
    a.router.addStaticRoute({ name: 'B5', urls: [await b.url()] }); // roles: what B announces
    await until(() => upRoutes(a) === 1 && upRoutes(c) === 1, 3000, 'A -> B');
    // B's ack told A that B subcontracts 'see'; B's card told C that 'ay' is behind B.
    assert.deepEqual(a.router.routes[0]!.roles, ['bee', '*see']);
    await until(() => c.router.routes[0]!.roles.includes('^ay'), 3000, 'back-way role');
    assert.deepEqual(c.router.routes[0]!.roles, ['bee', '^ay']);

    a.gaplic.sendEventOutside('', 'see', 'gobj', 'EV_HELLO', a.gobj, {
      echo: 'from C',
      __subscribe_response__: true,
    });
    await until(() => a.gobj.named('EV_HELLO').length === 1, 3000, 'the answer through B');
    assert.equal(a.gobj.named('EV_HELLO')[0]!.__action_return__, 'from C');
    assert.deepEqual(c.gobj.named('EV_HELLO')[0]!.__intra_event__, {
      origin_gaplic: 'A5',
      origin_role: 'ay',
      origin_gobj: 'gobj',
      destination_gaplic: '',
      destination_role: 'see',
      destination_gobj: 'gobj',
    });
    // C reaches A by its role, back through B.
    c.gaplic.sendEventOutside('', 'ay', 'gobj', 'EV_HELLO', c.gobj, { n: 2 });
    await until(() => a.gobj.named('EV_HELLO').length === 2, 3000, 'C to A by role');
  });

  test('the routes report is answered remotely (EV_SHOW_ROUTES with __subscribe_response__)', async () => {
    const b = server('B6', ['bee']);
    const a = node('A6', ['ay'], { 'router.staticRoutes': `B6, bee, ${await b.url()}` });
    await until(() => upRoutes(a) === 1, 3000, 'up');
    a.gaplic.sendEventOutside('B6', '', 'router', 'EV_SHOW_ROUTES', a.gobj, {
      __subscribe_response__: true,
    });
    await until(() => a.gobj.named('EV_SHOW_ROUTES').length === 1, 3000, 'the report');
    const report = a.gobj.named('EV_SHOW_ROUTES')[0]!.__action_return__ as RouteReport;
    assert.equal(report.gaplic, 'B6');
    assert.deepEqual(report.roles, ['bee']);
    assert.equal(report.routes.length, 1);
    const route = report.routes[0]!;
    assert.equal(route.name, 'A6');
    assert.equal(route.kind, 'dynamic');
    assert.equal(route.state, 'up');
    assert.equal(route.protocol, 2);
    assert.equal(route.counters.received, 1);
  });

  test("queue policies - 'nack' refuses the newest, 'dropOldest' nacks the oldest; both reach the sender", async () => {
    for (const [policy, lost] of [
      ['nack', [3, 4]],
      ['dropOldest', [0, 1]],
    ] as const) {
      // A route to a port where nobody listens: events wait in its queue.
      const a = node(`A7${policy}`, ['ay'], {
        'router.staticRoutes': 'Nobody, none, ws://127.0.0.1:1',
        'router.maxQueue': 3,
        'router.queuePolicy': policy,
        'router.reconnectMin': 5,
      });
      for (let n = 0; n < 5; n++) {
        a.gaplic.sendEventOutside('Nobody', '', 'gobj', 'EV_HELLO', a.gobj, { n });
      }
      await until(() => a.gobj.named('EV_NACK').length === 2, 3000, `${policy}: 2 nacks`);
      const nacked = a.gobj.named('EV_NACK').map((kw) => (kw.kw as Kw).n);
      assert.deepEqual(nacked, lost, policy);
      const route = a.router.routes[0]!;
      assert.equal(route.queued, 3);
      assert.equal(route.counters.dropped, policy === 'dropOldest' ? 2 : 0);
      assert.match(
        String(a.gobj.named('EV_NACK')[0]!.error_message),
        policy === 'nack'
          ? /^queue to 'Nobody' is full \(3 events\)$/
          : /^dropped: queue to 'Nobody' is full/,
      );
    }
  });

  test('frame limit - a burst bigger than a frame is split; an event bigger than any frame is nacked', async () => {
    const limits = { 'router.maxFrame': 64 * 1024 };
    const b = server('B8', ['bee'], limits);
    const a = node('A8', ['ay'], { 'router.staticRoutes': `B8, bee, ${await b.url()}`, ...limits });
    await until(() => upRoutes(a) === 1, 3000, 'up');
    const text = 'x'.repeat(10_000);
    for (let n = 0; n < 40; n++)
      a.gaplic.sendEventOutside('B8', '', 'gobj', 'EV_HELLO', a.gobj, { n, text });
    a.gaplic.sendEventOutside('B8', '', 'gobj', 'EV_HELLO', a.gobj, { big: 'y'.repeat(100_000) });
    await until(() => b.gobj.named('EV_HELLO').length === 40, 3000, '40 events in several frames');
    await until(() => a.gobj.named('EV_NACK').length === 1, 3000, 'the big one nacked');
    assert.match(
      String(a.gobj.named('EV_NACK')[0]!.error_message),
      /^cannot be sent: too large: 100\d{3} bytes, over the frame limit of 65536$/,
    );
    assert.equal(upRoutes(a), 1);
  });

  test('traceRouter - every message in and out is logged', async () => {
    const b = server('B9', ['bee']);
    const a = node('A9', ['ay'], {
      'router.staticRoutes': `B9, bee, ${await b.url()}`,
      'router.traceRouter': true,
    });
    await until(() => upRoutes(a) === 1, 3000, 'up');
    a.gaplic.sendEventOutside('B9', '', 'gobj', 'EV_HELLO', a.gobj, { n: 1 });
    await until(() => b.gobj.named('EV_HELLO').length === 1, 3000, 'delivered');
    await until(
      () =>
        (a.gaplic.logger as CaptureLogger)
          .messages()
          .some((l) => l.includes('<- \'B9\' {"message_type":"__event_ack__"')),
      3000,
      'the ack traced',
    );
    const lines = (a.gaplic.logger as CaptureLogger).messages();
    assert.ok(lines.some((l) => l.includes('-> \'B9\' {"message_type":"__event__"')));
    assert.ok(lines.some((l) => l.includes('<- \'B9\' {"message_type":"__identity_card_ack__"')));
  });
});
