// GConnex on a TestClock: its timers (retry pauses, connect timeout, inactivity) are
// driven by the test, while its socket and the echo server are real sockets on
// 127.0.0.1 (their events are awaited for real, a few milliseconds each).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GConnex, GServerSock, type GConnexEvents } from '../../src/node.js';
import { advanceAndDrain } from '../../src/testing/index.js';
import { closedPort, netWorld, type NetProbe, type NetWorld } from '../fixtures/net.js';

let world: NetWorld;

afterEach(async () => {
  await world.stop();
});

async function echoServer(w: NetWorld): Promise<{ server: GServerSock; port: number }> {
  const echo = w.probe('echo', true);
  const server = w.gaplic.createGObj('server', GServerSock, echo, { port: 0 });
  return { server, port: (await server.listening).port };
}

function advance(seconds: number): void {
  advanceAndDrain(world.gaplic, world.clock!, seconds);
}

function connexUnder(probe: NetProbe, kw: Record<string, unknown>): GConnex {
  return world.gaplic.createGObj('connex', GConnex, probe, kw);
}

/** The destinations of the attempts so far, from the faults of the failed ones. */
function failedPorts(): number[] {
  return world.faultsOf('SOCK_CONNECT_FAILED').map((f) => Number(/:(\d+):/.exec(f.message)![1]));
}

describe('GConnex', () => {
  test('gconnex - two destinations: three quick attempts A, B, A, then the pause, then B...', async () => {
    world = netWorld({ testClock: true });
    const [a, b] = [await closedPort(), await closedPort()];
    const probe = world.probe('client');
    const connex = connexUnder(probe, {
      destinations: [`127.0.0.1:${a}`, { host: '127.0.0.1', port: b }],
      timeoutBetweenConnections: 5,
    });
    await world.until(() => failedPorts().length === 3, 'three attempts');
    assert.deepEqual(failedPorts(), [a, b, a]);
    await sleep(30); // real time: no fourth attempt comes by itself
    world.gaplic.runOnce();
    assert.deepEqual(failedPorts(), [a, b, a]);
    assert.equal(connex.getCurrentState(), 'ST_DISCONNECTED');
    advance(4.9);
    await sleep(10);
    assert.equal(failedPorts().length, 3, 'the pause is not over');
    advance(0.1);
    await world.until(() => failedPorts().length === 6, 'the next round');
    assert.deepEqual(failedPorts(), [a, b, a, b, a, b]);
    assert.deepEqual(probe.seen, [], 'never connected: no EV_DISCONNECTED re-emitted');
  });

  test('gconnex - one destination: every failure waits the whole pause', async () => {
    world = netWorld({ testClock: true });
    const a = await closedPort();
    connexUnder(world.probe('client'), { destinations: [`127.0.0.1:${a}`] });
    await world.until(() => failedPorts().length === 1);
    await sleep(20);
    world.gaplic.runOnce();
    assert.equal(failedPorts().length, 1);
    advance(5);
    await world.until(() => failedPorts().length === 2);
  });

  test('gconnex - data sent while disabled waits; EV_ENABLE connects and sends it; events are re-emitted with connex', async () => {
    world = netWorld({ testClock: true });
    const { port } = await echoServer(world);
    const probe = world.probe('client');
    const connex = connexUnder(probe, {
      destinations: [`127.0.0.1:${port}`],
      disabled: true,
      connectedEventName: 'EV_ON_OPEN',
      disconnectedEventName: 'EV_ON_CLOSE',
      transmitReadyEventName: null,
    });
    assert.equal(world.gaplic.sendEvent(connex, 'EV_SEND_DATA', { data: 'queued ' }), true);
    assert.equal(
      world.gaplic.sendEvent(connex, 'EV_SEND_DATA', { data: Buffer.from('twice') }),
      true,
    );
    assert.equal(connex.queuedBytes, 12);
    advance(60);
    assert.equal(connex.getCurrentState(), 'ST_DISCONNECTED', 'disabled: no connection');

    world.gaplic.sendEvent(connex, 'EV_ENABLE');
    await world.until(() => probe.text() === 'queued twice', 'the queue echoed');
    assert.equal(connex.queuedBytes, 0);
    const [open] = probe.named('EV_ON_OPEN');
    const kw = open!.kw as GConnexEvents['EV_CONNECTED'];
    assert.equal(kw.connex, connex);
    assert.equal(kw.gsock, connex.gsock);
    assert.equal(kw.peerPort, port);
    assert.equal(probe.named('EV_RX_DATA')[0]!.kw.connex, connex);

    world.gaplic.sendEvent(connex, 'EV_DISABLE');
    await world.until(() => probe.named('EV_ON_CLOSE').length === 1);
    assert.equal(probe.named('EV_ON_CLOSE')[0]!.kw.reason, 'dropped');
    advance(60);
    await sleep(10);
    assert.equal(connex.getCurrentState(), 'ST_DISCONNECTED', 'disabled: no reconnection');
    assert.equal(probe.named('EV_ON_OPEN').length, 1);
  });

  test('gconnex - inactivity drops the connection; it is made again only for data to send', async () => {
    world = netWorld({ testClock: true });
    const { server, port } = await echoServer(world);
    const probe = world.probe('client');
    const connex = connexUnder(probe, {
      destinations: [`127.0.0.1:${port}`],
      timeoutInactivity: 10,
    });
    await world.until(() => connex.getCurrentState() === 'ST_CONNECTED');
    advance(9);
    world.gaplic.sendEvent(connex, 'EV_SEND_DATA', { data: 'ping' });
    await world.until(() => probe.text() === 'ping');
    advance(9.5);
    assert.equal(connex.getCurrentState(), 'ST_CONNECTED', 'the data restarted the count');
    advance(0.5);
    await world.until(() => probe.named('EV_DISCONNECTED').length === 1);
    assert.equal(probe.named('EV_DISCONNECTED')[0]!.kw.reason, 'dropped');
    await world.until(() => server.connections === 0);
    advance(100);
    await sleep(10);
    world.gaplic.runOnce();
    assert.equal(connex.getCurrentState(), 'ST_DISCONNECTED', 'lazy: no reconnection');
    assert.equal(server.connections, 0);

    world.gaplic.sendEvent(connex, 'EV_SEND_DATA', { data: ' again' });
    await world.until(() => probe.text() === 'ping again', 'reconnected for the data');
    assert.equal(probe.named('EV_CONNECTED').length, 2);
  });

  test('gconnex - data sent after the inactivity drop, before its EV_DISCONNECTED, waits and reconnects', async () => {
    world = netWorld({ testClock: true });
    const { port } = await echoServer(world);
    const probe = world.probe('client');
    const connex = connexUnder(probe, {
      destinations: [`127.0.0.1:${port}`],
      timeoutInactivity: 10,
    });
    await world.until(() => connex.getCurrentState() === 'ST_CONNECTED');
    advance(10); // dropped; EV_DISCONNECTED comes once the socket has closed
    assert.equal(connex.getCurrentState(), 'ST_CONNECTED');
    world.gaplic.sendEvent(connex, 'EV_SEND_DATA', { data: 'late' });
    await world.until(() => probe.text() === 'late', 'reconnected for the data');
    assert.deepEqual(world.faultsOf('SOCK_NOT_CONNECTED'), []);
    assert.equal(probe.named('EV_CONNECTED').length, 2);
  });

  test('gconnex - a connection that does not complete in time is dropped, not left half-open', async () => {
    world = netWorld({ testClock: true });
    // A plain TCP server that never answers the TLS handshake of a secure client.
    const sockets: Socket[] = [];
    let closed = 0;
    const silent = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => {});
      socket.on('close', () => closed++);
      socket.resume();
    }).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const port = (silent.address() as AddressInfo).port;
      const probe = world.probe('client');
      const connex = connexUnder(probe, {
        destinations: [`127.0.0.1:${port}`],
        secure: true,
        timeoutWaitingConnected: 3,
      });
      await world.until(() => sockets.length === 1, 'the server accepted');
      advance(2.9);
      assert.equal(connex.getCurrentState(), 'ST_WAIT_CONNECTED');
      advance(0.1);
      await world.until(() => closed === 1, 'the socket closed');
      await world.until(() => connex.getCurrentState() === 'ST_DISCONNECTED');
      assert.equal(sockets.length, 1, 'one destination: the pause comes before the next attempt');
      advance(5);
      await world.until(() => sockets.length === 2, 'the next attempt');
      assert.deepEqual(probe.seen, []);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  test('gconnex - the queue while disconnected is bounded: data that does not fit is refused, with a fault', () => {
    world = netWorld({ testClock: true });
    const connex = connexUnder(world.probe('client'), {
      destinations: '127.0.0.1:9, 127.0.0.1:10',
      disabled: true,
      maxQueue: 10,
    });
    assert.deepEqual(connex.config.destinations, [
      { host: '127.0.0.1', port: 9 },
      { host: '127.0.0.1', port: 10 },
    ]);
    assert.equal(world.gaplic.sendEvent(connex, 'EV_SEND_DATA', { data: '123456' }), true);
    assert.equal(world.gaplic.sendEvent(connex, 'EV_SEND_DATA', { data: '789012' }), false);
    assert.equal(connex.queuedBytes, 6);
    const [fault] = world.faultsOf('CONNEX_QUEUE_FULL');
    assert.equal(
      fault!.message,
      'GConnex:connex: 6 bytes refused: 6 bytes already wait for a connection (maxQueue 10)',
    );
  });

  test('gconnex - wrong destinations and data throw coded errors', () => {
    world = netWorld({ testClock: true });
    const probe = world.probe('client');
    assert.throws(() => connexUnder(probe, {}), { code: 'NET_BAD_DESTINATION' });
    assert.throws(() => connexUnder(probe, { destinations: ['localhost'] }), {
      code: 'GCONFIG_INVALID_VALUE',
      message: /"localhost" \(string\) is no destination: expected 'host:port'/,
    });
    const connex = connexUnder(probe, { destinations: ['[::1]:7'], disabled: true });
    assert.deepEqual(connex.config.destinations, [{ host: '::1', port: 7 }]);
    assert.throws(() => world.gaplic.sendEvent(connex, 'EV_SEND_DATA', { data: 42 as never }), {
      code: 'NET_BAD_DATA',
    });
  });
});
