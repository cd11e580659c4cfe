// The router over NATS: roles as queue groups (load-balanced), a gaplic name nobody has
// (no responder: a nack at once, never silence), the routes report, the search order (a
// direct WebSocket route before NATS) and a gateway between WebSocket and NATS gaplics.
// Real time: a nats-server process and sockets on loopback.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GAplic, routerOf, type Fault } from '../../src/node.js';
import { resetGlobals } from '../../src/testing/index.js';
import { until } from '../fixtures/client.js';
import { natsGaplic, Sink, type NatsGaplic } from '../fixtures/nats-apps.js';
import { NATS_SKIP, NatsServer } from '../fixtures/nats-server.js';

describe('router over NATS', { skip: NATS_SKIP }, () => {
  let server: NatsServer;
  const opened: NatsGaplic[] = [];
  const open = async (...args: Parameters<typeof natsGaplic>): Promise<NatsGaplic> => {
    const g = natsGaplic(...args);
    opened.push(g);
    await g.router.natsReady;
    return g;
  };

  before(async () => {
    server = await NatsServer.start({ jetstream: false });
  });
  after(async () => {
    for (const g of opened) await g.close();
    resetGlobals();
    await server.dispose();
  });

  test('nats - an event to a role goes to one gaplic of the role (queue group), load-balanced', async () => {
    const a = await open('A', ['ay'], server.url);
    const w1 = await open('W1', ['worker'], server.url);
    const w2 = await open('W2', ['worker'], server.url);
    for (let n = 0; n < 400; n++) {
      // One event per turn: each leaves in its own NATS message.
      a.gaplic.sendEventOutside('', 'worker', 'sink', 'EV_HIT', 'sender', { n });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => w1.sink.hits.size + w2.sink.hits.size === 400, 5000, '400 hits');
    assert.ok(w1.sink.hits.size > 0 && w2.sink.hits.size > 0, 'both workers got events');
    assert.deepEqual([...w1.sink.twice, ...w2.sink.twice], []);
    const shared = [...w1.sink.hits.keys()].filter((n) => w2.sink.hits.has(n));
    assert.deepEqual(shared, [], 'each event went to one worker');
    const route = a.router.routes.find((r) => r.kind === 'nats' && r.roles[0] === 'worker')!;
    const info = a.router.report().routes.find((r) => r.id === route.id)!;
    assert.equal(info.name, '');
    assert.equal(info.state, 'up');
    assert.equal(info.url, server.url);
    assert.equal(info.counters.sent, 400);
    await until(() => route.inflight === 0, 5000, 'all acked');
    assert.equal(route.counters.acked, 400);
  });

  test('nats - a gaplic name or role nobody has: EV_NACK at once (no responder), never silence', async () => {
    const a = opened[0] ?? (await open('A', ['ay'], server.url));
    a.gaplic.sendEventOutside('Ghost', '', 'sink', 'EV_HIT', a.sender, { n: 1 });
    a.gaplic.sendEventOutside('', 'nobody', 'sink', 'EV_HIT', a.sender, { n: 2 });
    await until(() => a.sender.named('EV_NACK').length >= 2, 5000, 'two nacks');
    const reasons = a.sender
      .named('EV_NACK')
      .map((kw) => kw.error_message)
      .sort();
    assert.deepEqual(reasons, [
      "no route to gaplic '' or role 'nobody': nobody listens on NATS subject 'ginsfsm.role.nobody'",
      "no route to gaplic 'Ghost' or role '': nobody listens on NATS subject 'ginsfsm.gaplic.Ghost'",
    ]);
    assert.deepEqual(a.sender.named('EV_NACK')[0]!.kw, { n: 1 });
  });

  test('nats - by name with a response; names that are no subject token travel encoded', async () => {
    const a = opened[0]!;
    const odd = await open('Odd name.ü', ['r.x'], server.url);
    a.gaplic.sendEventOutside('Odd name.ü', '', 'sink', 'EV_ECHO', a.sender, {
      text: 'hello',
      __subscribe_response__: true,
    });
    a.gaplic.sendEventOutside('', 'r.x', 'sink', 'EV_ECHO', a.sender, {
      text: 'by role',
      __subscribe_response__: true,
    });
    await until(() => a.sender.named('EV_ECHO').length >= 2, 5000, 'two answers');
    const answers = a.sender.named('EV_ECHO').map((kw) => kw.__action_return__);
    assert.deepEqual(answers, [
      { echo: 'hello', by: 'Odd name.ü' },
      { echo: 'by role', by: 'Odd name.ü' },
    ]);
    assert.ok(odd.faults.length === 0, JSON.stringify(odd.faults));
  });

  test('nats - the connection is reported as route opened, with transport nats', () => {
    const a = opened[0]!;
    const [event] = a.sender.named('EV_STATIC_ROUTE_OPENED');
    assert.deepEqual(event, { route: 'nats', roles: [], url: server.url, transport: 'nats' });
  });
});

describe('router over NATS and WebSocket together', { skip: NATS_SKIP }, () => {
  let server: NatsServer;
  const gaplics: GAplic[] = [];
  const faults: Fault[] = [];

  before(async () => {
    server = await NatsServer.start({ jetstream: false });
  });
  after(async () => {
    for (const g of gaplics) {
      const router = g.findUniqueGObj('router');
      if (router !== undefined && !router.destroyed) g.destroyGObj(router);
      g.stop();
    }
    resetGlobals();
    await server.dispose();
  });

  /** A gaplic with a sink, whose router is started with `settings`. */
  function make(name: string, roles: string[], settings: Record<string, unknown>): GAplic {
    const g = new GAplic({ name, roles, settings, onFault: (f) => faults.push(f) });
    g.createGObj('sink', Sink, g, { uniqueName: true });
    routerOf(g);
    void g.start();
    gaplics.push(g);
    return g;
  }

  test('nats - a direct WebSocket route is searched before NATS; a gateway forwards between them', async () => {
    // G: a WebSocket server and NATS (the gateway). B: NATS only. Z: WebSocket to G only.
    const g = make('G', ['gate'], {
      'router.server': true,
      'router.port': 0,
      'router.natsServers': server.url,
    });
    const b = make('B', ['bee'], { 'router.natsServers': server.url });
    const gRouter = routerOf(g);
    const ws = (await gRouter.listening)!;
    // C: on NATS and with a static WebSocket route to G.
    const c = make('C', ['sea'], {
      'router.natsServers': server.url,
      'router.staticRoutes': `G, gate, ${ws.url}`,
    });
    const z = make('Z', ['zed'], {
      'router.staticRoutes': `G, gate, ${ws.url}`,
      'router.defaultRoute': 'G',
    });
    await Promise.all([gRouter.natsReady, routerOf(b).natsReady, routerOf(c).natsReady]);
    const cRouter = routerOf(c);
    const zRouter = routerOf(z);
    await until(
      () =>
        cRouter.routes.some((r) => r.kind === 'static' && r.state === 'up') &&
        zRouter.routes.some((r) => r.kind === 'static' && r.state === 'up'),
      5000,
      'static routes to G up',
    );

    // C reaches G over its WebSocket route, not over NATS.
    c.sendEventOutside('G', '', 'sink', 'EV_HIT', 'sink', { n: 1 });
    const sinkOf = (x: GAplic) => x.findUniqueGObj('sink') as Sink;
    await until(() => sinkOf(g).hits.has(1), 5000, 'G got 1');
    const cToG = cRouter.routes.filter((r) => r.name === 'G');
    assert.deepEqual(
      cToG.map((r) => [r.kind, r.counters.sent]),
      [['static', 1]],
      'no NATS route to G was needed',
    );

    // Z (WebSocket only) reaches B (NATS only) through G, and B answers Z through G.
    z.sendEventOutside('B', '', 'sink', 'EV_HIT', 'sink', { n: 2, __subscribe_response__: true });
    await until(() => sinkOf(b).hits.has(2), 5000, 'B got 2 from Z');
    await until(() => sinkOf(z).hits.has(2), 5000, 'Z got the answer of B');
    // B reaches Z by name: it learned that Z is behind G.
    b.sendEventOutside('Z', '', 'sink', 'EV_HIT', 'sink', { n: 3 });
    await until(() => sinkOf(z).hits.has(3), 5000, 'Z got 3 from B');
    assert.deepEqual(
      faults.filter((f) => f.code !== 'ROUTE_DOWN').map((f) => f.code),
      [],
    );
  });
});
