// Shared by the GHttpServer tests: a gclass application (Site) that records the requests
// it gets and answers them (or holds them, or fails), a GHttpServer on a free port of a
// gaplic on a TestClock (responseTimeout runs on it; the sockets are real), and clients:
// fetch, and raw bytes over a net socket for what fetch would never send.
import { once } from 'node:events';
import { connect } from 'node:net';
import {
  GHttpServer,
  GObj,
  destroyGObj,
  type GEvent,
  type GHttpServerKw,
  type HttpRequest,
} from '../../src/node.js';
import { world, type World } from './ws-helpers.js';

type RequestKw = GHttpServerKw['EV_HTTP_REQUEST'];

function acRequest(site: Site, event: GEvent): void {
  const kw = event.kw as RequestKw;
  site.requests.push(kw.request);
  if (site.mode === 'throw') throw new Error('site broke');
  if (site.mode === 'hold') {
    site.held.push(kw);
    return;
  }
  site.answer(kw);
}

const siteFsm = {
  eventList: ['EV_HTTP_REQUEST', 'EV_LISTENING'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_HTTP_REQUEST', acRequest, null],
      ['EV_LISTENING', null, null],
    ],
  },
} as const;

/** A gclass application: answers each request with what it saw, as JSON. */
export class Site extends GObj<typeof siteFsm> {
  static override fsm = siteFsm;
  mode: 'answer' | 'hold' | 'throw' = 'answer';
  readonly requests: HttpRequest[] = [];
  /** The requests held (mode 'hold'), to answer later. */
  readonly held: RequestKw[] = [];

  answer({ request, server }: RequestKw, status = 200): unknown {
    return this.sendEvent(server, 'EV_HTTP_RESPONSE', {
      requestId: request.id,
      status,
      headers: { 'x-site': this.name ?? '' },
      body: {
        method: request.method,
        url: request.url,
        prefix: request.prefix,
        path: request.path,
        query: request.query,
        body: Buffer.from(request.body).toString(),
      },
    });
  }
}

/** A world (ws-helpers) whose GHttpServer 'http' (under the recorder) listens. */
export interface HttpWorld extends World {
  readonly server: GHttpServer;
  readonly url: string;
  readonly port: number;
}

const servers: GHttpServer[] = [];

/** A GHttpServer 'http' with `kw`, listening, in `w` (a new world by default). */
export async function serve(
  kw: Record<string, unknown>,
  w: World = world(),
  parent: GObj = w.recorder,
): Promise<HttpWorld> {
  const server = w.gaplic.createGObj('http', GHttpServer, parent, kw);
  servers.push(server);
  const { url, port } = await server.listening;
  return { ...w, server, url, port };
}

/** Destroys the servers of the test (afterEach). */
export function stopServers(): void {
  for (const server of servers.splice(0)) if (!server.destroyed) destroyGObj(server);
}

/** GET (or `init`) `url`: status, headers and text. */
export async function get(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Sends `bytes` on a new connection and returns all it gets until the server closes it. */
export async function raw(port: number, bytes: string | Buffer): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => {}); // a reset after the answer is the server's right
  await once(socket, 'connect');
  socket.write(bytes);
  await once(socket, 'close');
  return text;
}

/** The status code of the first response in `text` (raw bytes of a connection). */
export function statusOf(text: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}
