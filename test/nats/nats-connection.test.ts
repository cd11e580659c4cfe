// The NATS connection of a router: credentials (user and password, token, nkey, a creds
// file against an operator-mode server; a wrong one is a coded error at start, not a
// hang), files that cannot be used (thrown when the router is created), a server not
// there yet (retried), and a server that restarts (the routes close and open again; what
// was queued goes through; every plain event is either delivered or nacked, never lost
// silently). Real time: nats-server processes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import { nkeys } from '@nats-io/transport-node';
import { GAplic, routerOf } from '../../src/node.js';
import { resetGlobals } from '../../src/testing/index.js';
import { until } from '../fixtures/client.js';
import { natsGaplic, type NatsGaplic } from '../fixtures/nats-apps.js';
import { operatorMode } from '../fixtures/nats-jwt.js';
import { freePort, NATS_SKIP, NatsServer } from '../fixtures/nats-server.js';
import { REPO_ROOT } from '../repo-root.js';

const TLS = join(REPO_ROOT, 'test', 'fixtures', 'tls');

const opened: NatsGaplic[] = [];
const servers: NatsServer[] = [];

async function server(config?: string, port?: number): Promise<NatsServer> {
  const s = await NatsServer.start({
    jetstream: false,
    ...(config !== undefined ? { config } : {}),
    ...(port !== undefined ? { port } : {}),
  });
  servers.push(s);
  return s;
}

function open(...args: Parameters<typeof natsGaplic>): NatsGaplic {
  const g = natsGaplic(...args);
  opened.push(g);
  return g;
}

async function closeAll(): Promise<void> {
  for (const g of opened.splice(0)) await g.close();
  for (const s of servers.splice(0)) await s.dispose();
  resetGlobals();
}

/** A sends EV_HIT n to B's sink; resolves once B has it. */
async function hit(a: NatsGaplic, b: NatsGaplic, n: number): Promise<void> {
  a.gaplic.sendEventOutside(b.gaplic.name, '', 'sink', 'EV_HIT', a.sender, { n });
  await until(() => b.sink.hits.has(n), 5000, `B got ${n}`);
}

describe('NATS credentials', { skip: NATS_SKIP }, () => {
  afterEach(closeAll);

  test('nats - user and password: the right ones connect, wrong ones fail at start with a coded error', async () => {
    const s = await server('authorization { user: alice, password: secret }\n');
    const a = open('A', [], s.url, { 'router.natsUser': 'alice', 'router.natsPassword': 'secret' });
    const b = open('B', [], s.url, { 'router.natsUser': 'alice', 'router.natsPassword': 'secret' });
    await Promise.all([a.router.natsReady, b.router.natsReady]);
    await hit(a, b, 1);
    const bad = open('Bad', [], s.url, {
      'router.natsUser': 'alice',
      'router.natsPassword': 'wrong',
    });
    await assert.rejects(bad.router.natsReady!, {
      code: 'ROUTER_NATS_AUTH_FAILED',
      message: `GRouter:router: NATS at ${s.url} refused the credentials of user 'alice': Authorization Violation`,
    });
    assert.deepEqual(
      bad.faults.map((f) => [f.code, f.message]),
      [
        [
          'NATS_AUTH_FAILED',
          `GRouter:router: NATS at ${s.url} refused the credentials of user 'alice': Authorization Violation; events for NATS are nacked`,
        ],
      ],
    );
    assert.equal(bad.router.nats.state, 'failed');
    // What it sends now is nacked with the reason.
    bad.gaplic.sendEventOutside('B', '', 'sink', 'EV_HIT', bad.sender, { n: 2 });
    await until(() => bad.sender.named('EV_NACK').length === 1, 5000, 'the nack');
    assert.equal(
      bad.sender.named('EV_NACK')[0]!.error_message,
      `no route to gaplic 'B' or role '' (NATS at ${s.url} refused the credentials of user 'alice': Authorization Violation)`,
    );
  });

  test('nats - a token, and an nkey (seed as text or in a file)', async () => {
    const user = nkeys.createUser();
    const seed = new TextDecoder().decode(user.getSeed());
    const s = await server(`authorization { users: [ { nkey: ${user.getPublicKey()} } ] }\n`);
    const dir = mkdtempSync(join(tmpdir(), 'ginsfsm-nkey-'));
    try {
      const file = join(dir, 'user.nk');
      writeFileSync(file, `${seed}\n`);
      const a = open('A', [], s.url, { 'router.natsNkeySeed': seed });
      const b = open('B', [], s.url, { 'router.natsNkeySeed': file });
      await Promise.all([a.router.natsReady, b.router.natsReady]);
      await hit(a, b, 1);
      const other = new TextDecoder().decode(nkeys.createUser().getSeed());
      const bad = open('Bad', [], s.url, { 'router.natsNkeySeed': other });
      await assert.rejects(bad.router.natsReady!, { code: 'ROUTER_NATS_AUTH_FAILED' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const t = await server('authorization { token: s3cr3t }\n');
    const c = open('C', [], t.url, { 'router.natsToken': 's3cr3t' });
    const d = open('D', [], t.url, { 'router.natsToken': 's3cr3t' });
    await Promise.all([c.router.natsReady, d.router.natsReady]);
    await hit(c, d, 1);
    const wrong = open('Wrong', [], t.url, { 'router.natsToken': 'nope' });
    await assert.rejects(wrong.router.natsReady!, {
      code: 'ROUTER_NATS_AUTH_FAILED',
      message: `GRouter:router: NATS at ${t.url} refused the credentials of the token: Authorization Violation`,
    });
  });

  test('nats - a creds file (operator mode: a user JWT and its seed); a user of an unknown account fails at start', async () => {
    const mode = operatorMode();
    const s = await server(mode.config);
    const dir = mkdtempSync(join(tmpdir(), 'ginsfsm-creds-'));
    try {
      const [good, other, foreign] = ['a.creds', 'b.creds', 'x.creds'].map((f) => join(dir, f));
      writeFileSync(good!, mode.creds('a'));
      writeFileSync(other!, mode.creds('b'));
      writeFileSync(foreign!, mode.foreignCreds('x'));
      const a = open('A', [], s.url, { 'router.natsCredsFile': good! });
      const b = open('B', [], s.url, { 'router.natsCredsFile': other! });
      await Promise.all([a.router.natsReady, b.router.natsReady]);
      await hit(a, b, 1);
      const bad = open('Bad', [], s.url, { 'router.natsCredsFile': foreign! });
      await assert.rejects(bad.router.natsReady!, { code: 'ROUTER_NATS_AUTH_FAILED' });
      assert.deepEqual(
        bad.faults.map((f) => f.code),
        ['NATS_AUTH_FAILED'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('nats - TLS: a server with a private certificate is trusted through natsTlsCa, refused without', async () => {
    const s = await server(
      `tls { cert_file: "${join(TLS, 'cert.pem')}", key_file: "${join(TLS, 'key.pem')}" }\n`,
    );
    const url = `tls://127.0.0.1:${s.port}`;
    const a = open('A', [], url, { 'router.natsTlsCa': join(TLS, 'cert.pem') });
    const b = open('B', [], url, { 'router.natsTlsCa': join(TLS, 'cert.pem') });
    await Promise.all([a.router.natsReady, b.router.natsReady]);
    await hit(a, b, 1);
    const untrusting = open('C', [], url);
    await until(
      () => untrusting.faults.some((f) => f.code === 'NATS_CONNECT_FAILED'),
      5000,
      'NATS_CONNECT_FAILED',
    );
    assert.match(
      untrusting.faults.find((f) => f.code === 'NATS_CONNECT_FAILED')!.message,
      /certificate/,
    );
  });

  test('nats - files and seeds that cannot be used throw ROUTER_NATS_BAD_CONFIG when the router is created', () => {
    const make = (settings: Record<string, unknown>) => () =>
      routerOf(
        new GAplic({
          name: 'X',
          settings: { 'router.natsServers': '127.0.0.1:4222', ...settings },
        }),
      );
    assert.throws(make({ 'router.natsCredsFile': '/nonexistent/user.creds' }), {
      code: 'ROUTER_NATS_BAD_CONFIG',
      message: /^GRouter:router: natsCredsFile '\/nonexistent\/user.creds' cannot be read: ENOENT/,
    });
    assert.throws(make({ 'router.natsNkeySeed': 'SUNOTASEED' }), {
      code: 'ROUTER_NATS_BAD_CONFIG',
    });
    assert.throws(make({ 'router.natsTlsCa': '/nonexistent/ca.pem' }), {
      code: 'ROUTER_NATS_BAD_CONFIG',
    });
    assert.throws(make({ 'router.natsServers': 'http://x:1' }), { code: 'GCONFIG_INVALID_VALUE' });
    assert.throws(make({ 'router.natsRealm': 'a.b' }), { code: 'GCONFIG_INVALID_VALUE' });
  });
});

describe('NATS connection lost and back', { skip: NATS_SKIP }, () => {
  after(closeAll);

  test('nats - a server not there yet: NATS_CONNECT_FAILED, then connected once it is', async () => {
    const port = await freePort();
    const a = open('A', [], `nats://127.0.0.1:${port}`);
    await until(
      () => a.faults.some((f) => f.code === 'NATS_CONNECT_FAILED'),
      5000,
      'NATS_CONNECT_FAILED',
    );
    assert.match(
      a.faults.find((f) => f.code === 'NATS_CONNECT_FAILED')!.message,
      new RegExp(
        `^GRouter:router: cannot connect to NATS at nats://127.0.0.1:${port}: .*; next attempt in 0.05 s$`,
      ),
    );
    await server(undefined, port);
    assert.equal(await a.router.natsReady, `nats://127.0.0.1:${port}`);
  });

  test('nats - the server restarts: routes close and open again; queued events go through; none is lost silently', async () => {
    const s = await server();
    const a = open('A', [], s.url);
    const b = open('B', [], s.url);
    await Promise.all([a.router.natsReady, b.router.natsReady]);
    await hit(a, b, 0);
    // A burst, and the server dies in its middle.
    const N = 20_000;
    for (let n = 1; n <= N; n++)
      a.gaplic.sendEventOutside('B', '', 'sink', 'EV_HIT', a.sender, { n });
    await until(() => b.sink.hits.size > 1000, 5000, 'B got a part of the burst');
    await s.kill();
    await until(() => a.sender.named('EV_STATIC_ROUTE_CLOSED').length === 1, 5000, 'closed');
    assert.deepEqual(a.sender.named('EV_STATIC_ROUTE_CLOSED')[0], {
      route: 'nats',
      reason: `connection to NATS at 127.0.0.1:${s.port} lost`,
      transport: 'nats',
    });
    assert.ok(a.faults.some((f) => f.code === 'NATS_LOST'));
    const route = a.router.routes.find((r) => r.name === 'B' && r.kind === 'nats')!;
    assert.equal(route.state, 'holding');
    // Sent while the server is down: they wait in the route.
    for (let n = N + 1; n <= N + 100; n++)
      a.gaplic.sendEventOutside('B', '', 'sink', 'EV_HIT', a.sender, { n });
    await s.restart();
    await until(() => a.sender.named('EV_STATIC_ROUTE_OPENED').length === 2, 10_000, 'opened');
    await until(() => route.inflight === 0 && route.queued === 0, 10_000, 'all answered');
    const unaccounted = (): number[] => {
      const nacked = new Set(a.sender.named('EV_NACK').map((kw) => (kw.kw as { n: number }).n));
      const lost = [];
      for (let n = 1; n <= N + 100; n++) if (!b.sink.hits.has(n) && !nacked.has(n)) lost.push(n);
      return lost;
    };
    // The nacks are posted to the sender: they may still wait in A's queue.
    await until(() => unaccounted().length === 0, 5000, 'every event delivered or nacked');
    for (let n = N + 1; n <= N + 100; n++) assert.ok(b.sink.hits.has(n), `queued ${n} delivered`);
    for (const kw of a.sender.named('EV_NACK'))
      assert.match(String(kw.error_message), /lost \(it may have been delivered\)$/);
  });
});
