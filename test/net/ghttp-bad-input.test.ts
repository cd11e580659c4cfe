// GHttpServer against bad input, over real sockets on 127.0.0.1: a port in use, malformed
// requests, oversized headers and bodies, slow clients, a client that never reads, apps
// that fail or never answer, wrong options. Each ends as an answer and a fault (or a
// thrown error) with a code, and the server goes on serving. The gaplic runs on a
// TestClock (responseTimeout fires when a test advances it); the slow-client tests wait
// in real time, because the 408 is Node's own timer (headersTimeout, requestTimeout).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { GHttpServer, destroyGObj, type HttpFetchApp } from '../../src/node.js';
import { advanceAndDrain, resetGlobals } from '../../src/testing/index.js';
import { Site, get, raw, serve, statusOf, stopServers } from './http-helpers.js';
import { faultCodes, until, world } from './ws-helpers.js';

afterEach(() => {
  stopServers();
  resetGlobals();
});

const hello = (_req: IncomingMessage, res: ServerResponse): void => {
  res.end('hello');
};

/** A Node listener that reads the whole body and answers its length. */
const counter = (req: IncomingMessage, res: ServerResponse): void => {
  let length = 0;
  req.on('data', (chunk: Buffer) => (length += chunk.length));
  req.on('end', () => res.end(`got ${length}`));
};

const fetchCounter: HttpFetchApp = {
  fetch: async (request) => new Response(`got ${(await (request as Request).text()).length}`),
};

/** A request whose body is sent in chunks of `size` bytes (`count` of them). */
function chunked(path: string, count: number, size: number): string {
  const chunk = `${size.toString(16)}\r\n${'x'.repeat(size)}\r\n`;
  return `POST ${path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.repeat(count)}0\r\n\r\n`;
}

/** A request declaring `length` bytes of body, of which `sent` are sent. */
function declared(path: string, length: number, sent: number, extra = ''): string {
  return `POST ${path} HTTP/1.1\r\nHost: t\r\nContent-Length: ${length}\r\n${extra}\r\n${'x'.repeat(sent)}`;
}

describe('GHttpServer bad input', () => {
  test('GHttpServer bad input - a port in use: listening rejects with NET_HTTP_LISTEN_FAILED, fault HTTP_LISTEN_FAILED', async () => {
    const first = await serve({ application: hello });
    const w = world();
    const second = w.gaplic.createGObj('http', GHttpServer, w.recorder, {
      application: hello,
      port: first.port,
    });
    await assert.rejects(second.listening, {
      code: 'NET_HTTP_LISTEN_FAILED',
      message: `GHttpServer:http: cannot listen on 127.0.0.1:${first.port}: listen EADDRINUSE: address already in use 127.0.0.1:${first.port}`,
    });
    assert.deepEqual(faultCodes(w), ['HTTP_LISTEN_FAILED']);
    assert.equal(second.address, null);
    destroyGObj(second);
    assert.equal((await get(`${first.url}/`)).text, 'hello');
  });

  test('GHttpServer bad input - malformed requests get 400 and a closed connection; the server goes on', async () => {
    const h = await serve({ application: hello });
    const garbage = await raw(h.port, 'NOT HTTP AT ALL\r\n\r\n');
    assert.equal(statusOf(garbage), 400);
    assert.match(garbage, /\r\nConnection: close\r\n/);
    const badHeader = await raw(h.port, 'GET / HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n');
    assert.equal(statusOf(badHeader), 400);
    assert.deepEqual(faultCodes(h), ['HTTP_BAD_REQUEST', 'HTTP_BAD_REQUEST']);
    assert.match(
      h.faults[0]!.message,
      /^GHttpServer:http: 127\.0\.0\.1:\d+: answered 400: malformed request \(.+, HPE_[A-Z_]+\)$/,
    );
    // After a good request on the same connection, garbage is still answered.
    const after = await raw(h.port, 'GET / HTTP/1.1\r\nHost: t\r\n\r\n\x01\x02\x03\r\n\r\n');
    assert.match(after, /^HTTP\/1\.1 200 OK[\s\S]*hello[\s\S]*HTTP\/1\.1 400 Bad Request/);
    assert.equal((await get(`${h.url}/`)).text, 'hello');
    assert.equal(h.server.stats.clientErrors, 3);
  });

  test('GHttpServer bad input - a header block over maxHeaderSize gets 431 (HTTP_HEADERS_TOO_LARGE)', async () => {
    const h = await serve({ application: hello, maxHeaderSize: 1024 });
    const answer = await raw(
      h.port,
      `GET / HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(2000)}\r\n\r\n`,
    );
    assert.equal(statusOf(answer), 431);
    assert.deepEqual(faultCodes(h), ['HTTP_HEADERS_TOO_LARGE']);
    assert.match(
      h.faults[0]!.message,
      /^GHttpServer:http: 127\.0\.0\.1:\d+: answered 431: header block over maxHeaderSize \(1024 bytes\)$/,
    );
    assert.equal((await get(`${h.url}/`)).text, 'hello');
  });

  test('GHttpServer bad input - a body over maxBodySize gets 413 for each kind of app, declared or chunked', async () => {
    const w = world();
    const site = w.gaplic.createGObj('site', Site, w.recorder);
    let called = 0;
    const h = await serve(
      {
        maxBodySize: 1000,
        apps: {
          '/node': (req: IncomingMessage, res: ServerResponse) => {
            called++;
            counter(req, res);
          },
          '/fetch': fetchCounter,
          '/gobj': site,
        },
      },
      w,
    );
    for (const path of ['/node', '/fetch', '/gobj']) {
      const tooLong = await raw(h.port, declared(path, 2000, 100));
      assert.equal(statusOf(tooLong), 413, `${path} declared`);
      assert.match(tooLong, /413 Payload Too Large: body over 1000 bytes\n$/);
      assert.equal(statusOf(await raw(h.port, chunked(path, 3, 600))), 413, `${path} chunked`);
    }
    assert.equal(called, 1); // the chunked one: its listener runs, then its stream is cut
    assert.equal(site.requests.length, 0);
    assert.deepEqual(faultCodes(w), Array<string>(6).fill('HTTP_BODY_TOO_LARGE'));
    assert.equal(
      w.faults[0]!.message,
      'GHttpServer:http: POST /node: answered 413: body over maxBodySize (1000 bytes)',
    );
    assert.equal(h.server.stats.tooLarge, 6);
    // Within the limit, each gets its body.
    assert.equal(
      (await get(`${h.url}/node`, { method: 'POST', body: 'x'.repeat(1000) })).text,
      'got 1000',
    );
    assert.equal(
      (await get(`${h.url}/fetch`, { method: 'POST', body: 'x'.repeat(999) })).text,
      'got 999',
    );
    const viaGObj = await get(`${h.url}/gobj`, { method: 'POST', body: 'abc' });
    assert.equal((JSON.parse(viaGObj.text) as { body: string }).body, 'abc');
    const small = await raw(h.port, chunked('/node', 2, 400));
    assert.match(small, /got 800$/);
  });

  test('GHttpServer bad input - Expect: 100-continue with a body over maxBodySize gets 413 and no 100', async () => {
    const h = await serve({ maxBodySize: 10, application: counter });
    const answer = await raw(h.port, declared('/', 11, 0, 'Expect: 100-continue\r\n'));
    assert.equal(statusOf(answer), 413);
    assert.doesNotMatch(answer, /100 Continue/);
    const socket = connect(h.port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.write(declared('/', 5, 0, 'Expect: 100-continue\r\n'));
    await until(() => text.includes('100 Continue'));
    socket.end('12345');
    await until(() => text.endsWith('got 5'));
    socket.destroy();
  });

  test('GHttpServer bad input - a client too slow to send its headers or its body gets 408 (HTTP_REQUEST_TIMEOUT)', async () => {
    const h = await serve({ headersTimeout: 0.2, requestTimeout: 0.3, application: fetchCounter });
    const slowHeaders = await raw(h.port, 'GET / HTTP/1.1\r\nHost: t\r\n');
    assert.equal(statusOf(slowHeaders), 408);
    const slowBody = await raw(h.port, declared('/', 10, 5));
    assert.equal(statusOf(slowBody), 408);
    assert.deepEqual(faultCodes(h), ['HTTP_REQUEST_TIMEOUT', 'HTTP_REQUEST_TIMEOUT']);
    assert.match(
      h.faults[0]!.message,
      /^GHttpServer:http: 127\.0\.0\.1:\d+: answered 408: request too slow \(headersTimeout 0\.2 s, requestTimeout 0\.3 s\)$/,
    );
    assert.equal((await get(`${h.url}/`, { method: 'POST', body: 'fast' })).text, 'got 4');
  });

  test('GHttpServer bad input - a client that never reads a streamed response holds a bounded amount; its going away cancels the stream', async () => {
    const CHUNK = 64 * 1024;
    let pulled = 0;
    let cancelled = false;
    const h = await serve({
      apps: {
        '/': hello,
        '/big': {
          fetch: () =>
            new Response(
              new ReadableStream<Uint8Array>({
                pull(controller) {
                  pulled += CHUNK;
                  controller.enqueue(new Uint8Array(CHUNK));
                },
                cancel() {
                  cancelled = true;
                },
              }),
            ),
        },
      },
    });
    const socket: Socket = connect(h.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.pause(); // it never reads
    socket.write('GET /big HTTP/1.1\r\nHost: t\r\n\r\n');
    // Until the pulls stop: the socket's buffers (and the kernel's) are full.
    let last = -1;
    while (pulled !== last) {
      last = pulled;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(pulled > CHUNK, `pulled ${pulled}`);
    assert.ok(pulled < 32 * 1024 * 1024, `pulled ${pulled} bytes for a client that reads nothing`);
    socket.destroy();
    await until(() => cancelled);
    await until(() => h.server.stats.aborted === 1);
    assert.equal((await get(`${h.url}/`)).text, 'hello');
  });

  test('GHttpServer bad input - apps that throw, reject, answer no Response or refuse the event get 500 (HTTP_APP_FAILED)', async () => {
    const w = world();
    const site = w.gaplic.createGObj('site', Site, w.recorder);
    site.mode = 'throw';
    const h = await serve(
      {
        apps: {
          '/sync': () => {
            throw new Error('sync');
          },
          '/async': async () => {
            await Promise.resolve();
            throw new Error('async');
          },
          '/fetch-throws': {
            fetch: () => {
              throw new Error('fetch');
            },
          },
          '/fetch-rejects': { fetch: () => Promise.reject(new Error('rejected')) },
          '/fetch-42': { fetch: () => 42 },
          '/gobj': site,
          '/refuses': w.recorder,
          '/stream-fails': {
            fetch: () => {
              let pulls = 0;
              return new Response(
                new ReadableStream({
                  pull(controller) {
                    // Two chunks go out (the head with them), then the stream fails.
                    if (++pulls <= 2) controller.enqueue(new Uint8Array(10));
                    else controller.error(new Error('disk gone'));
                  },
                }),
              );
            },
          },
          '/fails-first': {
            fetch: () =>
              new Response(
                new ReadableStream({
                  pull(controller) {
                    controller.enqueue(new Uint8Array(10));
                    controller.error(new Error('disk gone'));
                  },
                }),
              ),
          },
          '/unwritable': {
            fetch: () => new Response('x', { headers: { 'x-a': 'a\u0001b' } }),
          },
        },
      },
      w,
    );
    for (const path of ['/sync', '/async', '/fetch-throws', '/fetch-rejects', '/fetch-42']) {
      const answer = await get(`${h.url}${path}`);
      assert.deepEqual([answer.status, answer.text], [500, '500 Internal Server Error\n'], path);
    }
    assert.equal((await get(`${h.url}/gobj`)).status, 500);
    assert.equal((await get(`${h.url}/refuses`)).status, 500);
    await assert.rejects(get(`${h.url}/stream-fails`)); // its head was sent: cut
    assert.equal((await get(`${h.url}/fails-first`)).status, 500); // before its head: 500
    assert.equal((await get(`${h.url}/unwritable`)).status, 500);
    const app = faultCodes(w).filter((code) => code === 'HTTP_APP_FAILED');
    assert.equal(app.length, 10);
    assert.deepEqual(
      w.faults
        .filter((f) => f.code === 'HTTP_APP_FAILED')
        .map((f) => f.message.replace(/^GHttpServer:http: /, '').replace(/\n\s+at [\s\S]*/, '')),
      [
        'GET /sync: answered 500: the app at /sync threw Error: sync',
        'GET /async: answered 500: the app at /async rejected with Error: async',
        'GET /fetch-throws: answered 500: the app at /fetch-throws threw Error: fetch',
        'GET /fetch-rejects: answered 500: the app at /fetch-rejects threw Error: rejected',
        'GET /fetch-42: answered 500: the app at /fetch-42 answered 42 (number), expected a Response',
        'GET /gobj: answered 500: the app at /gobj threw Error: site broke',
        "GET /refuses: answered 500: the app at /refuses (Recorder:recorder) does not accept EV_HTTP_REQUEST in state 'ST_IDLE'",
        'GET /stream-fails: connection cut: the body stream of the app at /stream-fails failed: Error: disk gone',
        'GET /fails-first: answered 500: the app at /fails-first answered a Response that could not be written: Error: disk gone',
        'GET /unwritable: answered 500: the app at /unwritable answered a Response that could not be written: TypeError [ERR_INVALID_CHAR]: Invalid character in header content ["x-a"]',
      ],
    );
    assert.ok(faultCodes(w).includes('EVENT_UNKNOWN'));
    assert.equal(h.server.stats.appErrors, 10);
  });

  test('GHttpServer bad input - an app that does not answer within responseTimeout: 503 (HTTP_RESPONSE_TIMEOUT); a late answer harms nothing', async () => {
    const w = world();
    const site = w.gaplic.createGObj('site', Site, w.recorder);
    site.mode = 'hold';
    const silent: ServerResponse[] = [];
    let fetched = 0;
    const h = await serve(
      {
        responseTimeout: 5,
        apps: {
          '/node': (_req: IncomingMessage, res: ServerResponse) => void silent.push(res),
          '/fetch': { fetch: () => (fetched++, new Promise<Response>(() => {})) },
          '/gobj': site,
          '/fast': hello,
        },
      },
      w,
    );
    const node = get(`${h.url}/node`);
    const gobj = get(`${h.url}/gobj`);
    await until(() => silent.length === 1 && site.held.length === 1);
    advanceAndDrain(w.gaplic, w.clock, 3);
    const fetch = get(`${h.url}/fetch`);
    await until(() => fetched === 1);
    assert.equal((await get(`${h.url}/fast`)).text, 'hello'); // answered: not timed out
    advanceAndDrain(w.gaplic, w.clock, 2); // 5 s for the first two, 2 s for the fetch
    for (const answer of [await node, await gobj]) {
      assert.deepEqual(
        [answer.status, answer.text],
        [503, '503 Service Unavailable: response timeout\n'],
      );
    }
    assert.equal(h.server.stats.timeouts, 2);
    advanceAndDrain(w.gaplic, w.clock, 3);
    assert.equal((await fetch).status, 503);
    assert.deepEqual(faultCodes(w), Array<string>(3).fill('HTTP_RESPONSE_TIMEOUT'));
    assert.equal(
      w.faults[0]!.message,
      'GHttpServer:http: GET /node: answered 503: the app at /node did not answer within 5 s (responseTimeout)',
    );
    // Late answers: the listener finds its response sent; the gobj's answer is refused.
    assert.equal(silent[0]!.headersSent, true);
    silent[0]!.end('too late');
    assert.equal(site.answer(site.held[0]!), false);
    assert.deepEqual(faultCodes(w).slice(3), ['HTTP_UNKNOWN_REQUEST']);
    assert.equal((await get(`${h.url}/fast`)).text, 'hello');
  });

  test('GHttpServer bad input - a client that goes away before a gobj answers: the answer is refused, the server goes on', async () => {
    const w = world();
    const site = w.gaplic.createGObj('site', Site, w.recorder);
    site.mode = 'hold';
    const h = await serve({ application: site }, w);
    const socket = connect(h.port, '127.0.0.1');
    socket.write('GET /gone HTTP/1.1\r\nHost: t\r\n\r\n');
    await until(() => site.held.length === 1);
    socket.destroy();
    await until(() => h.server.stats.aborted === 1);
    assert.equal(site.answer(site.held[0]!), false);
    assert.deepEqual(faultCodes(w), ['HTTP_UNKNOWN_REQUEST']);
  });

  test('GHttpServer bad input - more connections than maxConnections are closed at once (HTTP_TOO_MANY_CONNECTIONS)', async () => {
    const h = await serve({ application: hello, maxConnections: 1 });
    const first = connect(h.port, '127.0.0.1');
    await once(first, 'connect');
    await until(() => h.server.stats.connections === 1);
    const second = await raw(h.port, 'GET / HTTP/1.1\r\nHost: t\r\n\r\n');
    assert.equal(second, '');
    await until(() => h.faults.length === 1);
    assert.deepEqual(faultCodes(h), ['HTTP_TOO_MANY_CONNECTIONS']);
    assert.match(
      h.faults[0]!.message,
      /^GHttpServer:http: refused a connection from 127\.0\.0\.1:\d+: maxConnections \(1\) are open$/,
    );
    first.destroy();
  });

  test('GHttpServer bad input - wrong options throw NET_HTTP_BAD_OPTION naming the key, the value and what was expected', () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { apps: { api: hello } },
        `apps prefix got "api" (string), expected a path starting with '/'`,
      ],
      [
        { apps: 'not json' },
        'apps got "not json" (string), expected an object of URL prefix → application',
      ],
      [
        { apps: { '/x': 42 } },
        "apps['/x'] got 42 (number), expected a Node listener (req, res), an object with a fetch(request) method or a gobj, or 'gobj:<unique name>' or a global app name",
      ],
      [
        { apps: { '/a': hello, '/a/': hello } },
        'apps prefix got "/a/" (string), expected a prefix given once',
      ],
      [
        { apps: { '/': hello }, application: hello },
        "application got function hello, expected null when apps has the prefix '/'",
      ],
      [
        { apps: { '/a b': hello } },
        'apps prefix got "/a b" (string), expected a path without ?, # or spaces',
      ],
      [{ maxBodySize: -1 }, 'maxBodySize got -1 (number), expected an integer >= 0'],
      [{ maxHeaderSize: 0 }, 'maxHeaderSize got 0 (number), expected an integer >= 1'],
      [
        { responseTimeout: -2 },
        'responseTimeout got -2 (number), expected a number of seconds >= 0',
      ],
      [
        { headersTimeout: 100, requestTimeout: 10 },
        'headersTimeout got 100 (number), expected at most requestTimeout (10 s)',
      ],
      [
        { tlsCert: 'cert.pem' },
        'tlsKey got "" (string), expected PEM text or a PEM file, as both tlsCert and tlsKey are',
      ],
    ];
    for (const [kw, message] of cases) {
      const w = world();
      assert.throws(() => w.gaplic.createGObj('http', GHttpServer, w.recorder, kw), {
        code: 'NET_HTTP_BAD_OPTION',
        message: `GHttpServer:http: ${message}`,
      });
    }
    const w = world();
    assert.throws(
      () =>
        w.gaplic.createGObj('http', GHttpServer, w.recorder, {
          tlsCert: '/nowhere/cert.pem',
          tlsKey: '/nowhere/key.pem',
        }),
      { code: 'NET_BAD_TLS' },
    );
    assert.throws(() => new GHttpServer().startUp(), { code: 'GOBJ_NO_GAPLIC' });
  });

  test('GHttpServer bad input - EV_HTTP_RESPONSE with a wrong kw throws NET_HTTP_BAD_RESPONSE; the request still waits', async () => {
    const w = world();
    const site = w.gaplic.createGObj('site', Site, w.recorder);
    site.mode = 'hold';
    const h = await serve({ application: site }, w);
    const pending = get(`${h.url}/x`);
    await until(() => site.held.length === 1);
    const requestId = site.held[0]!.request.id;
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'requestId got undefined, expected the id of the request of an EV_HTTP_REQUEST'],
      [{ requestId, status: 99 }, 'status got 99 (number), expected an integer from 200 to 599'],
      [
        { requestId, headers: { a: {} } },
        'headers got [object Object], expected an object of header name → text, number or list of texts',
      ],
      [
        { requestId, body: 10n },
        'body got 10 (bigint), expected text, bytes or a value JSON can write',
      ],
      [
        { requestId, headers: { 'bad name': 'x' } },
        'headers got [object Object], expected headers Node can write (Header name must be a valid HTTP token ["bad name"])',
      ],
      [
        { requestId, headers: { 'x-a': 'a\u0001b' } },
        'headers got [object Object], expected headers Node can write (Invalid character in header content ["x-a"])',
      ],
    ];
    for (const [kw, message] of cases) {
      assert.throws(() => w.gaplic.sendEvent(h.server, 'EV_HTTP_RESPONSE', kw as never), {
        code: 'NET_HTTP_BAD_RESPONSE',
        message: `GHttpServer:http: EV_HTTP_RESPONSE ${message}`,
      });
    }
    w.gaplic.sendEvent(h.server, 'EV_HTTP_RESPONSE', { requestId, body: { fine: true } });
    const answer = await pending;
    assert.deepEqual(
      [answer.text, answer.headers.get('content-type')],
      ['{"fine":true}', 'application/json'],
    );
  });
});
