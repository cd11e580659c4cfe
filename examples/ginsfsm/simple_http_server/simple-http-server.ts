/**
 * ginsfsm's `http/simple_http_server.py`: a SimpleHttpServer gobj whose GHttpServer child
 * (`http-server`) sends it every request as EV_HTTP_REQUEST; it answers each with the same
 * three lines of text/plain and closes the connection (ginsfsm's `HttpSimpleOkResponse`),
 * and says when a channel (a connection) opens and closes. The original's inactivity and
 * responseless timeouts are the server's `keepAliveTimeout` and `responseTimeout`.
 *
 *   node build/src/cli/gserve.js examples/ginsfsm/simple_http_server/app.ini [port=8000]
 */
import type { Server, Socket } from 'node:net';
import {
  GAplic,
  GHttpServer,
  GObj,
  checkFsm,
  type GEvent,
  type GHttpServerKw,
  type Kw,
} from '../../../src/node.js';
import type { LocalConf } from '../conf.js';

/** The fixed body of every answer. */
export const SIMPLE_BODY = 'Hello World!\nThis is a simple ginsfsm HTTP server.\nBye.\n';

function acListening(simple: SimpleHttpServer, event: GEvent): void {
  console.log(`SimpleHttpServer: listening on ${String(event.kw.url)}`);
  // Connections are Node's: they come back into the machine as posted events.
  const server = simple.http.httpServer as unknown as Server;
  server.on('connection', (socket: Socket) => {
    const peer = `${socket.remoteAddress ?? ''}:${socket.remotePort ?? 0}`;
    simple.postEvent(simple, 'EV_CHANNEL_OPENED', { peer });
    socket.once('close', () => {
      if (!simple.destroyed) simple.postEvent(simple, 'EV_CHANNEL_CLOSED', { peer });
    });
  });
}

function acChannelOpened(simple: SimpleHttpServer, event: GEvent): void {
  simple.channels++;
  console.log(`SimpleHttpServer: channel ${simple.channels} opened (${String(event.kw.peer)})`);
}

function acChannelClosed(_simple: SimpleHttpServer, event: GEvent): void {
  console.log(`SimpleHttpServer: channel closed (${String(event.kw.peer)})`);
}

function acRequest(simple: SimpleHttpServer, event: GEvent): void {
  const { request, server } = event.kw as GHttpServerKw['EV_HTTP_REQUEST'];
  console.log(`SimpleHttpServer: ${request.method} ${request.url}`);
  simple.sendEvent(server, 'EV_HTTP_RESPONSE', {
    requestId: request.id,
    headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' },
    body: SIMPLE_BODY,
  });
}

const fsm = {
  eventList: [
    'EV_LISTENING: bottom input',
    'EV_HTTP_REQUEST: bottom input',
    'EV_CHANNEL_OPENED',
    'EV_CHANNEL_CLOSED',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_LISTENING', acListening, null],
      ['EV_HTTP_REQUEST', acRequest, null],
      ['EV_CHANNEL_OPENED', acChannelOpened, null],
      ['EV_CHANNEL_CLOSED', acChannelClosed, null],
    ],
  },
} as const;

export class SimpleHttpServer extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
  channels = 0;
  http!: GHttpServer;

  override startUp(): void {
    // Its parameters (host, port, timeouts) come from the ini: `http-server.port = 8000`.
    this.http = this.createGObj('http-server', GHttpServer, this);
  }
}

/** `[app:simple-http-server] use = call:.../simple-http-server.js#simpleHttpMain`. */
export function simpleHttpMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('simple-http-server', SimpleHttpServer, gaplic, { uniqueName: true });
  return gaplic;
}
