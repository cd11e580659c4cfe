/**
 * GWebSocketServer: accepts WebSocket connections and makes one child GWebSocket per
 * connection, whose events (EV_ON_OPEN, EV_ON_MESSAGE, EV_ON_CLOSE...) go to the server's
 * subscriber (default: its parent), as ginsfsm's GServerSock does with its GSocks. A
 * child is destroyed after its EV_ON_CLOSE (later, through the queue): the subscriber
 * must not keep it past that event.
 *
 * Where it listens:
 *   - its own port: `host` and `port` (0: a free port), HTTP or HTTPS (`tlsCert`, `tlsKey`);
 *     upgrades to another path than `path` get 404, plain requests 426;
 *   - mounted on an existing Node `http.Server` / `https.Server` (`httpServer`): it adds an
 *     'upgrade' listener and takes the upgrades whose path is `path` ('' = every path),
 *     leaving the others to the server's other listeners (when it is the only one, it
 *     answers them 404). The server stays its owner's: destroying this gobj removes the
 *     listener and never closes the server.
 *   - driven by a host that dispatches upgrades itself: `handleUpgrade(request, socket,
 *     head)` takes one and says whether it did (its path matched).
 *
 * Connections get the server's endpoint parameters (maxPayload, accept, pingInterval,
 * pingTimeout, closeTimeout, maxBuffered).
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Server as TlsServer } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import { codedError } from '../errors.js';
import type { GEvent } from '../gobj/gevent.js';
import { GObj } from '../gobj/gobj.js';
import { broadcast } from '../gobj/publish.js';
import type { GConfigTemplate } from '../gconfig/template.js';
import { kFault, kLabel } from '../symbols.js';
import { describeValue } from '../util/describe-value.js';
import { errorMessage } from '../util/error-text.js';
import { GWebSocket, WS_ENDPOINT_GCONFIG } from './gwebsocket.js';
import { pem } from './ws-frames.js';
import type { WsHttpServer, WsUpgradeRequest, WsUpgradeSocket } from './ws-shapes.js';

/** Where a GWebSocketServer listens. */
export interface WsAddress {
  readonly host: string;
  readonly port: number;
  /** `ws://host:port/path` or `wss://...`. */
  readonly url: string;
}

function aPath(value: string): string {
  if (value !== '' && !value.startsWith('/')) throw new Error("must be '' or start with '/'");
  return value;
}

const gconfig = {
  subscriber: {
    type: 'any',
    default: null as GObj | string | null,
    description: "Who receives the connections' events (a gobj or unique name); null = the parent",
  },
  host: { type: 'str', default: '127.0.0.1', description: 'Address of its own port' },
  port: { type: 'int', default: 0, description: 'Its own port (0: any free port)' },
  path: {
    type: 'str',
    default: '',
    validate: aPath,
    description: "The path of its upgrades ('' = every path)",
  },
  httpServer: {
    type: 'any',
    default: null as WsHttpServer | null,
    description: 'A Node http.Server or https.Server to mount on (null: its own port)',
  },
  tlsCert: {
    type: 'str',
    default: '',
    description: 'PEM certificate (text or file) of its own port: wss://',
  },
  tlsKey: { type: 'str', default: '', description: 'PEM key (text or file) of tlsCert' },
  ...WS_ENDPOINT_GCONFIG,
} as const satisfies GConfigTemplate;

function acChildClosed(server: GWebSocketServer, event: GEvent): void {
  const child = event.kw.websocket as GWebSocket;
  if (!child.destroyed) server.destroyGObj(child);
}

const fsm = {
  eventList: ['EV_LISTENING: top output', 'EV_ON_CLOSE: bottom input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_ON_CLOSE', acChildClosed, null]] },
} as const;

const NOT_FOUND = 'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

function isHttpServer(value: unknown): value is WsHttpServer {
  const server = value as Partial<Server> | null;
  return (
    typeof server === 'object' &&
    server !== null &&
    typeof server.on === 'function' &&
    typeof server.off === 'function' &&
    typeof server.listenerCount === 'function' &&
    typeof server.address === 'function'
  );
}

export class GWebSocketServer extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = fsm;
  static override gconfig = gconfig;
  #wss: WebSocketServer | null = null;
  /** The server whose upgrades we take; `#own` when we made it. */
  #server: WsHttpServer | null = null;
  /** Our own server, when we made it (closed with us). */
  #own: Server | null = null;
  #listening: Promise<WsAddress> | null = null;
  #address: WsAddress | null = null;
  #serial = 0;
  readonly #onUpgrade = (
    request: WsUpgradeRequest,
    socket: WsUpgradeSocket,
    head: Uint8Array,
  ): void => {
    if (this.handleUpgrade(request, socket, head)) return;
    // Another listener may want it (another mount, the host's own handler).
    if (this.#own !== null || this.#server?.listenerCount('upgrade') === 1) socket.end(NOT_FOUND);
  };

  override startUp(): void {
    this.subscribeEvent(null, this.config.subscriber);
    const { httpServer, tlsCert, tlsKey } = this.config;
    const where = this[kLabel]();
    if (httpServer !== null && !isHttpServer(httpServer)) {
      throw codedError(
        'NET_WS_BAD_OPTION',
        `${where}: httpServer got ${describeValue(httpServer)}, expected a Node http.Server or https.Server`,
      );
    }
    if (httpServer !== null && (tlsCert || tlsKey)) {
      throw codedError(
        'NET_WS_BAD_OPTION',
        `${where}: tlsCert and tlsKey are for its own port; a mounted server's TLS is its httpServer's`,
      );
    }
    this.#wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: this.config.maxPayload,
      perMessageDeflate: false,
    });
    this.#listening = httpServer !== null ? this.#mount(httpServer) : this.#listen();
    // Whoever awaits `listening` sees the error; the fault is logged either way.
    this.#listening.catch(() => {});
  }

  override goOut(): void {
    this.#server?.off('upgrade', this.#onUpgrade);
    this.#server = null;
    this.#own?.close();
    this.#own?.closeAllConnections();
    this.#wss?.close();
  }

  /** Resolves with the address once it listens; rejects with NET_WS_LISTEN_FAILED. */
  get listening(): Promise<WsAddress> {
    return this.#listening ?? Promise.reject(new Error('not started'));
  }

  /** The address, once listening. */
  get address(): WsAddress | null {
    return this.#address;
  }

  /** The connections open now (its children). */
  get connections(): readonly GWebSocket[] {
    return this.children as readonly GWebSocket[];
  }

  /**
   * Takes an upgrade request whose path is `path` (any with path ''), and answers the
   * handshake; false (nothing done) for another path, or once destroyed. For hosts that
   * dispatch upgrades themselves (a GHttpServer's hook).
   */
  handleUpgrade(request: WsUpgradeRequest, socket: WsUpgradeSocket, head: Uint8Array): boolean {
    const wss = this.#wss;
    const path = this.config.path ?? '';
    if (wss === null || this.destroyed) return false;
    const pathname = new URL(request.url ?? '/', 'http://h').pathname;
    if (path !== '' && pathname !== path) return false;
    // The shapes are those of Node's objects, which is what a host hands over.
    const nodeRequest = request as IncomingMessage;
    wss.handleUpgrade(nodeRequest, socket as Duplex, head as Buffer, (ws) =>
      this.#accept(ws, nodeRequest, pathname),
    );
    return true;
  }

  #accept(ws: WebSocket, request: IncomingMessage, path: string): void {
    if (this.destroyed) {
      ws.terminate();
      return;
    }
    const { remoteAddress = '?', remotePort = 0 } = request.socket;
    const c = this.config;
    const child = this.createGObj(`ws-${++this.#serial}`, GWebSocket, this, {
      subscriber: c.subscriber ?? this.parent,
      maxPayload: c.maxPayload,
      accept: c.accept,
      pingInterval: c.pingInterval,
      pingTimeout: c.pingTimeout,
      closeTimeout: c.closeTimeout,
      maxBuffered: c.maxBuffered,
    });
    child.subscribeEvent('EV_ON_CLOSE', this, { hardSubscription: true, usePostEvent: true });
    child.adopt(ws, `${remoteAddress}:${remotePort}`, path);
  }

  async #mount(server: WsHttpServer): Promise<WsAddress> {
    this.#server = server;
    server.on('upgrade', this.#onUpgrade);
    if (!server.listening) await new Promise<void>((resolve) => server.once('listening', resolve));
    return this.#listened(server, server instanceof TlsServer ? 'wss' : 'ws');
  }

  async #listen(): Promise<WsAddress> {
    const { host, port, tlsCert, tlsKey } = this.config;
    const where = `${this[kLabel]()}: cannot listen on ${host}:${port}`;
    let server: Server;
    const refuse = (request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      response.writeHead(426, { Upgrade: 'websocket', 'Content-Type': 'text/plain' });
      response.end('WebSocket only\n');
    };
    try {
      server =
        tlsCert || tlsKey
          ? createHttpsServer({ cert: pem(tlsCert ?? ''), key: pem(tlsKey ?? '') }, refuse)
          : createHttpServer(refuse);
    } catch (error) {
      throw this.#listenFailed(
        `${where}: bad TLS certificate or key: ${errorMessage(error)}`,
        error,
      );
    }
    this.#server = server;
    this.#own = server;
    server.on('upgrade', this.#onUpgrade);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host ?? '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.#server = null;
      this.#own = null;
      throw this.#listenFailed(`${where}: ${errorMessage(error)}`, error);
    }
    if (this.destroyed) server.close();
    return this.#listened(server, tlsCert || tlsKey ? 'wss' : 'ws');
  }

  #listened(server: WsHttpServer, scheme: 'ws' | 'wss'): WsAddress {
    const address = server.address() as AddressInfo;
    const host = address.address.includes(':') ? `[${address.address}]` : address.address;
    const url = `${scheme}://${host}:${address.port}${this.config.path ?? ''}`;
    this.#address = { host: address.address, port: address.port, url };
    if (!this.destroyed) broadcast(this, 'EV_LISTENING', this, { ...this.#address });
    return this.#address;
  }

  #listenFailed(message: string, cause: unknown): Error {
    this[kFault]('WS_LISTEN_FAILED', message, null, cause);
    return codedError('NET_WS_LISTEN_FAILED', message, { cause });
  }
}
