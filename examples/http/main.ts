/**
 * One GHttpServer, three applications under three prefixes:
 *
 *   /        a Node listener (req, res): a status page with the server's counters
 *   /api     a WHATWG fetch handler (what a hono app is): a small JSON API of notes
 *   /hello   a gclass: each request arrives as EV_HTTP_REQUEST, the answer leaves as
 *            EV_HTTP_RESPONSE; its state table counts the greetings
 *
 * Run as it is, it serves, asks itself one request of each kind, prints the answers and
 * stops; with --serve it goes on serving until Ctrl-C.
 *
 *   npm run compile && node build/examples/http/main.js [port] [--serve]     (port 0: any)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import process from 'node:process';
import {
  GAplic,
  GHttpServer,
  GObj,
  type GEvent,
  type GHttpServerKw,
  type HttpFetchApp,
} from '../../src/node.js';

// ---- /hello: a gclass application --------------------------------------------------------

function acGreet(hello: Hello, event: GEvent): void {
  const { request, server } = event.kw as GHttpServerKw['EV_HTTP_REQUEST'];
  const name = typeof request.query.name === 'string' ? request.query.name : 'world';
  hello.greetings++;
  hello.sendEvent(server, 'EV_HTTP_RESPONSE', {
    requestId: request.id,
    body: `hello, ${name} (greeting ${hello.greetings})\n`,
  });
}

function acListening(_hello: Hello, event: GEvent): void {
  console.log(`http: listening on ${String(event.kw.url)}`);
  process.send?.({ url: event.kw.url }); // for a parent process that waits for it
}

const helloFsm = {
  eventList: ['EV_HTTP_REQUEST', 'EV_LISTENING'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_HTTP_REQUEST', acGreet, null],
      ['EV_LISTENING', acListening, null],
    ],
  },
} as const;

class Hello extends GObj<typeof helloFsm> {
  static override fsm = helloFsm;
  greetings = 0;
}

// ---- /api: a fetch handler -----------------------------------------------------------------

const notes: string[] = [];

const api: HttpFetchApp = {
  async fetch(request) {
    const { method } = request;
    const { pathname } = new URL(request.url); // the path after /api
    if (pathname === '/notes' && method === 'GET') return Response.json({ notes });
    if (pathname === '/notes' && method === 'POST') {
      notes.push(await (request as Request).text());
      return Response.json({ added: notes.length }, { status: 201 });
    }
    return Response.json({ error: `no ${method} ${pathname}` }, { status: 404 });
  },
};

// ---- /: a Node listener ----------------------------------------------------------------------

function statusPage(server: () => GHttpServer) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    const { requests, responses, notFound } = server().stats;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`up: ${requests} requests, ${responses} answered, ${notFound} not found\n`);
  };
}

// ---- main ------------------------------------------------------------------------------------

const serve = process.argv.includes('--serve');
const port = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 0);
const gaplic = new GAplic({ name: 'http-example' });
const hello = gaplic.createGObj('hello', Hello, gaplic);
// Its subscriber is its parent, the Hello gobj: EV_LISTENING comes there.
const http: GHttpServer = gaplic.createGObj('http', GHttpServer, hello, {
  port,
  apps: { '/': statusPage(() => http), '/api': api, '/hello': hello },
});
const running = gaplic.start();
const { url } = await http.listening;
if (!serve) {
  for (const [method, path, body] of [
    ['GET', '/hello?name=gobj', undefined],
    ['POST', '/api/notes', 'buy milk'],
    ['GET', '/api/notes', undefined],
    ['GET', '/', undefined],
  ] as const) {
    const response = await fetch(`${url}${path}`, { method, body });
    console.log(
      `client: ${method} ${path} -> ${response.status} ${(await response.text()).trim()}`,
    );
  }
  gaplic.destroyGObj(hello); // closes the server
  gaplic.stop();
}
await running;
