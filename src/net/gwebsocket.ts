/**
 * GWebSocket: one WebSocket connection (RFC 6455, over the `ws` package) as a gobj, on
 * either side: a client connects to its `url`; a GWebSocketServer makes one per accepted
 * connection. Its subscriber (default: its parent) receives what happens on the wire:
 *
 *   EV_ON_OPEN     { websocket, peername, path }   the connection is open
 *   EV_ON_MESSAGE  { websocket, data, binary }     one message: text (a string) or bytes
 *   EV_ON_CLOSE    { websocket, code, reason }     closed: by the peer (its close frame),
 *                                                  by us (EV_DROP, a fault), or cut (1006)
 *   EV_TRANSMIT_READY { websocket }                a peer that did not read has caught up
 *
 * and it takes EV_SEND_MESSAGE { data } (text, bytes, or any JSON value sent as JSON text)
 * and EV_DROP { code = 1000, reason = '' }; a client also takes EV_CONNECT { url? } (again
 * after EV_ON_CLOSE: reconnection is the application's, with the delay it wants).
 *
 *   ST_CLOSED ──EV_CONNECT──▶ ST_CONNECTING ──EV_OPENED──▶ ST_OPEN ──EV_DROP──▶ ST_CLOSING
 *       ▲  └──────────EV_OPENED (a server's connection)──────▲  │                   │
 *       └──────────────────────── EV_CLOSED ─────────────────┴──┴───────────────────┘
 *
 * EV_OPENED, EV_CLOSED and EV_TIMEOUT come from the socket and the gobj's own timer;
 * messages go from the socket to the subscriber directly (the hot path has no table).
 * Faults: a client that cannot connect (WS_CONNECT_FAILED), a peer that stays silent
 * after a ping (WS_PING_TIMEOUT), a message over maxPayload (WS_MESSAGE_TOO_LARGE, 1009),
 * a message of the wrong type (WS_WRONG_MESSAGE_TYPE, 1003), a peer that does not read
 * (WS_TX_OVERFLOW: beyond maxBuffered unsent bytes, messages are dropped, not queued).
 */
import { rootCertificates } from 'node:tls';
import WebSocket from 'ws';
import { codedError } from '../errors.js';
import type { GEvent, Kw } from '../gobj/gevent.js';
import { GObj } from '../gobj/gobj.js';
import type { TimerHandle } from '../gobj/host.js';
import { broadcast } from '../gobj/publish.js';
import type { GConfigTemplate } from '../gconfig/template.js';
import { kFault, kHost, kLabel } from '../symbols.js';
import { describeValue } from '../util/describe-value.js';
import { checkClose, maxBytesOf, payloadOf, pem, WS_CLOSE } from './ws-frames.js';

/** What a GWebSocket accepts from its peer. */
export type WsAccept = 'text' | 'binary' | 'any';

/** Counters of a GWebSocket (over its whole life, reconnections included). */
export interface WsCounters {
  readonly rxMsgs: number;
  readonly rxBytes: number;
  readonly txMsgs: number;
  readonly txBytes: number;
  /** Messages not sent because the peer did not read (WS_TX_OVERFLOW). */
  readonly dropped: number;
}

/** The kw of each event of a GWebSocket. */
export type GWebSocketKw = {
  readonly EV_CONNECT: { readonly url?: string };
  readonly EV_SEND_MESSAGE: { readonly data: unknown };
  readonly EV_DROP: { readonly code?: number; readonly reason?: string };
  readonly EV_ON_OPEN: {
    readonly websocket: GWebSocket;
    readonly peername: string;
    readonly path: string;
  };
  readonly EV_ON_MESSAGE: {
    readonly websocket: GWebSocket;
    readonly data: string | Uint8Array;
    readonly binary: boolean;
  };
  readonly EV_ON_CLOSE: {
    readonly websocket: GWebSocket;
    readonly code: number;
    readonly reason: string;
  };
  readonly EV_TRANSMIT_READY: { readonly websocket: GWebSocket };
};

const ACCEPTS: readonly WsAccept[] = ['text', 'binary', 'any'];

function oneOfAccepts(value: string): string {
  if (!(ACCEPTS as readonly string[]).includes(value)) {
    throw new Error(`must be 'text', 'binary' or 'any'`);
  }
  return value;
}

function atLeastOne(value: number): number {
  if (!(value >= 1)) throw new Error('must be >= 1');
  return value;
}

function notNegative(value: number): number {
  if (!(value >= 0)) throw new Error('must be >= 0');
  return value;
}

function wsUrl(value: string): string {
  if (value !== '' && !/^wss?:\/\//.test(value)) throw new Error('must be a ws:// or wss:// URL');
  return value;
}

/** The parameters a GWebSocketServer hands to the connections it accepts. */
export const WS_ENDPOINT_GCONFIG = {
  maxPayload: {
    type: 'int',
    default: 1024 * 1024,
    validate: atLeastOne,
    description: 'Largest message accepted, in bytes; a larger one closes with 1009',
  },
  accept: {
    type: 'str',
    default: 'any',
    validate: oneOfAccepts,
    description: "Messages accepted: 'text', 'binary' or 'any'; another type closes with 1003",
  },
  pingInterval: {
    type: 'float',
    default: 30,
    validate: notNegative,
    description: 'Seconds of silence of the peer before a ping (0: never ping)',
  },
  pingTimeout: {
    type: 'float',
    default: 10,
    validate: notNegative,
    description: 'Seconds a pinged peer has to answer before it is dropped',
  },
  closeTimeout: {
    type: 'float',
    default: 5,
    validate: notNegative,
    description: 'Seconds the peer has to answer our close frame before the socket is cut',
  },
  maxBuffered: {
    type: 'int',
    default: 4 * 1024 * 1024,
    validate: atLeastOne,
    description: 'Unsent bytes beyond which messages are dropped (a peer that does not read)',
  },
} as const satisfies GConfigTemplate;

const gconfig = {
  subscriber: {
    type: 'any',
    default: null as GObj | string | null,
    description: 'Who receives the events (a gobj or unique name); null = the parent',
  },
  url: {
    type: 'str',
    default: '',
    validate: wsUrl,
    description: "A client's ws:// or wss:// URL (it connects at start); '' on a server's side",
  },
  ca: {
    type: 'str',
    default: '',
    description: 'PEM certificate (text or file) trusted for wss:// besides the system ones',
  },
  connectTimeout: {
    type: 'float',
    default: 10,
    validate: notNegative,
    description: 'Seconds a client has to complete the opening handshake',
  },
  ...WS_ENDPOINT_GCONFIG,
} as const satisfies GConfigTemplate;

function acConnect(gobj: GWebSocket, event: GEvent): void {
  gobj.connect(event.kw.url);
}

function acOpened(gobj: GWebSocket, _event: GEvent): void {
  gobj.opened();
}

function acClosed(gobj: GWebSocket, event: GEvent): void {
  gobj.closed(event.kw.code as number, event.kw.reason as string);
}

function acSend(gobj: GWebSocket, event: GEvent): boolean {
  return gobj.send(event.kw.data);
}

function acDrop(gobj: GWebSocket, event: GEvent): void {
  const { code = WS_CLOSE.normal, reason = '' } = event.kw;
  checkClose(code, reason, gobj[kLabel]());
  gobj.close(code as number, reason as string);
}

function acAbort(gobj: GWebSocket, _event: GEvent): void {
  gobj.abort();
}

function acPingTimer(gobj: GWebSocket, _event: GEvent): void {
  gobj.checkAlive();
}

function acCloseTimer(gobj: GWebSocket, _event: GEvent): void {
  gobj.cut(`no close frame within ${gobj.config.closeTimeout} s`);
}

const fsm = {
  eventList: [
    'EV_CONNECT: top input',
    'EV_SEND_MESSAGE: top input',
    'EV_DROP: top input',
    'EV_ON_OPEN: top output',
    'EV_ON_MESSAGE: top output',
    'EV_ON_CLOSE: top output',
    'EV_TRANSMIT_READY: top output',
    'EV_OPENED: bottom input',
    'EV_CLOSED: bottom input',
    'EV_TIMEOUT: bottom input',
  ],
  stateList: ['ST_CLOSED', 'ST_CONNECTING', 'ST_OPEN', 'ST_CLOSING'],
  machine: {
    ST_CLOSED: [
      // These two actions check their kw first, then move to ST_CONNECTING / ST_CLOSING
      // themselves: a wrong kw throws and leaves the state as it was.
      ['EV_CONNECT', acConnect, null],
      ['EV_OPENED', acOpened, 'ST_OPEN'],
    ],
    ST_CONNECTING: [
      ['EV_OPENED', acOpened, 'ST_OPEN'],
      ['EV_CLOSED', acClosed, 'ST_CLOSED'],
      ['EV_DROP', acAbort, null],
    ],
    ST_OPEN: [
      ['EV_SEND_MESSAGE', acSend, null],
      ['EV_DROP', acDrop, null],
      ['EV_TIMEOUT', acPingTimer, null],
      ['EV_CLOSED', acClosed, 'ST_CLOSED'],
    ],
    ST_CLOSING: [
      ['EV_DROP', null, null],
      ['EV_TIMEOUT', acCloseTimer, null],
      ['EV_CLOSED', acClosed, 'ST_CLOSED'],
    ],
  },
} as const;

/** `gobj` sends itself `name` (typed as a GWebSocket, whatever subclass it is). */
function selfEvent(gobj: GWebSocket, name: SelfEvent, kw?: Kw): void {
  gobj.sendEvent(gobj, name, kw);
}

type SelfEvent = 'EV_CONNECT' | 'EV_OPENED' | 'EV_CLOSED' | 'EV_TIMEOUT';

export class GWebSocket extends GObj<typeof fsm, typeof gconfig, GWebSocketKw> {
  static override fsm = fsm;
  static override gconfig = gconfig;
  #ws: WebSocket | null = null;
  /** Messages are delivered (false once we refused the peer, or before it opened). */
  #open = false;
  /** The current connection was open at some point (else its close is a failed connect). */
  #wasOpened = false;
  #accept: WsAccept = 'any';
  #maxBuffered = 0;
  #peername = '';
  #path = '';
  /** The close we decided (a fault, a cut): reported instead of what the socket says. */
  #local: { code: number; reason: string } | null = null;
  #lastError = '';
  /** Something came from the peer since the last tick of the ping timer. */
  #heard = false;
  #pinged = false;
  #timer: TimerHandle | null = null;
  #congested = false;
  #rxMsgs = 0;
  #rxBytes = 0;
  #txMsgs = 0;
  #txBytes = 0;
  #dropped = 0;
  readonly #tick = (): void => {
    this.#timer = null;
    if (!this.destroyed) this.#self('EV_TIMEOUT');
  };
  /** A send that may end a congestion is written: the peer may have caught up. */
  readonly #written = (): void => {
    const ws = this.#ws;
    if (!this.#congested || ws === null || ws.bufferedAmount > this.#maxBuffered / 2) return;
    this.#congested = false;
    if (!this.destroyed) broadcast(this, 'EV_TRANSMIT_READY', this, { websocket: this });
  };

  override startUp(): void {
    this.subscribeEvent(null, this.config.subscriber);
    if (this.config.url) this.#self('EV_CONNECT');
  }

  override goOut(): void {
    this.#stopTimer();
    const ws = this.#ws;
    this.#ws = null;
    this.#open = false;
    if (ws === null) return;
    if (ws.readyState === WebSocket.OPEN) ws.close(WS_CLOSE.goingAway, 'going away');
    else ws.terminate();
  }

  /** `host:port` of the peer (a client: its URL), once connected. */
  get peername(): string {
    return this.#peername;
  }

  /** Bytes handed to the socket and not yet written to the network. */
  get bufferedAmount(): number {
    return this.#ws?.bufferedAmount ?? 0;
  }

  get counters(): WsCounters {
    return {
      rxMsgs: this.#rxMsgs,
      rxBytes: this.#rxBytes,
      txMsgs: this.#txMsgs,
      txBytes: this.#txBytes,
      dropped: this.#dropped,
    };
  }

  /** @internal A server's connection, open: this gobj is its endpoint. */
  adopt(ws: object, peername: string, path: string): void {
    this.#peername = peername;
    this.#path = path;
    this.#attach(ws as WebSocket); // typed `object`: the package's types need no @types/ws
    this.#self('EV_OPENED');
  }

  /** @internal Opens a client connection to `url` (or the configured one). */
  connect(url: unknown): void {
    const where = this[kLabel]();
    if (url !== undefined) {
      if (typeof url !== 'string' || !/^wss?:\/\//.test(url)) {
        throw codedError(
          'NET_WS_BAD_OPTION',
          `${where}: EV_CONNECT url got ${describeValue(url)}, expected a ws:// or wss:// URL`,
        );
      }
      this.writeParameter('url', url);
    }
    const target = this.config.url ?? '';
    if (target === '') {
      throw codedError(
        'NET_WS_BAD_OPTION',
        `${where}: EV_CONNECT without a url (neither in the kw nor in the gobj's url parameter)`,
      );
    }
    const { ca, connectTimeout, maxPayload } = this.config;
    this.#peername = target;
    this.#path = new URL(target).pathname;
    let ws: WebSocket;
    try {
      ws = new WebSocket(target, {
        maxPayload,
        perMessageDeflate: false,
        handshakeTimeout: Math.max(1, Math.round(connectTimeout * 1000)),
        // Node's `ca` replaces its trusted roots: keep them, and add the given CA.
        ...(ca ? { ca: [...rootCertificates, pem(ca)] } : {}),
      });
    } catch (error) {
      // ws throws for URLs it cannot use (a bad host); the CA file may be missing.
      throw codedError(
        'NET_WS_BAD_OPTION',
        `${where}: cannot connect to ${target}: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
    this.#wasOpened = false;
    this.setNewState('ST_CONNECTING');
    this.#attach(ws);
    ws.once('open', () => {
      if (this.#ws === ws && !this.destroyed) this.#self('EV_OPENED');
    });
  }

  /** @internal The connection is open. */
  opened(): void {
    this.#open = true;
    this.#wasOpened = true;
    this.#local = null;
    this.#lastError = '';
    this.#congested = false;
    this.#accept = (this.config.accept ?? 'any') as WsAccept;
    this.#maxBuffered = this.config.maxBuffered;
    this.#heard = false;
    this.#pinged = false;
    if (this.config.pingInterval > 0) this.#startTimer(this.config.pingInterval);
    broadcast(this, 'EV_ON_OPEN', this, {
      websocket: this,
      peername: this.#peername,
      path: this.#path,
    });
  }

  /** @internal The socket is closed: the one EV_ON_CLOSE of this connection. */
  closed(code: number, reason: string): void {
    this.#stopTimer();
    this.#ws = null;
    this.#open = false;
    const local = this.#local;
    this.#local = null;
    const shown = local ?? { code, reason: reason !== '' ? reason : this.#lastError };
    if (local === null && !this.#wasOpened) {
      this[kFault](
        'WS_CONNECT_FAILED',
        `${this[kLabel]()}: cannot connect to ${this.config.url}: ${shown.reason}`,
        null,
      );
    }
    broadcast(this, 'EV_ON_CLOSE', this, { websocket: this, ...shown });
  }

  /** @internal Sends one message; false when it was dropped (the peer does not read). */
  send(data: unknown): boolean {
    const ws = this.#ws!;
    const payload = payloadOf(data, this[kLabel]());
    const buffered = ws.bufferedAmount;
    if (buffered > this.#maxBuffered) {
      this.#dropped++;
      if (!this.#congested) {
        this.#congested = true;
        this[kFault](
          'WS_TX_OVERFLOW',
          `${this[kLabel]()}: ${this.#peername} does not read: over ${this.#maxBuffered} bytes unsent (maxBuffered); messages are dropped until it catches up`,
          'EV_SEND_MESSAGE',
        );
      }
      return false;
    }
    this.#txMsgs++;
    this.#txBytes += typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
    const binary = typeof payload !== 'string';
    // Only a send that may start a congestion needs to say when it is written: the last
    // one before a congestion always does, so its end is always seen.
    if (buffered + maxBytesOf(payload) > this.#maxBuffered / 2) {
      ws.send(payload, { binary }, this.#written);
    } else {
      ws.send(payload, { binary });
    }
    return true;
  }

  /** @internal Starts the closing handshake (EV_DROP). */
  close(code: number, reason: string): void {
    this.setNewState('ST_CLOSING');
    this.#open = false;
    this.#stopTimer();
    this.#ws!.close(code, reason);
    this.#startTimer(this.config.closeTimeout);
  }

  /** @internal EV_DROP while connecting: give up the attempt. */
  abort(): void {
    this.#local = { code: WS_CLOSE.abnormal, reason: 'dropped while connecting' };
    this.#ws?.terminate();
  }

  /** @internal Drops the connection at once (a dead peer); EV_ON_CLOSE says 1006 and why. */
  cut(reason: string): void {
    this.#open = false;
    this.#local = { code: WS_CLOSE.abnormal, reason };
    this.#ws?.terminate();
  }

  /** @internal A tick of the ping timer: the peer spoke, or is pinged, or is dead. */
  checkAlive(): void {
    const { pingInterval, pingTimeout } = this.config;
    if (this.#heard) {
      this.#heard = false;
      this.#pinged = false;
      this.#startTimer(pingInterval);
    } else if (!this.#pinged) {
      this.#pinged = true;
      this.#ws!.ping();
      this.#startTimer(pingTimeout);
    } else {
      this[kFault](
        'WS_PING_TIMEOUT',
        `${this[kLabel]()}: ${this.#peername} did not answer a ping within ${pingTimeout} s; connection dropped`,
        null,
      );
      this.cut(`no answer to a ping within ${pingTimeout} s`);
    }
  }

  #attach(ws: WebSocket): void {
    this.#ws = ws;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.#open) this.#message(ws, data, isBinary);
    });
    ws.on('pong', () => (this.#heard = true));
    ws.on('ping', () => (this.#heard = true));
    ws.on('error', (error: Error & { code?: string }) => this.#error(error));
    ws.on('close', (code: number, reason: Buffer) => {
      if (this.#ws === ws && !this.destroyed) {
        this.#self('EV_CLOSED', { code, reason: reason.toString() });
      }
    });
  }

  #message(ws: WebSocket, data: Buffer, binary: boolean): void {
    this.#heard = true;
    const accept = this.#accept;
    if (accept !== 'any' && binary !== (accept === 'binary')) {
      const got = binary ? 'binary' : 'text';
      this[kFault](
        'WS_WRONG_MESSAGE_TYPE',
        `${this[kLabel]()}: ${this.#peername} sent a ${got} message, only ${accept} is accepted; closed with 1003`,
        null,
      );
      this.#open = false;
      this.#local = { code: WS_CLOSE.unsupportedData, reason: `${accept} messages only` };
      this.#stopTimer();
      ws.close(WS_CLOSE.unsupportedData, `${accept} messages only`);
      this.setNewState('ST_CLOSING');
      this.#startTimer(this.config.closeTimeout);
      return;
    }
    this.#rxMsgs++;
    this.#rxBytes += data.length;
    broadcast(this, 'EV_ON_MESSAGE', this, {
      websocket: this,
      data: binary ? data : data.toString('utf8'),
      binary,
    });
  }

  #error(error: Error & { code?: string }): void {
    this.#lastError = error.message;
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' && this.#local === null) {
      const max = this.config.maxPayload;
      this[kFault](
        'WS_MESSAGE_TOO_LARGE',
        `${this[kLabel]()}: ${this.#peername} sent a message over maxPayload (${max} bytes); closed with 1009`,
        null,
      );
      this.#open = false;
      this.#local = { code: WS_CLOSE.tooBig, reason: `message over ${max} bytes` };
    }
  }

  /** An event of the socket or the timer, through the machine. */
  #self(name: SelfEvent, kw?: Kw): void {
    selfEvent(this, name, kw);
  }

  #startTimer(seconds: number): void {
    const host = this[kHost];
    if (host === null) {
      throw codedError('GOBJ_NO_GAPLIC', `${this[kLabel]()}: a GWebSocket needs a gaplic to run`);
    }
    this.#timer = host.addTimeout(seconds, this.#tick);
  }

  #stopTimer(): void {
    if (this.#timer !== null) this[kHost]?.removeTimeout(this.#timer);
    this.#timer = null;
  }
}
