// Issue #8, "Bad input" for the sockets: a port in use, a refused connection, a peer that
// resets, half-open connections (a peer that half-closes, one that goes silent), a client
// that never reads (backpressure, bounded queue, bounded memory), wrong data, addresses and
// TLS files, a subscriber that throws. Each is a clear event or a coded error or fault,
// never a crash, and the server goes on serving.
//
// Real time and real sockets on 127.0.0.1 (the kernel makes the events); the idle timeout
// runs on a TestClock, advanced by the test once the silent peer is connected.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GObj, GServerSock, GSock, type GConfigTemplate, type GEvent } from '../../src/node.js';
import { advanceAndDrain } from '../../src/testing/index.js';
import { REPO_ROOT } from '../repo-root.js';
import { closedPort, netWorld, type NetProbe, type NetWorld } from '../fixtures/net.js';

let world: NetWorld;
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await world.stop();
});

async function rawServer(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    onSocket(socket);
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

async function rawClient(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  cleanups.push(() => socket.destroy());
  return socket;
}

async function echoServer(w: NetWorld, kw: Record<string, unknown> = {}) {
  const echo = w.probe('echo', true);
  const server = w.gaplic.createGObj('server', GServerSock, echo, { port: 0, ...kw });
  const { port } = await server.listening;
  return { echo, server, port };
}

function clientSock(probe: NetProbe, kw: Record<string, unknown> = {}): GSock {
  return world.gaplic.createGObj('gsock', GSock, probe, kw);
}

function disconnects(probe: NetProbe): unknown[] {
  return probe.named('EV_DISCONNECTED').map((s) => s.kw.reason);
}

// A server-side subscriber that streams `total` bytes to each client, honouring
// backpressure: it sends until send() says wait, then waits for EV_TRANSMIT_READY.
function acStreamStart(streamer: Streamer, event: GEvent): void {
  streamer.gsock = event.kw.gsock as GSock;
  streamer.pump();
}

function acStreamReady(streamer: Streamer): void {
  streamer.readyEvents++;
  streamer.pump();
}

function acStreamEnd(streamer: Streamer, event: GEvent): void {
  streamer.reasons.push(event.kw.reason as string);
}

const streamerFsm = {
  eventList: ['EV_CONNECTED', 'EV_RX_DATA', 'EV_TRANSMIT_READY', 'EV_DISCONNECTED'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_CONNECTED', acStreamStart, null],
      ['EV_RX_DATA', null, null],
      ['EV_TRANSMIT_READY', acStreamReady, null],
      ['EV_DISCONNECTED', acStreamEnd, null],
    ],
  },
} as const;

const streamerConfig = {
  total: { type: 'int', default: 0, description: 'Bytes to send to each client' },
  polite: { type: 'bool', default: true, description: 'Wait for EV_TRANSMIT_READY' },
} as const satisfies GConfigTemplate;

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

class Streamer extends GObj<typeof streamerFsm, typeof streamerConfig> {
  static override fsm = streamerFsm;
  static override gconfig = streamerConfig;
  gsock: GSock | null = null;
  sent = 0;
  readyEvents = 0;
  /** The most bytes that waited to be sent, seen after each send. */
  peak = 0;
  reasons: string[] = [];

  pump(): void {
    const gsock = this.gsock!;
    while (this.sent < this.config.total && gsock.connected) {
      const ok = gsock.send(CHUNK);
      this.sent += CHUNK.length;
      this.peak = Math.max(this.peak, gsock.txQueueBytes);
      if (!ok && this.config.polite) return;
    }
  }
}

// A subscriber that echoes, except '!', on which its action throws.
function acFragileData(_fragile: Fragile, event: GEvent): void {
  const data = event.kw.data as Buffer;
  if (data.toString() === '!') throw new Error('boom');
  (event.kw.gsock as GSock).send(data);
}

const fragileFsm = {
  eventList: ['EV_CONNECTED', 'EV_RX_DATA', 'EV_TRANSMIT_READY', 'EV_DISCONNECTED'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_CONNECTED', null, null],
      ['EV_RX_DATA', acFragileData, null],
      ['EV_TRANSMIT_READY', null, null],
      ['EV_DISCONNECTED', (fragile: Fragile) => void fragile.ended++, null],
    ],
  },
} as const;

class Fragile extends GObj<typeof fragileFsm> {
  static override fsm = fragileFsm;
  ended = 0;
}

describe('sockets: bad input', () => {
  test('bad input - a port in use: a fault, and listening rejects with NET_LISTEN_FAILED', async () => {
    world = netWorld();
    const busy = await rawServer(() => {});
    const echo = world.probe('echo', true);
    const server = world.gaplic.createGObj('server', GServerSock, echo, { port: busy });
    await assert.rejects(server.listening, {
      name: 'NetError',
      code: 'NET_LISTEN_FAILED',
      message: `GServerSock:server: cannot listen on 127.0.0.1:${busy}: listen EADDRINUSE: address already in use 127.0.0.1:${busy}`,
    });
    assert.equal(world.faultsOf('SOCK_LISTEN_FAILED').length, 1);
    assert.equal(server.address, null);
    // A list where every port is taken names each failure.
    const other = await rawServer(() => {});
    const listed = world.gaplic.createGObj('listed', GServerSock, echo, {
      ports: [busy, other],
    });
    await assert.rejects(listed.listening, {
      code: 'NET_LISTEN_FAILED',
      message: new RegExp(
        `^GServerSock:listed: cannot listen on 127\\.0\\.0\\.1, ports ${busy}, ${other}: listen EADDRINUSE.*${busy}; listen EADDRINUSE.*${other}$`,
      ),
    });
  });

  test('bad input - a refused connection: EV_DISCONNECTED (refused) and a fault; the gsock can connect again', async () => {
    world = netWorld();
    const probe = world.probe('client');
    const gsock = clientSock(probe);
    const { port } = await echoServer(world);
    world.gaplic.sendEvent(gsock, 'EV_CONNECT', { port: await closedPort() });
    await world.until(() => disconnects(probe).length === 1);
    assert.deepEqual(disconnects(probe), ['refused']);
    assert.equal(world.faultsOf('SOCK_CONNECT_FAILED').length, 1);
    assert.equal(gsock.getCurrentState(), 'ST_DISCONNECTED');
    world.gaplic.sendEvent(gsock, 'EV_CONNECT', { port });
    await world.until(() => gsock.connected);
    gsock.send('back');
    await world.until(() => probe.text() === 'back');
  });

  test('bad input - a peer that resets: reason reset, a fault; a server child reset by its client is cleaned up', async () => {
    world = netWorld();
    const port = await rawServer((socket) => setTimeout(() => socket.resetAndDestroy(), 5));
    const probe = world.probe('client');
    world.gaplic.sendEvent(clientSock(probe), 'EV_CONNECT', { port });
    await world.until(() => disconnects(probe).length === 1);
    assert.deepEqual(disconnects(probe), ['reset']);
    assert.match(
      world.faultsOf('SOCK_PEER_RESET')[0]!.message,
      /^GSock:gsock: connection with 127\.0\.0\.1:\d+ reset by the peer \(ECONNRESET\)$/,
    );

    const { echo, server, port: echoPort } = await echoServer(world);
    const raw = await rawClient(echoPort);
    raw.write('x');
    await world.until(() => echo.text() === 'x');
    raw.resetAndDestroy();
    await world.until(() => echo.named('EV_DISCONNECTED').length === 1);
    assert.equal(echo.named('EV_DISCONNECTED')[0]!.kw.reason, 'reset');
    await world.until(() => server.connections === 0, 'the child destroyed');
    const again = await rawClient(echoPort);
    again.write('still serving');
    let back = '';
    again.on('data', (chunk: Buffer) => (back += chunk.toString()));
    await world.until(() => back === 'still serving');
  });

  test('bad input - a client that half-closes still gets every byte echoed, then the end', async () => {
    world = netWorld();
    const { echo, server, port } = await echoServer(world);
    const raw = await rawClient(port);
    let back = '';
    raw.on('data', (chunk: Buffer) => (back += chunk.toString()));
    const ended = once(raw, 'end');
    raw.end('last words'); // FIN after the data: the client keeps reading
    await ended;
    assert.equal(back, 'last words');
    await world.until(() => echo.named('EV_DISCONNECTED').length === 1);
    assert.equal(echo.named('EV_DISCONNECTED')[0]!.kw.reason, 'peer-closed');
    await world.until(() => server.connections === 0);
    assert.deepEqual(world.faults, []);
  });

  test('bad input - a peer that goes silent (half-open) is dropped after idleTimeout', async () => {
    world = netWorld({ testClock: true });
    const { echo, server, port } = await echoServer(world, { idleTimeout: 30 });
    const raw = await rawClient(port);
    raw.write('hi');
    await world.until(() => echo.text() === 'hi');
    advanceAndDrain(world.gaplic, world.clock!, 29);
    assert.equal(server.connections, 1);
    advanceAndDrain(world.gaplic, world.clock!, 1);
    await world.until(() => echo.named('EV_DISCONNECTED').length === 1);
    assert.equal(echo.named('EV_DISCONNECTED')[0]!.kw.reason, 'idle');
    assert.match(
      world.faultsOf('SOCK_IDLE_TIMEOUT')[0]!.message,
      /^GSock:clisrv_1: nothing received or sent with 127\.0\.0\.1:\d+ for 30 s \(idleTimeout\); connection dropped$/,
    );
    await world.until(() => server.connections === 0);
  });

  test('bad input - a client that never reads: no EV_TRANSMIT_READY until it reads, memory bounded', async () => {
    world = netWorld();
    const total = 32 * 1024 * 1024;
    const streamer = world.gaplic.createGObj('streamer', Streamer, null, { total });
    cleanups.push(() => streamer.destroyGObj(streamer));
    const server = world.gaplic.createGObj('server', GServerSock, streamer, {
      port: 0,
      txQueueLimit: 1024 * 1024,
    });
    const raw = await rawClient((await server.listening).port);
    raw.pause(); // reads nothing
    await world.until(() => streamer.sent > 0);
    await sleep(100);
    const sentWhileStuck = streamer.sent;
    assert.ok(sentWhileStuck < total, 'the sender was held back');
    assert.equal(streamer.readyEvents, 0, 'no EV_TRANSMIT_READY while the client reads nothing');
    assert.ok(streamer.peak <= 1024 * 1024, `at most txQueueLimit waited (${streamer.peak})`);
    // It reads: the data flows again, at the pace of EV_TRANSMIT_READY.
    let received = 0;
    raw.on('data', (chunk: Buffer) => (received += chunk.length));
    raw.resume();
    await world.until(() => received === total, 'every byte', 10_000);
    assert.ok(streamer.readyEvents > 0);
    assert.ok(streamer.peak <= 1024 * 1024);
    assert.deepEqual(streamer.reasons, []);
    assert.deepEqual(world.faults, []);
  });

  test('bad input - a sender that ignores backpressure to a client that never reads: overflow drops the connection', async () => {
    world = netWorld();
    const streamer = world.gaplic.createGObj('streamer', Streamer, null, {
      total: 64 * 1024 * 1024,
      polite: false,
    });
    cleanups.push(() => streamer.destroyGObj(streamer));
    const server = world.gaplic.createGObj('server', GServerSock, streamer, {
      port: 0,
      txQueueLimit: 1024 * 1024,
    });
    const raw = await rawClient((await server.listening).port);
    raw.pause();
    await world.until(() => streamer.reasons.length === 1, 'the overflow');
    assert.deepEqual(streamer.reasons, ['overflow']);
    assert.ok(
      streamer.peak <= 1024 * 1024,
      `never more than txQueueLimit waited (${streamer.peak})`,
    );
    assert.ok(streamer.sent < 64 * 1024 * 1024, 'the sender was stopped');
    assert.match(
      world.faultsOf('SOCK_TX_OVERFLOW')[0]!.message,
      /^GSock:clisrv_1: \d+ bytes would wait to be sent to 127\.0\.0\.1:\d+ \(txQueueLimit 1048576\): the peer does not read; connection dropped$/,
    );
    await world.until(() => server.connections === 0);
  });

  test('bad input - a plain client to a TLS server: a fault, and the server goes on', async () => {
    world = netWorld();
    const tls = join(REPO_ROOT, 'test', 'fixtures', 'tls');
    const { server, port } = await echoServer(world, {
      tlsCert: join(tls, 'cert.pem'),
      tlsKey: join(tls, 'key.pem'),
    });
    const raw = await rawClient(port);
    raw.write('GET / HTTP/1.1\r\n\r\n');
    await world.until(() => world.faultsOf('SOCK_ERROR').length === 1);
    assert.equal(server.connections, 0);
    const probe = world.probe('client');
    const gsock = clientSock(probe, { secure: true, tlsCa: join(tls, 'cert.pem') });
    world.gaplic.sendEvent(gsock, 'EV_CONNECT', { port });
    await world.until(() => gsock.connected);
  });

  test('bad input - wrong data, addresses and TLS files throw coded errors; wrong events are reported', async () => {
    world = netWorld();
    const probe = world.probe('client');
    const gsock = clientSock(probe);
    assert.throws(() => gsock.send({ text: 'hi' } as never), { code: 'NET_BAD_DATA' });
    assert.throws(() => world.gaplic.sendEvent(gsock, 'EV_SEND_DATA', {} as never), {
      code: 'NET_BAD_DATA',
    });
    assert.throws(() => world.gaplic.sendEvent(gsock, 'EV_CONNECT', { host: '', port: 80 }), {
      code: 'NET_BAD_DESTINATION',
    });
    assert.throws(() => world.gaplic.sendEvent(gsock, 'EV_CONNECT', { port: 70000 }), {
      code: 'NET_BAD_DESTINATION',
    });
    assert.equal(
      gsock.getCurrentState(),
      'ST_DISCONNECTED',
      'a refused EV_CONNECT changes nothing',
    );
    assert.throws(() => world.gaplic.createGObj('s1', GServerSock, probe, { tlsCert: 'x.pem' }), {
      code: 'NET_BAD_TLS',
      message: 'GServerSock:s1: a TLS server needs both tlsCert and tlsKey',
    });
    assert.throws(() => clientSock(probe, { secure: true, tlsCa: '/nowhere/ca.pem' }), {
      code: 'NET_BAD_TLS',
    });
    assert.throws(() => world.gaplic.createGObj('s2', GServerSock, null), {
      code: 'GOBJ_BAD_SUBSCRIBER',
    });
    assert.throws(() => clientSock(probe, { port: 70000 }), { code: 'GCONFIG_INVALID_VALUE' });
    // EV_CONNECT while connected is not accepted (ginsfsm refused it too).
    const { port } = await echoServer(world);
    world.gaplic.sendEvent(gsock, 'EV_CONNECT', { port });
    await world.until(() => gsock.connected);
    world.gaplic.sendEvent(gsock, 'EV_CONNECT', { port });
    assert.equal(world.faultsOf('EVENT_NOT_ACCEPTED').length, 1);
  });

  test('bad input - a subscriber that throws, or destroys the child itself, breaks nothing', async () => {
    world = netWorld();
    const fragile = world.gaplic.createGObj('fragile', Fragile, null);
    cleanups.push(() => fragile.destroyGObj(fragile));
    const server = world.gaplic.createGObj('server', GServerSock, fragile, { port: 0 });
    const raw = await rawClient((await server.listening).port);
    raw.write('!'); // its action throws: the fault is reported, the connection goes on
    await world.until(() => world.faultsOf('DELIVERY_FAILED').length === 1);
    let back = '';
    raw.on('data', (chunk: Buffer) => (back += chunk.toString()));
    raw.write('b');
    await world.until(() => back === 'b');
    // Destroyed by hand at once: the server's later clean-up finds it gone, quietly.
    const child = server.children[0] as GSock;
    child.destroyGObj(child);
    await world.until(() => raw.readableEnded, 'the client sees the end');
    await sleep(20);
    assert.equal(server.connections, 0);
    assert.deepEqual(
      world.faults.map((f) => f.code),
      ['DELIVERY_FAILED'],
    );
    assert.equal(fragile.ended, 0, 'destroyed: no EV_DISCONNECTED');
  });
});
