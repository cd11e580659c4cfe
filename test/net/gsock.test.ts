// GSock and GServerSock over real sockets on 127.0.0.1 (real time: the events come from
// the kernel; each test takes a few milliseconds): an echo through a server's child
// sockets, close when flushed, TLS, the hexdump trace, a list of ports, the connection limit.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { GServerSock, GSock, type GSockEvents } from '../../src/node.js';
import { netWorld, type NetWorld } from '../fixtures/net.js';
import { REPO_ROOT } from '../repo-root.js';

const TLS = join(REPO_ROOT, 'test', 'fixtures', 'tls');
let world: NetWorld;

afterEach(async () => {
  GSock.setGlobalTraceDump(false);
  await world.stop();
});

/** A server whose connections are echoed by a probe, listening on a free port. */
async function echoServer(w: NetWorld, kw: Record<string, unknown> = {}) {
  const echo = w.probe('echo', true);
  const server = w.gaplic.createGObj('server', GServerSock, echo, { port: 0, ...kw });
  const { port } = await server.listening;
  return { echo, server, port };
}

/** A client socket under a probe, connected to `port`. */
async function client(w: NetWorld, port: number, kw: Record<string, unknown> = {}) {
  const probe = w.probe(`client-${port}-${Math.random()}`);
  const gsock = w.gaplic.createGObj('gsock', GSock, probe, kw);
  w.gaplic.sendEvent(gsock, 'EV_CONNECT', { port });
  await w.until(() => probe.seen.length > 0, 'the client connected');
  return { probe, gsock };
}

describe('GSock and GServerSock', () => {
  test('gsock - a client connects, its data is echoed by the server child, drop ends both', async () => {
    world = netWorld();
    const { echo, server, port } = await echoServer(world);
    const { probe, gsock } = await client(world, port);
    const [connected] = probe.named('EV_CONNECTED');
    const kw = connected!.kw as GSockEvents['EV_CONNECTED'];
    assert.equal(kw.gsock, gsock);
    assert.equal(kw.peerHost, '127.0.0.1');
    assert.equal(kw.peerPort, port);
    assert.equal(kw.localHost, '127.0.0.1');
    assert.ok(kw.localPort > 0);
    assert.equal(gsock.getCurrentState(), 'ST_CONNECTED');
    assert.equal(gsock.connected, true);

    assert.equal(gsock.send('hello, '), true);
    assert.equal(
      world.gaplic.sendEvent(gsock, 'EV_SEND_DATA', { data: Buffer.from('world') }),
      true,
    );
    await world.until(() => probe.text() === 'hello, world', 'the echo');

    // The server side: one child, named as ginsfsm names them, whose peer is the client.
    await world.until(() => server.connections === 1);
    const child = server.children[0] as GSock;
    assert.equal(child.name, 'clisrv_1');
    assert.equal(echo.named('EV_CONNECTED')[0]!.kw.peerPort, kw.localPort);
    assert.deepEqual(gsock.counters, {
      rxBytes: 12,
      txBytes: 12,
      rxMsgs: probe.received.length,
      txMsgs: 2,
    });
    assert.equal(child.counters.txBytes, 12);

    world.gaplic.sendEvent(gsock, 'EV_DROP');
    await world.until(() => probe.named('EV_DISCONNECTED').length === 1);
    assert.deepEqual(
      { ...probe.named('EV_DISCONNECTED')[0]!.kw, gsock: null },
      { gsock: null, reason: 'dropped', message: 'dropped by this side' },
    );
    assert.equal(gsock.getCurrentState(), 'ST_DISCONNECTED');
    await world.until(() => echo.named('EV_DISCONNECTED').length === 1);
    assert.equal(echo.named('EV_DISCONNECTED')[0]!.kw.reason, 'peer-closed');
    // The server destroys its child in a later turn.
    await world.until(() => server.connections === 0 && child.destroyed, 'the child destroyed');
    assert.deepEqual(world.faults, []);
  });

  test('gsock - close() sends what was written, then ends: the peer gets it all', async () => {
    world = netWorld();
    const { echo, port } = await echoServer(world);
    echo.writeParameters({ echo: false });
    const { probe, gsock } = await client(world, port);
    assert.equal(gsock.write('one '), true);
    assert.equal(gsock.write(new Uint8Array([0x74, 0x77, 0x6f])), true); // 'two'
    assert.equal(gsock.txQueueBytes, 7);
    gsock.close();
    assert.equal(gsock.send('late'), false, 'nothing is taken once closing');
    await world.until(() => probe.named('EV_DISCONNECTED').length === 1);
    assert.equal(probe.named('EV_DISCONNECTED')[0]!.kw.reason, 'closed');
    await world.until(() => echo.named('EV_DISCONNECTED').length === 1);
    assert.equal(echo.text(), 'one two');
    assert.equal(echo.named('EV_DISCONNECTED')[0]!.kw.reason, 'peer-closed');
    assert.deepEqual(
      world.faults.map((f) => f.code),
      ['SOCK_NOT_CONNECTED'],
    );
  });

  test('gsock - TLS: a secure client trusting the CA gets the echo; one that does not is refused', async () => {
    world = netWorld();
    const { port } = await echoServer(world, {
      tlsCert: join(TLS, 'cert.pem'),
      tlsKey: readFileSync(join(TLS, 'key.pem'), 'utf8'),
    });
    const { probe, gsock } = await client(world, port, {
      secure: true,
      tlsCa: join(TLS, 'cert.pem'),
    });
    assert.equal(probe.seen[0]!.name, 'EV_CONNECTED');
    gsock.send('secret');
    await world.until(() => probe.text() === 'secret', 'the echo over TLS');

    const untrusting = await client(world, port, { secure: true });
    const [ended] = untrusting.probe.named('EV_DISCONNECTED');
    assert.equal(ended!.kw.reason, 'error');
    assert.match(ended!.kw.message as string, /self-signed certificate/);
    assert.equal(world.faultsOf('SOCK_CONNECT_FAILED').length, 1);
    gsock.send(' still');
    await world.until(() => probe.text() === 'secret still', 'the server goes on');
  });

  test('gsock - traceDump logs a hexdump of what goes in and out (by setting or globally)', async () => {
    world = netWorld({ settings: { 'gsock.traceDump': true } });
    const { port } = await echoServer(world);
    const { probe, gsock } = await client(world, port);
    gsock.send('hi\n');
    await world.until(() => probe.text() === 'hi\n');
    const lines = world.logger.messages('info').filter((l) => l.startsWith('GSock:gsock: '));
    assert.deepEqual(lines, [
      `GSock:gsock: tx 3 bytes to 127.0.0.1:${port}\n0000  68 69 0a ${' '.repeat(39)} |hi.|`,
      `GSock:gsock: rx 3 bytes from 127.0.0.1:${port}\n0000  68 69 0a ${' '.repeat(39)} |hi.|`,
    ]);
    // The server's children trace only when asked: globally here.
    assert.equal(world.logger.messages('info').filter((l) => l.includes('clisrv')).length, 0);
    GSock.setGlobalTraceDump(true);
    assert.equal(GSock.isGlobalTraceDump(), true);
    gsock.send('x');
    await world.until(() =>
      world.logger.messages('info').some((l) => l.startsWith('GSock:clisrv_1: rx 1 bytes')),
    );
  });

  test('gsock - a server takes the first free port of its list', async () => {
    world = netWorld();
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const busy = (taken.address() as AddressInfo).port;
    try {
      const echo = world.probe('echo', true);
      const server = world.gaplic.createGObj('server', GServerSock, echo, {
        ports: `${busy}, 0`,
      });
      const address = await server.listening;
      assert.notEqual(address.port, busy);
      assert.deepEqual(server.address, address);
      const { probe, gsock } = await client(world, address.port);
      gsock.send('ok');
      await world.until(() => probe.text() === 'ok');
      assert.deepEqual(world.faults, []);
    } finally {
      taken.close();
    }
  });

  test('gsock - beyond maxConnections a connection is closed at once, with a fault; the others go on', async () => {
    world = netWorld();
    const { server, port } = await echoServer(world, { maxConnections: 1 });
    const first = await client(world, port);
    await world.until(() => server.connections === 1);
    const second = await client(world, port);
    await world.until(() => second.probe.named('EV_DISCONNECTED').length === 1);
    assert.equal(second.probe.named('EV_DISCONNECTED')[0]!.kw.reason, 'peer-closed');
    const [fault] = world.faultsOf('SOCK_TOO_MANY_CONNECTIONS');
    assert.match(
      fault!.message,
      /^GServerSock:server: connection from 127\.0\.0\.1:\d+ refused: maxConnections \(1\) are open$/,
    );
    first.gsock.send('still here');
    await world.until(() => first.probe.text() === 'still here');
    assert.equal(server.connections, 1);
  });

  test('gsock - destroying the server closes its connections and its port', async () => {
    world = netWorld();
    const { echo, server, port } = await echoServer(world);
    const { probe } = await client(world, port);
    await world.until(() => server.connections === 1);
    echo.destroyGObj(server);
    await server.closed();
    await world.until(() => probe.named('EV_DISCONNECTED').length === 1);
    // The port is free again.
    const again = createServer().listen(port, '127.0.0.1');
    await once(again, 'listening');
    again.close();
  });
});
