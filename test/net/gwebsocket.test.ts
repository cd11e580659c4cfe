// GWebSocket and GWebSocketServer over real sockets on 127.0.0.1 (a WebSocket needs a
// real connection: that is what is tested). The gaplic runs on a TestClock, so the
// endpoints' timers only fire when a test advances it; the waits are for socket I/O.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import WebSocket from 'ws';
import { GWebSocket, GWebSocketServer, destroyGObj } from '../../src/node.js';
import { resetGlobals } from '../../src/testing/index.js';
import { closeOf, rawClient, until, world, type World } from './ws-helpers.js';

const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  resetGlobals();
});

/** An echo server (the recorder echoes) on a free port, and its URL. */
async function echoServer(w: World, kw: Record<string, unknown> = {}) {
  w.recorder.echo = true;
  const server = w.gaplic.createGObj('server', GWebSocketServer, w.recorder, kw);
  cleanups.push(() => !server.destroyed && destroyGObj(server));
  const address = await server.listening;
  return { server, url: address.url };
}

function client(w: World, url: string, kw: Record<string, unknown> = {}): GWebSocket {
  const gobj = w.gaplic.createGObj('client', GWebSocket, w.recorder, { url, ...kw });
  cleanups.push(() => !gobj.destroyed && destroyGObj(gobj));
  return gobj;
}

async function httpGet(port: number, path: string): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += String(chunk)));
      response.on('end', () => resolve([response.statusCode ?? 0, body]));
    })
      .on('error', reject)
      .end();
  });
}

describe('GWebSocket', () => {
  test('GWebSocket - a client and a server exchange text, bytes and JSON, then close with a code and reason', async () => {
    const w = world();
    const { server, url } = await echoServer(w);
    assert.equal(w.recorder.kws('EV_LISTENING')[0]!.url, url);
    assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const ws = client(w, url);
    await until(() => w.recorder.kws('EV_ON_OPEN').length === 2, w.gaplic);
    const [first, second] = w.recorder.kws('EV_ON_OPEN');
    const serverSide = server.connections[0]!;
    assert.deepEqual(
      new Set([first!.websocket, second!.websocket]),
      new Set<unknown>([ws, serverSide]),
    );
    assert.equal(ws.getCurrentState(), 'ST_OPEN');
    assert.equal(serverSide.peername.startsWith('127.0.0.1:'), true);

    assert.equal(w.gaplic.sendEvent(ws, 'EV_SEND_MESSAGE', { data: 'héllo' }), true);
    w.gaplic.sendEvent(ws, 'EV_SEND_MESSAGE', { data: Buffer.from([1, 2, 3]) });
    w.gaplic.sendEvent(ws, 'EV_SEND_MESSAGE', { data: { n: 1, list: [true] } });
    const mine = () => w.recorder.kws('EV_ON_MESSAGE').filter((kw) => kw.websocket === ws);
    await until(() => mine().length === 3, w.gaplic);
    assert.deepEqual(
      mine().map((kw) => [kw.data, kw.binary]),
      [
        ['héllo', false],
        [Buffer.from([1, 2, 3]), true],
        ['{"n":1,"list":[true]}', false],
      ],
    );
    assert.deepEqual(ws.counters, {
      rxMsgs: 3,
      rxBytes: 6 + 3 + 21,
      txMsgs: 3,
      txBytes: 6 + 3 + 21,
      dropped: 0,
    });
    assert.deepEqual(serverSide.counters, ws.counters);

    w.gaplic.sendEvent(ws, 'EV_DROP', { code: 4000, reason: 'done' });
    assert.equal(ws.getCurrentState(), 'ST_CLOSING');
    await until(() => w.recorder.kws('EV_ON_CLOSE').length === 2, w.gaplic);
    for (const kw of w.recorder.kws('EV_ON_CLOSE')) {
      assert.deepEqual([kw.code, kw.reason], [4000, 'done']);
    }
    assert.equal(ws.getCurrentState(), 'ST_CLOSED');
    // The server destroyed its connection's gobj after its EV_ON_CLOSE.
    assert.equal(serverSide.destroyed, true);
    assert.deepEqual(server.connections, []);
    assert.deepEqual(w.faults, []);
  });

  test('GWebSocket - a client connects again after EV_ON_CLOSE when sent EV_CONNECT', async () => {
    const w = world();
    const { server, url } = await echoServer(w);
    const ws = client(w, url);
    await until(() => ws.getCurrentState() === 'ST_OPEN', w.gaplic);
    w.gaplic.sendEvent(server.connections[0]!, 'EV_DROP', { code: 4001, reason: 'again' });
    await until(() => ws.getCurrentState() === 'ST_CLOSED', w.gaplic);
    w.gaplic.sendEvent(ws, 'EV_CONNECT');
    await until(() => ws.getCurrentState() === 'ST_OPEN', w.gaplic);
    w.gaplic.sendEvent(ws, 'EV_SEND_MESSAGE', { data: 'back' });
    await until(() => ws.counters.rxMsgs === 1, w.gaplic);
    assert.equal(server.connections.length, 1);
  });

  test('GWebSocket - destroying a client closes its connection with 1001; the server side reports it', async () => {
    const w = world();
    const { url } = await echoServer(w);
    const ws = client(w, url);
    await until(() => w.recorder.kws('EV_ON_OPEN').length === 2, w.gaplic);
    destroyGObj(ws);
    await until(() => w.recorder.kws('EV_ON_CLOSE').length === 1, w.gaplic);
    const [closed] = w.recorder.kws('EV_ON_CLOSE');
    assert.deepEqual([closed!.code, closed!.reason], [1001, 'going away']);
  });

  test('GWebSocket - a server on its own port answers 404 to another path and 426 to plain HTTP', async () => {
    const w = world();
    const { url } = await echoServer(w, { path: '/ws' });
    assert.match(url, /\/ws$/);
    const port = Number(new URL(url).port);
    const other = new WebSocket(url.replace('/ws', '/other'));
    const [error] = (await once(other, 'error')) as [Error];
    assert.match(error.message, /404/);
    assert.deepEqual(await httpGet(port, '/ws'), [426, 'WebSocket only\n']);
    const ok = await rawClient(url);
    ok.close();
  });
});

describe('GWebSocketServer mounted on an http.Server', () => {
  async function httpServer(): Promise<{ server: Server; port: number }> {
    const server = createServer((_req, res) => res.end('page'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.unshift(() => new Promise((resolve) => server.close(resolve)));
    cleanups.push(() => server.closeAllConnections());
    return { server, port: (server.address() as AddressInfo).port };
  }

  test('GWebSocketServer mounted - takes the upgrades of its path; the server keeps serving and outlives it', async () => {
    const w = world();
    const { server, port } = await httpServer();
    const { server: wsServer, url } = await echoServer(w, { httpServer: server, path: '/ws' });
    assert.equal(url, `ws://127.0.0.1:${port}/ws`);
    const peer = await rawClient(url);
    const answer = once(peer, 'message');
    peer.send('hi');
    const [data] = (await answer) as [Buffer];
    assert.equal(data.toString(), 'hi');
    assert.deepEqual(await httpGet(port, '/'), [200, 'page']);
    // Alone on the server's 'upgrade', it answers another path with 404.
    const lost = new WebSocket(`ws://127.0.0.1:${port}/elsewhere`);
    assert.match(((await once(lost, 'error')) as [Error])[0].message, /404/);
    const closed = closeOf(peer);
    destroyGObj(wsServer);
    assert.deepEqual(await closed, [1001, 'going away']);
    assert.equal(server.listening, true);
    assert.equal(server.listenerCount('upgrade'), 0);
    assert.deepEqual(await httpGet(port, '/'), [200, 'page']);
  });

  test('GWebSocketServer mounted - two mounts share one server by path; handleUpgrade says whether it took a request', async () => {
    const w = world();
    const { server, port } = await httpServer();
    w.recorder.echo = true;
    const a = w.gaplic.createGObj('a', GWebSocketServer, w.recorder, {
      httpServer: server,
      path: '/a',
    });
    const b = w.gaplic.createGObj('b', GWebSocketServer, w.recorder, {
      httpServer: server,
      path: '/b',
    });
    cleanups.push(
      () => destroyGObj(a),
      () => destroyGObj(b),
    );
    await Promise.all([a.listening, b.listening]);
    const toA = await rawClient(`ws://127.0.0.1:${port}/a`);
    const toB = await rawClient(`ws://127.0.0.1:${port}/b?x=1`);
    await until(() => a.connections.length === 1 && b.connections.length === 1, w.gaplic);
    const fake = { url: '/c' } as never;
    assert.equal(a.handleUpgrade(fake, null as never, Buffer.alloc(0)), false);
    toA.terminate();
    toB.terminate();
  });
});
