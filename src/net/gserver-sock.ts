/**
 * GServerSock: a TCP (or TLS) server as a gobj (ginsfsm's GServerSock). Each accepted
 * connection becomes a child GSock named `clisrv_<n in hex>` whose events go to the
 * server's subscriber (by default the server's parent): EV_CONNECTED at once, then
 * EV_RX_DATA / EV_TRANSMIT_READY, and EV_DISCONNECTED, after which the server destroys
 * the child in a later turn of the loop (a subscriber must not keep it; one that
 * destroys it itself may).
 *
 * It listens from its start, on `port` or on the first port of `ports` it can have.
 * Binding a port is asynchronous in Node, so `createGObj` cannot throw for a port in
 * use: the failure is a fault (SOCK_LISTEN_FAILED), and `listening` rejects with
 * NET_LISTEN_FAILED for whoever awaits it. A wrong TLS file is known at once and throws
 * NET_BAD_TLS from `createGObj`.
 *
 * Beyond `maxConnections` open connections, a new one is closed at once (fault
 * SOCK_TOO_MANY_CONNECTIONS): the peer sees its connection end before any data.
 */
import { createServer as netServer, type Server, type Socket } from 'node:net';
import { createServer as tlsServer, type TLSSocket } from 'node:tls';
import { codedError } from '../errors.js';
import type { GEvent } from '../gobj/gevent.js';
import { GObj } from '../gobj/gobj.js';
import type { GConfigTemplate } from '../gconfig/template.js';
import { kDestroyed, kFault, kLabel, kReportError } from '../symbols.js';
import { errorMessage } from '../util/error-text.js';
import { formatAddress, type Destination } from './address.js';
import { adoption } from './adoption.js';
import { GSock } from './gsock.js';
import { between, DEFAULT_TX_QUEUE_LIMIT } from './gsock-config.js';
import { socketErrorText } from './socket-error.js';
import { serverPems } from './tls.js';

function acChildDisconnected(server: GServerSock, event: GEvent): void {
  server.postEvent(server, 'EV_DESTROY_GSOCK', { gsock: event.kw.gsock });
}

function acDestroyGSock(server: GServerSock, event: GEvent): void {
  const gsock = event.kw.gsock as GSock;
  // Its subscriber may have destroyed it already (ginsfsm logged an error then).
  if (!gsock.destroyed) server.destroyGObj(gsock);
}

const fsm = {
  eventList: ['EV_DISCONNECTED: bottom input', 'EV_DESTROY_GSOCK'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_DISCONNECTED', acChildDisconnected, null],
      ['EV_DESTROY_GSOCK', acDestroyGSock, null],
    ],
  },
} as const;

const gconfig = {
  subscriber: {
    type: 'any',
    default: null as GObj | string | null,
    description:
      'Who receives the events of the connections (a gobj or unique name); null = the parent',
  },
  host: { type: 'str', default: '127.0.0.1', description: 'Address to listen on' },
  port: {
    type: 'int',
    default: 0,
    description: 'Port to listen on (0: any free port; `await server.listening` tells)',
    validate: (n: number) => between(n, 0, 65535),
  },
  ports: {
    type: 'list',
    default: [] as unknown[],
    description:
      'Ports to try in turn, the first free one is taken (when given, `port` is not used)',
    validate: (list: unknown[]) => list.map(asPort),
  },
  tlsCert: { type: 'str', default: '', description: 'PEM certificate, or its file: a TLS server' },
  tlsKey: { type: 'str', default: '', description: 'PEM private key, or its file' },
  maxConnections: {
    type: 'int',
    default: 10000,
    description: 'Connections open at once; beyond, new ones are closed at once (0: no limit)',
    validate: (n: number) => between(n, 0, Number.MAX_SAFE_INTEGER),
  },
  backlog: {
    type: 'int',
    default: 511,
    description: 'Connections the kernel keeps waiting to be accepted',
    validate: (n: number) => between(n, 1, 65535),
  },
  noDelay: { type: 'bool', default: true, description: 'TCP_NODELAY on the connections' },
  txQueueLimit: {
    type: 'int',
    default: DEFAULT_TX_QUEUE_LIMIT,
    description: 'txQueueLimit of each connection (bytes waiting to be sent)',
    validate: (n: number) => between(n, 1, Number.MAX_SAFE_INTEGER),
  },
  idleTimeout: {
    type: 'float',
    default: 0,
    description: 'idleTimeout of each connection, in seconds (0: never)',
    validate: (s: number) => between(s, 0, 86400 * 365),
  },
  traceDump: { type: 'bool', default: false, description: 'traceDump of each connection' },
} as const satisfies GConfigTemplate;

function asPort(value: unknown): number {
  const port = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new Error(`${String(value)} is not a port (0..65535)`);
}

export class GServerSock extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = fsm;
  static override gconfig = gconfig;
  #server: Server | null = null;
  #address: Destination | null = null;
  #listening: Promise<Destination> | null = null;
  #closed: Promise<void> = Promise.resolve();
  #serial = 0;

  override startUp(): void {
    const { tlsCert, tlsKey } = this.config;
    const label = this[kLabel]();
    if (this.config.subscriber === null && this.parent === null) {
      throw codedError(
        'GOBJ_BAD_SUBSCRIBER',
        `${label}: the events of the connections need a subscriber, and the server has no parent`,
      );
    }
    if ((tlsCert ?? '') !== '' || (tlsKey ?? '') !== '') {
      if (!tlsCert || !tlsKey) {
        throw codedError('NET_BAD_TLS', `${label}: a TLS server needs both tlsCert and tlsKey`);
      }
    }
    const pems = tlsCert && tlsKey ? serverPems(label, tlsCert, tlsKey) : null;
    const server =
      pems !== null
        ? tlsServer({ ...pems, allowHalfOpen: true })
        : netServer({ allowHalfOpen: true });
    server.on(pems !== null ? 'secureConnection' : 'connection', (socket: Socket) =>
      this.#accepted(socket),
    );
    server.on('tlsClientError', (error: Error, socket: TLSSocket) =>
      this[kFault](
        'SOCK_ERROR',
        `${label}: TLS handshake with ${peerOf(socket)} failed: ${socketErrorText(error)}`,
        null,
      ),
    );
    this.#server = server;
    const ports = this.config.ports as number[];
    this.#listening = this.#listen(server, ports.length > 0 ? ports : [this.config.port]);
    // Whoever awaits `listening` sees the error; the fault is reported either way.
    this.#listening.catch(() => {});
  }

  override goOut(): void {
    const server = this.#server;
    this.#server = null;
    if (server === null || !server.listening) return;
    // The connections are the children, destroyed with it: the server closes at once.
    this.#closed = new Promise((resolve) => server.close(() => resolve()));
  }

  /** Resolves with the address once listening; rejects with NET_LISTEN_FAILED. */
  get listening(): Promise<Destination> {
    return this.#listening ?? Promise.reject(new Error('not started'));
  }

  /** The address listened on, once listening. */
  get address(): Destination | null {
    return this.#address;
  }

  /** Connections open (child GSocks not yet destroyed). */
  get connections(): number {
    return this.children.length;
  }

  /** Resolves when the listening socket is closed, after the gobj was destroyed. */
  closed(): Promise<void> {
    return this.#closed;
  }

  async #listen(server: Server, ports: readonly number[]): Promise<Destination> {
    const host = this.config.host ?? '127.0.0.1';
    const failures: string[] = [];
    for (const port of ports) {
      try {
        await listenOn(server, host, port, this.config.backlog);
      } catch (error) {
        failures.push(errorMessage(error));
        continue;
      }
      const address = server.address() as { address: string; port: number };
      this.#address = { host: address.address, port: address.port };
      // Destroyed while it was binding: close what was just opened.
      if (this[kDestroyed]) this.#closed = new Promise((resolve) => server.close(() => resolve()));
      return this.#address;
    }
    const label = this[kLabel]();
    const message =
      ports.length === 1
        ? `${label}: cannot listen on ${formatAddress(host, ports[0]!)}: ${failures[0]!}`
        : `${label}: cannot listen on ${host}, ports ${ports.join(', ')}: ${failures.join('; ')}`;
    this[kFault]('SOCK_LISTEN_FAILED', message, null);
    throw codedError('NET_LISTEN_FAILED', message);
  }

  #accepted(socket: Socket): void {
    const label = this[kLabel]();
    const max = this.config.maxConnections;
    if (this[kDestroyed]) {
      socket.destroy();
      return;
    }
    if (max > 0 && this.children.length >= max) {
      this[kFault](
        'SOCK_TOO_MANY_CONNECTIONS',
        `${label}: connection from ${peerOf(socket)} refused: maxConnections (${max}) are open`,
        null,
      );
      socket.on('error', () => {});
      socket.destroy();
      return;
    }
    try {
      const { subscriber, noDelay, txQueueLimit, idleTimeout, traceDump } = this.config;
      const gsock = this.createGObj(`clisrv_${(++this.#serial).toString(16)}`, GSock, this, {
        subscriber: subscriber ?? this.parent,
        noDelay,
        txQueueLimit,
        idleTimeout,
        traceDump,
      });
      gsock.subscribeEvent('EV_DISCONNECTED', this, { hardSubscription: true });
      adoption.adopt(gsock, socket);
    } catch (error) {
      socket.destroy();
      this.gaplic?.[kReportError](error, 'callback');
    }
  }
}

function peerOf(socket: Socket): string {
  const { remoteAddress, remotePort } = socket;
  return remoteAddress === undefined ? 'a peer' : formatAddress(remoteAddress, remotePort ?? 0);
}

function listenOn(server: Server, host: string, port: number, backlog: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error): void => {
      server.off('listening', listened);
      reject(error);
    };
    const listened = (): void => {
      server.off('error', failed);
      resolve();
    };
    server.once('error', failed);
    server.once('listening', listened);
    server.listen({ host, port, backlog });
  });
}
