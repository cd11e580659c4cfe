// GWebSocket against bad input and bad peers, over real sockets on 127.0.0.1 (refusals,
// close frames, oversized frames and full TCP windows only exist on a real connection).
// The gaplic runs on a TestClock: the ping and close timers fire when a test advances it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import type WebSocket from 'ws';
import { GWebSocket, GWebSocketServer, destroyGObj } from '../../src/node.js';
import { advanceAndDrain, resetGlobals } from '../../src/testing/index.js';
import {
  closeOf,
  faultCodes,
  rawClient,
  rawServer,
  until,
  world,
  type World,
} from './ws-helpers.js';

const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  resetGlobals();
});

function client(w: World, url: string, kw: Record<string, unknown> = {}): GWebSocket {
  const gobj = w.gaplic.createGObj('client', GWebSocket, w.recorder, { url, ...kw });
  cleanups.push(() => !gobj.destroyed && destroyGObj(gobj));
  return gobj;
}

async function server(w: World, kw: Record<string, unknown> = {}): Promise<string> {
  const gobj = w.gaplic.createGObj('server', GWebSocketServer, w.recorder, kw);
  cleanups.push(() => !gobj.destroyed && destroyGObj(gobj));
  return (await gobj.listening).url;
}

async function peer(...args: Parameters<typeof rawServer>) {
  const raw = await rawServer(...args);
  cleanups.push(() => raw.close());
  return raw;
}

/** A loopback port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

function closeKw(w: World): [unknown, unknown][] {
  return w.recorder.kws('EV_ON_CLOSE').map((kw) => [kw.code, kw.reason]);
}

describe('GWebSocket bad input', () => {
  test('GWebSocket bad input - connection refused: EV_ON_CLOSE 1006 with the reason, WS_CONNECT_FAILED, no EV_ON_OPEN', async () => {
    const w = world();
    const port = await freePort();
    const ws = client(w, `ws://127.0.0.1:${port}/`);
    await until(() => w.recorder.kws('EV_ON_CLOSE').length === 1, w.gaplic);
    const [[code, reason]] = closeKw(w) as [[number, string]];
    assert.equal(code, 1006);
    assert.match(reason, /ECONNREFUSED/);
    assert.deepEqual(faultCodes(w), ['WS_CONNECT_FAILED']);
    assert.deepEqual(w.recorder.kws('EV_ON_OPEN'), []);
    assert.equal(ws.getCurrentState(), 'ST_CLOSED');
  });

  test('GWebSocket bad input - a server that closes with a code: the code and reason reach EV_ON_CLOSE', async () => {
    const w = world();
    const raw = await peer((ws) => ws.close(4403, 'not welcome'));
    const ws = client(w, raw.url);
    await until(() => w.recorder.kws('EV_ON_CLOSE').length === 1, w.gaplic);
    assert.deepEqual(closeKw(w), [[4403, 'not welcome']]);
    assert.equal(ws.getCurrentState(), 'ST_CLOSED');
    assert.deepEqual(w.faults, []);
  });

  test('GWebSocket bad input - a message over maxPayload closes with 1009 on both ends (WS_MESSAGE_TOO_LARGE)', async () => {
    const w = world();
    const url = await server(w, { maxPayload: 1000 });
    const raw = await rawClient(url);
    const closed = closeOf(raw);
    raw.send('x'.repeat(1001));
    assert.deepEqual(await closed, [1009, '']);
    await until(() => w.recorder.kws('EV_ON_CLOSE').length === 1, w.gaplic);
    assert.deepEqual(closeKw(w), [[1009, 'message over 1000 bytes']]);
    assert.deepEqual(w.recorder.kws('EV_ON_MESSAGE'), []);
    assert.deepEqual(faultCodes(w), ['WS_MESSAGE_TOO_LARGE']);
  });

  test('GWebSocket bad input - a message at maxPayload passes', async () => {
    const w = world();
    const url = await server(w, { maxPayload: 1000 });
    const raw = await rawClient(url);
    raw.send('x'.repeat(1000));
    await until(() => w.recorder.kws('EV_ON_MESSAGE').length === 1, w.gaplic);
    raw.terminate();
  });

  test('GWebSocket bad input - a peer that stops answering pings is dropped after pingTimeout (WS_PING_TIMEOUT)', async () => {
    const w = world();
    const raw = await peer(() => {}, { autoPong: false });
    const pings: number[] = [];
    raw.wss.on('connection', (ws: WebSocket) => ws.on('ping', () => pings.push(w.clock.now())));
    const ws = client(w, raw.url, { pingInterval: 30, pingTimeout: 10 });
    await until(() => ws.getCurrentState() === 'ST_OPEN', w.gaplic);
    advanceAndDrain(w.gaplic, w.clock, 30); // silent for pingInterval: pinged
    await until(() => pings.length === 1, w.gaplic);
    advanceAndDrain(w.gaplic, w.clock, 9.9);
    assert.equal(ws.getCurrentState(), 'ST_OPEN');
    advanceAndDrain(w.gaplic, w.clock, 0.1); // pingTimeout without a pong: dropped
    await until(() => w.recorder.kws('EV_ON_CLOSE').length === 1, w.gaplic);
    assert.deepEqual(closeKw(w), [[1006, 'no answer to a ping within 10 s']]);
    assert.deepEqual(faultCodes(w), ['WS_PING_TIMEOUT']);
  });

  test('GWebSocket bad input - a peer that answers pings, or speaks, stays', async () => {
    const w = world();
    const raw = await peer((ws) => {
      const timer = setInterval(() => ws.send('tick'), 1);
      ws.on('close', () => clearInterval(timer));
    });
    const ws = client(w, raw.url, { pingInterval: 30, pingTimeout: 10 });
    await until(() => ws.getCurrentState() === 'ST_OPEN', w.gaplic);
    for (let i = 0; i < 10; i++) {
      const before = ws.counters.rxMsgs;
      await until(() => ws.counters.rxMsgs > before, w.gaplic); // a pong or a message
      advanceAndDrain(w.gaplic, w.clock, 15);
    }
    assert.equal(ws.getCurrentState(), 'ST_OPEN');
    assert.deepEqual(w.faults, []);
  });

  test('GWebSocket bad input - a peer that never reads: unsent bytes stop at maxBuffered, the rest is dropped and reported once, then EV_TRANSMIT_READY', async () => {
    const w = world();
    let stalled: WebSocket | undefined;
    const raw = await peer((ws) => {
      stalled = ws;
      ws.pause(); // reads nothing
    });
    const maxBuffered = 256 * 1024;
    const ws = client(w, raw.url, { maxBuffered });
    await until(() => ws.getCurrentState() === 'ST_OPEN' && stalled !== undefined, w.gaplic);
    const chunk = 'y'.repeat(16 * 1024);
    let refused = 0;
    let peak = 0;
    for (let i = 0; i < 20_000 && refused < 100; i++) {
      if (w.gaplic.sendEvent(ws, 'EV_SEND_MESSAGE', { data: chunk }) === false) refused++;
      peak = Math.max(peak, ws.bufferedAmount);
      if (i % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(refused, 100, 'the kernel buffers filled and sends were refused');
    assert.ok(peak <= maxBuffered + chunk.length + 64, `peak ${peak} bytes unsent`);
    assert.equal(ws.counters.dropped, 100);
    assert.deepEqual(faultCodes(w), ['WS_TX_OVERFLOW']);
    assert.deepEqual(w.recorder.kws('EV_TRANSMIT_READY'), []);
    stalled!.resume();
    await until(() => w.recorder.kws('EV_TRANSMIT_READY').length === 1, w.gaplic);
    assert.equal(w.gaplic.sendEvent(ws, 'EV_SEND_MESSAGE', { data: 'again' }), true);
    assert.deepEqual(faultCodes(w), ['WS_TX_OVERFLOW']);
  });

  test('GWebSocket bad input - binary where text is accepted: closed with 1003 (WS_WRONG_MESSAGE_TYPE), the message not delivered', async () => {
    const w = world();
    const url = await server(w, { accept: 'text' });
    const raw = await rawClient(url);
    const closed = closeOf(raw);
    raw.send('fine');
    raw.send(Buffer.from([0xff, 0x00]));
    raw.send('after');
    assert.deepEqual(await closed, [1003, 'text messages only']);
    await until(() => w.recorder.kws('EV_ON_CLOSE').length === 1, w.gaplic);
    assert.deepEqual(
      w.recorder.kws('EV_ON_MESSAGE').map((kw) => kw.data),
      ['fine'],
    );
    assert.deepEqual(closeKw(w), [[1003, 'text messages only']]);
    assert.deepEqual(faultCodes(w), ['WS_WRONG_MESSAGE_TYPE']);
  });

  test('GWebSocket bad input - text where binary is accepted is refused too', async () => {
    const w = world();
    const url = await server(w, { accept: 'binary' });
    const raw = await rawClient(url);
    const closed = closeOf(raw);
    raw.send('text');
    assert.deepEqual(await closed, [1003, 'binary messages only']);
  });

  test('GWebSocket bad input - a peer that never answers our close frame is cut after closeTimeout', async () => {
    const w = world();
    const raw = await peer((ws) => ws.pause());
    const ws = client(w, raw.url, { closeTimeout: 5 });
    await until(() => ws.getCurrentState() === 'ST_OPEN', w.gaplic);
    w.gaplic.sendEvent(ws, 'EV_DROP');
    advanceAndDrain(w.gaplic, w.clock, 5);
    await until(() => w.recorder.kws('EV_ON_CLOSE').length === 1, w.gaplic);
    assert.deepEqual(closeKw(w), [[1006, 'no close frame within 5 s']]);
  });

  test('GWebSocket bad input - EV_DROP while connecting gives up the attempt (no fault)', async () => {
    const w = world();
    const raw = await peer(() => {});
    const ws = client(w, raw.url);
    w.gaplic.sendEvent(ws, 'EV_DROP');
    await until(() => w.recorder.kws('EV_ON_CLOSE').length === 1, w.gaplic);
    assert.deepEqual(closeKw(w), [[1006, 'dropped while connecting']]);
    assert.deepEqual(w.faults, []);
  });

  test('GWebSocket bad input - wrong kw and options throw coded errors', async () => {
    const w = world();
    const raw = await peer(() => {});
    const ws = client(w, raw.url);
    await until(() => ws.getCurrentState() === 'ST_OPEN', w.gaplic);
    const send = (data: unknown) => () => w.gaplic.sendEvent(ws, 'EV_SEND_MESSAGE', { data });
    assert.throws(send(undefined), { code: 'NET_WS_BAD_MESSAGE' });
    assert.throws(send(10n), { code: 'NET_WS_BAD_MESSAGE' });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.throws(send(cycle), { code: 'NET_WS_BAD_MESSAGE' });
    const drop = (kw: Record<string, unknown>) => () => w.gaplic.sendEvent(ws, 'EV_DROP', kw);
    assert.throws(drop({ code: 1006 }), { code: 'NET_WS_BAD_CLOSE' });
    assert.throws(drop({ code: 3000.5 }), { code: 'NET_WS_BAD_CLOSE' });
    assert.throws(drop({ reason: 'r'.repeat(124) }), { code: 'NET_WS_BAD_CLOSE' });
    assert.equal(ws.getCurrentState(), 'ST_OPEN'); // nothing was sent
    assert.throws(() => w.gaplic.createGObj('c2', GWebSocket, w.recorder, { url: 'http://x' }), {
      code: 'GCONFIG_INVALID_VALUE',
    });
    assert.throws(() => w.gaplic.createGObj('c3', GWebSocket, w.recorder, { accept: 'json' }), {
      code: 'GCONFIG_INVALID_VALUE',
    });
    const idle = w.gaplic.createGObj('c4', GWebSocket, w.recorder);
    assert.throws(() => w.gaplic.sendEvent(idle, 'EV_CONNECT'), { code: 'NET_WS_BAD_OPTION' });
    assert.throws(() => w.gaplic.sendEvent(idle, 'EV_CONNECT', { url: 'tcp://x' }), {
      code: 'NET_WS_BAD_OPTION',
    });
    assert.throws(
      () => w.gaplic.createGObj('s2', GWebSocketServer, w.recorder, { httpServer: {} as never }),
      { code: 'NET_WS_BAD_OPTION' },
    );
    assert.throws(() => w.gaplic.createGObj('s3', GWebSocketServer, w.recorder, { path: 'ws' }), {
      code: 'GCONFIG_INVALID_VALUE',
    });
  });

  test('GWebSocket bad input - a port in use: listening rejects with NET_WS_LISTEN_FAILED (WS_LISTEN_FAILED)', async () => {
    const w = world();
    const url = await server(w);
    const port = Number(new URL(url).port);
    const second = w.gaplic.createGObj('second', GWebSocketServer, w.recorder, { port });
    cleanups.push(() => destroyGObj(second));
    await assert.rejects(second.listening, { code: 'NET_WS_LISTEN_FAILED' });
    assert.deepEqual(faultCodes(w), ['WS_LISTEN_FAILED']);
  });
});
