// GHttpServer over real sockets on 127.0.0.1 (an HTTP server needs a real connection:
// that is what is tested). Its gaplic runs on a TestClock, so responseTimeout fires only
// when a test advances it; the waits are for socket I/O.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { Hono } from 'hono';
import WebSocket from 'ws';
import {
  GHttpServer,
  GWebSocketServer,
  destroyGObj,
  setGlobalApp,
  type HttpFetchApp,
  type HttpFetchInfo,
  type HttpFetchRequest,
} from '../../src/node.js';
import { resetGlobals } from '../../src/testing/index.js';
import { REPO_ROOT } from '../repo-root.js';
import { Site, get, serve, stopServers } from './http-helpers.js';
import { faultCodes, until, world } from './ws-helpers.js';

const TLS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'tls');

afterEach(() => {
  stopServers();
  resetGlobals();
});

/** A JSON answer's fields. */
function parsed(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

/** A Node listener that tells what it saw. */
function whoAmI(name: string) {
  return (
    req: IncomingMessage & { baseUrl?: string; originalUrl?: string },
    res: ServerResponse,
  ) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({ name, url: req.url, baseUrl: req.baseUrl, originalUrl: req.originalUrl }),
    );
  };
}

/** A fetch handler (hono's shape: fetch(request, env)) that tells what it saw. */
const api = {
  fetch: async (request: Request, info: HttpFetchInfo) =>
    Response.json({
      method: request.method,
      url: request.url,
      prefix: info.prefix,
      originalUrl: info.originalUrl,
      remote: info.remoteAddress,
      body: request.method === 'POST' ? await request.text() : null,
      header: request.headers.get('x-test'),
    }),
};

describe('GHttpServer', () => {
  test('GHttpServer - the longest prefix wins, at a segment boundary, and the app sees the path after it', async () => {
    const w = world();
    const site = w.gaplic.createGObj('site', Site, w.recorder);
    const h = await serve(
      {
        apps: {
          '/': whoAmI('root'),
          '/api': api,
          '/api/v2/': whoAmI('v2'),
          '/hello': site,
        },
      },
      w,
    );
    assert.match(h.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(h.recorder.kws('EV_LISTENING'), [
      { host: '127.0.0.1', port: h.port, url: h.url },
    ]);

    assert.deepEqual(parsed((await get(`${h.url}/x/y?z=1`)).text), {
      name: 'root',
      url: '/x/y?z=1',
      baseUrl: '',
      originalUrl: '/x/y?z=1',
    });
    assert.equal(parsed((await get(`${h.url}/apix`)).text).name, 'root');
    assert.deepEqual(parsed((await get(`${h.url}/api/v2/users?id=3`)).text), {
      name: 'v2',
      url: '/users?id=3',
      baseUrl: '/api/v2',
      originalUrl: '/api/v2/users?id=3',
    });
    assert.equal(parsed((await get(`${h.url}/api/v2`)).text).url, '/');
    assert.equal(parsed((await get(`${h.url}/api/v2?q`)).text).url, '/?q');

    const fetched = parsed(
      (await get(`${h.url}/api/users?id=2`, { headers: { 'x-test': 'yes' } })).text,
    );
    assert.deepEqual(fetched, {
      method: 'GET',
      url: `${h.url}/users?id=2`,
      prefix: '/api',
      originalUrl: '/api/users?id=2',
      remote: '127.0.0.1',
      body: null,
      header: 'yes',
    });
    const posted = await get(`${h.url}/api/items`, { method: 'POST', body: 'a posted body' });
    assert.equal(parsed(posted.text).body, 'a posted body');
    assert.equal(posted.headers.get('content-type'), 'application/json');

    const hello = await get(`${h.url}/hello/you?a=1&a=2&b=3`, { method: 'POST', body: 'hi' });
    assert.equal(hello.status, 200);
    assert.equal(hello.headers.get('x-site'), 'site');
    assert.deepEqual(parsed(hello.text), {
      method: 'POST',
      url: '/hello/you?a=1&a=2&b=3',
      prefix: '/hello',
      path: '/you',
      query: { a: ['1', '2'], b: '3' },
      body: 'hi',
    });
    const [seen] = site.requests;
    assert.equal(seen!.headers['content-length'], '2');
    assert.equal(seen!.remoteAddress, '127.0.0.1');
    assert.ok(seen!.remotePort > 0);
    assert.deepEqual(faultCodes(w), []);
  });

  test('GHttpServer - no prefix matches: 404, counted; application serves every path', async () => {
    const h = await serve({ apps: { '/api': api } });
    const missing = await get(`${h.url}/nothing`);
    assert.equal(missing.status, 404);
    assert.equal(missing.text, '404 Not Found\n');
    assert.equal(h.server.stats.notFound, 1);

    const one = await serve({ application: whoAmI('all'), port: 0 }, world());
    assert.equal(parsed((await get(`${one.url}/any/where`)).text).url, '/any/where');
  });

  test('GHttpServer - a global app name is resolved at its first request: 500 and HTTP_UNKNOWN_APP until it is registered', async () => {
    const w = world();
    const site = w.gaplic.createGObj('site', Site, w.recorder, { uniqueName: true });
    const h = await serve(
      { apps: { '/': 'later', '/api': 'app:api', '/g': 'gobj:site', '/none': 'gobj:nobody' } },
      w,
    );
    const early = await get(`${h.url}/x`);
    assert.equal(early.status, 500);
    assert.equal(early.text, '500 Internal Server Error\n');
    assert.deepEqual(faultCodes(w), ['HTTP_UNKNOWN_APP']);
    assert.equal(
      w.faults[0]!.message,
      "GHttpServer:http: GET /x: answered 500: no global app is named 'later' (setGlobalApp)",
    );

    setGlobalApp('later', whoAmI('later'));
    setGlobalApp('api', api);
    assert.equal(parsed((await get(`${h.url}/x`)).text).name, 'later');
    assert.equal(parsed((await get(`${h.url}/api/v`)).text).url, `${h.url}/v`);
    assert.equal(parsed((await get(`${h.url}/g/p`)).text).path, '/p');
    assert.equal(site.requests.length, 1);
    assert.equal((await get(`${h.url}/none`)).status, 500);
    assert.equal(
      w.faults.at(-1)!.message,
      "GHttpServer:http: GET /none: answered 500: no gobj has the unique name 'nobody'",
    );
    // Kept once resolved: another value under the name does not change the route.
    setGlobalApp('later', whoAmI('other'));
    assert.equal(parsed((await get(`${h.url}/x`)).text).name, 'later');
    // A global app that is no application.
    setGlobalApp('bad', 42);
    const bad = await serve({ apps: { '/': 'bad' }, exposeErrors: true }, world());
    const refused = await get(`${bad.url}/`);
    assert.equal(refused.status, 500);
    assert.match(refused.text, /the global app 'bad' is 42 \(number\), expected a Node listener/);
  });

  test('GHttpServer - a gobj app answers later, by event; an answer to no waiting request is HTTP_UNKNOWN_REQUEST', async () => {
    const w = world();
    const site = w.gaplic.createGObj('site', Site, w.recorder);
    site.mode = 'hold';
    const h = await serve({ apps: { '/': site } }, w);
    const pending = get(`${h.url}/later`);
    await until(() => site.held.length === 1);
    const [held] = site.held;
    assert.equal(held!.server, h.server);
    assert.equal(site.answer(held!, 201), true);
    const answered = await pending;
    assert.equal(answered.status, 201);
    assert.equal(parsed(answered.text).path, '/later');
    assert.equal(answered.headers.get('content-length'), String(answered.text.length));

    assert.equal(site.answer(held!), false); // answered already
    assert.deepEqual(faultCodes(w), ['HTTP_UNKNOWN_REQUEST']);
    assert.equal(
      w.faults[0]!.message,
      `GHttpServer:http: EV_HTTP_RESPONSE for request ${held!.request.id}, which waits for no response (answered, timed out, its client gone, or never made)`,
    );
    assert.equal(w.faults[0]!.event, 'EV_HTTP_RESPONSE');

    // Text and bytes bodies, headers, a default status.
    const text = get(`${h.url}/t`);
    await until(() => site.held.length === 2);
    w.gaplic.sendEvent(h.server, 'EV_HTTP_RESPONSE', {
      requestId: site.held[1]!.request.id,
      headers: { 'set-cookie': ['a=1', 'b=2'], 'x-n': 7 },
      body: 'plain',
    });
    const t = await text;
    assert.deepEqual(
      [
        t.status,
        t.text,
        t.headers.get('content-type'),
        t.headers.getSetCookie(),
        t.headers.get('x-n'),
      ],
      [200, 'plain', 'text/plain; charset=utf-8', ['a=1', 'b=2'], '7'],
    );
    const bytes = get(`${h.url}/b`);
    await until(() => site.held.length === 3);
    w.gaplic.sendEvent(h.server, 'EV_HTTP_RESPONSE', {
      requestId: site.held[2]!.request.id,
      status: 202,
      headers: { 'content-type': 'image/x-test' },
      body: Uint8Array.of(1, 2, 3),
    });
    const b = await bytes;
    assert.deepEqual(
      [b.status, b.text, b.headers.get('content-type')],
      [202, '\u0001\u0002\u0003', 'image/x-test'],
    );
  });

  test('GHttpServer - without apps, every request goes to the subscriber as EV_HTTP_REQUEST', async () => {
    const w = world();
    const site = w.gaplic.createGObj('site', Site, w.gaplic);
    const h = await serve({}, w, site);
    const answer = parsed((await get(`${h.url}/p?x=1`)).text);
    assert.deepEqual([answer.prefix, answer.path, answer.query], ['', '/p', { x: '1' }]);
    const other = w.gaplic.createGObj('other', Site, w.recorder);
    const viaSubscriber = await serve({ subscriber: other, port: 0 }, w);
    await get(`${viaSubscriber.url}/q`);
    assert.equal(other.requests.length, 1);
  });

  test('GHttpServer - a GWebSocketServer mounted on its httpServer shares the port with the HTTP apps', async () => {
    const w = world();
    w.recorder.echo = true;
    const h = await serve({ apps: { '/': whoAmI('root'), '/api': api } }, w);
    const ws = w.gaplic.createGObj('ws', GWebSocketServer, w.recorder, {
      httpServer: h.server.httpServer,
      path: '/ws',
    });
    const address = await ws.listening;
    assert.equal(address.url, `ws://127.0.0.1:${h.port}/ws`);
    const client = new WebSocket(address.url);
    const echoed = new Promise<string>((resolve) =>
      client.once('message', (data: Buffer) => resolve(data.toString())),
    );
    client.once('open', () => client.send('over the same port'));
    await until(() => w.recorder.kws('EV_ON_MESSAGE').length === 1, w.gaplic);
    assert.equal(await echoed, 'over the same port');
    assert.equal(parsed((await get(`${h.url}/ws/not-an-upgrade`)).text).name, 'root');
    assert.equal(parsed((await get(`${h.url}/api/x`)).text).prefix, '/api');
    client.close();
    await until(() => w.recorder.kws('EV_ON_CLOSE').length === 1, w.gaplic);
    destroyGObj(ws);
    assert.deepEqual(faultCodes(w), []);
  });

  test('GHttpServer - keep-alive: requests of one connection, counted by stats', async () => {
    const h = await serve({ apps: { '/': whoAmI('root') } });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const reused: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: h.port, path: `/${i}`, agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        reused.push(req.reusedSocket);
        req.end();
      });
    }
    assert.deepEqual(reused, [false, true, true]);
    assert.equal(h.server.stats.connections, 1);
    await get(`${h.url}/x`);
    await until(() => h.server.stats.responses === 4);
    assert.deepEqual(h.server.stats, {
      requests: 4,
      responses: 4,
      aborted: 0,
      notFound: 0,
      clientErrors: 0,
      tooLarge: 0,
      appErrors: 0,
      timeouts: 0,
      connections: 2,
    });
    agent.destroy();
    await until(() => h.server.stats.connections === 1);
  });

  test('GHttpServer - https with tlsCert and tlsKey (files or PEM text)', async () => {
    const cert = readFileSync(join(TLS_DIR, 'cert.pem'), 'utf8');
    const h = await serve({
      apps: { '/': whoAmI('secure') },
      tlsCert: cert,
      tlsKey: join(TLS_DIR, 'key.pem'),
    });
    assert.match(h.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const body = await new Promise<string>((resolve, reject) => {
      httpsRequest(
        { host: '127.0.0.1', port: h.port, path: '/s', ca: cert, servername: 'localhost' },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        },
      )
        .on('error', reject)
        .end();
    });
    assert.equal(parsed(body).name, 'secure');
  });

  test('GHttpServer - a fetch handler: streamed bodies go chunked, whole ones with a length; Set-Cookie lines kept apart', async () => {
    const encoder = new TextEncoder();
    const h = await serve({
      apps: {
        '/stream': {
          fetch: () =>
            new Response(
              new ReadableStream({
                start(controller) {
                  controller.enqueue(encoder.encode('one,'));
                  controller.enqueue(encoder.encode('two'));
                  controller.close();
                },
              }),
              { status: 206, statusText: 'Partial' },
            ),
        },
        '/json': {
          fetch: () => {
            const headers = new Headers({ 'x-a': '1' });
            headers.append('set-cookie', 'a=1');
            headers.append('set-cookie', 'b=2');
            return Response.json({ ok: true }, { headers });
          },
        },
        '/empty': { fetch: () => new Response(null, { status: 204 }) },
        '/lone': {
          fetch: () =>
            new Response(
              new ReadableStream({
                start(controller) {
                  controller.enqueue(encoder.encode('alone'));
                  controller.close();
                },
              }),
            ),
        },
      },
    });
    const stream = await get(`${h.url}/stream`);
    assert.deepEqual(
      [stream.status, stream.text, stream.headers.get('transfer-encoding')],
      [206, 'one,two', 'chunked'],
    );
    const json = await get(`${h.url}/json`);
    assert.deepEqual(
      [
        json.text,
        json.headers.get('content-length'),
        json.headers.getSetCookie(),
        json.headers.get('x-a'),
      ],
      ['{"ok":true}', '11', ['a=1', 'b=2'], '1'],
    );
    const empty = await get(`${h.url}/empty`);
    assert.deepEqual([empty.status, empty.text], [204, '']);
    const lone = await get(`${h.url}/lone`);
    assert.deepEqual([lone.text, lone.headers.get('content-length')], ['alone', '5']);
  });

  test('GHttpServer - the Request of a fetch handler is a Request: its body, clone() and signal work', async () => {
    let signal: AbortSignal | undefined;
    const h = await serve({
      apps: {
        '/': {
          async fetch(request: HttpFetchRequest) {
            const r = request as Request;
            signal = r.signal;
            const copy = r.clone();
            return Response.json({
              isRequest: r instanceof Request,
              text: await r.text(),
              copy: await copy.text(),
              used: r.bodyUsed,
              again: new Request(r.url, { headers: r.headers }).headers.get('x-h'),
            });
          },
        },
      },
    });
    const answer = await get(`${h.url}/p`, {
      method: 'PUT',
      body: 'body',
      headers: { 'x-h': 'v' },
    });
    assert.deepEqual(parsed(answer.text), {
      isRequest: true,
      text: 'body',
      copy: 'body',
      used: true,
      again: 'v',
    });
    assert.equal(signal?.aborted, false);
  });

  test('GHttpServer - a hono app is a fetch handler as it is: routes after the prefix, the prefix in c.env', async () => {
    const app = new Hono<{ Bindings: HttpFetchInfo }>();
    app.get('/users/:id', (c) =>
      c.json({ id: c.req.param('id'), q: c.req.query('q') ?? null, prefix: c.env.prefix }),
    );
    app.post('/echo', async (c) => c.json(await c.req.json(), 201));
    const typed: HttpFetchApp = app; // its type fits, without a cast
    const h = await serve({ apps: { '/api': typed, '/': whoAmI('root') } });
    assert.deepEqual(parsed((await get(`${h.url}/api/users/42?q=x`)).text), {
      id: '42',
      q: 'x',
      prefix: '/api',
    });
    const echoed = await get(`${h.url}/api/echo`, {
      method: 'POST',
      body: JSON.stringify({ n: 1 }),
      headers: { 'content-type': 'application/json' },
    });
    assert.deepEqual([echoed.status, parsed(echoed.text)], [201, { n: 1 }]);
    assert.equal((await get(`${h.url}/api/nothing`)).status, 404); // hono's own 404
    assert.equal(parsed((await get(`${h.url}/else`)).text).name, 'root');
  });

  test('GHttpServer - apps written inline are typed; an ini value of apps is a JSON object of names', async () => {
    const w = world();
    // Compiles under noImplicitAny only if req and res get their types from HttpApp.
    const server = w.gaplic.createGObj('typed', GHttpServer, w.recorder, {
      apps: { '/': (req, res) => res.end(`inline ${req.url ?? ''}`) },
    });
    const { url } = await server.listening;
    assert.equal((await get(`${url}/x`)).text, 'inline /x');
    destroyGObj(server);

    setGlobalApp('site', whoAmI('site'));
    const ini = await serve({ apps: '{ "/": "site", "/none": "nobody" }' }, w);
    assert.equal(parsed((await get(`${ini.url}/p`)).text).name, 'site');
    assert.equal((await get(`${ini.url}/none`)).status, 500);
  });

  test('GHttpServer - exposeErrors shows the error of a failed app in its 500', async () => {
    const w = world();
    const h = await serve(
      {
        exposeErrors: true,
        apps: {
          '/': () => {
            throw new Error('out of paper');
          },
        },
      },
      w,
    );
    const failed = await get(`${h.url}/print`);
    assert.equal(failed.status, 500);
    assert.equal(failed.text, '500 Internal Server Error: threw Error: out of paper\n');
    assert.deepEqual(faultCodes(w), ['HTTP_APP_FAILED']);
  });
});
