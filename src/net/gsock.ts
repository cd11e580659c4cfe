/**
 * GSock: one TCP (or TLS) connection as a gobj (ginsfsm's GSock). What happens to the
 * connection reaches its subscriber (by default its parent) as events; data to send
 * comes by event or by method.
 *
 *   in   EV_CONNECT { host?, port? }     a client connects (default: config host/port)
 *        EV_SEND_DATA { data }           write and flush (bytes, or a string as UTF-8)
 *        EV_DROP                         end the connection now, unsent data discarded
 *   out  EV_CONNECTED { gsock, localHost, localPort, peerHost, peerPort }
 *        EV_RX_DATA { gsock, data }      a chunk as read (a Buffer), no framing
 *        EV_TRANSMIT_READY { gsock }     data held back by a full socket went out
 *        EV_DISCONNECTED { gsock, reason, message }   once per connection or attempt
 *
 * Backpressure is Node's: `send()` returns false when data waits in memory because the
 * kernel buffer is full, and EV_TRANSMIT_READY follows once it has all been written.
 * What waits is bounded by `txQueueLimit`: beyond it the peer does not read, and as a
 * byte stream cannot lose a piece the connection is dropped (fault SOCK_TX_OVERFLOW,
 * reason 'overflow').
 *
 * Socket happenings (connect, data, end, drain, close) are handled at once when the
 * gaplic's queue is empty, else queued behind the events already there, in order (as
 * GTimer's timeouts); while many wait, the socket stops reading and TCP slows the peer.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { codedError } from '../errors.js';
import type { FaultCode } from '../faults.js';
import type { GEvent } from '../gobj/gevent.js';
import { GObj } from '../gobj/gobj.js';
import type { GObjHost, TimerHandle } from '../gobj/host.js';
import { broadcast } from '../gobj/publish.js';
import { safeLog } from '../logger.js';
import {
  kDepth,
  kDestroyed,
  kEnqueueCall,
  kFault,
  kHost,
  kLabel,
  kReportError,
} from '../symbols.js';
import { describeValue } from '../util/describe-value.js';
import { formatAddress, isPort, type Destination } from './address.js';
import { adoption } from './adoption.js';
import { GSOCK_GCONFIG } from './gsock-config.js';
import { hexdump } from './hexdump.js';
import { socketErrorText } from './socket-error.js';
import { clientCa } from './tls.js';

/** Why a connection ended (`kw.reason` of EV_DISCONNECTED). */
export type DisconnectReason =
  /** `close()` on this side: flushed, then closed. */
  | 'closed'
  /** `drop()` or EV_DROP on this side (a connect timeout of GConnex, too). */
  | 'dropped'
  /** The peer closed its side (end of stream); what we had to send was sent first. */
  | 'peer-closed'
  /** The connection attempt was refused (nothing listens there). */
  | 'refused'
  /** The peer reset the connection (ECONNRESET, EPIPE). */
  | 'reset'
  /** Nothing received or sent for `idleTimeout` seconds. */
  | 'idle'
  /** More than `txQueueLimit` bytes waited to be sent. */
  | 'overflow'
  /** Another failure (unreachable host, TLS handshake...): see `kw.message`. */
  | 'error';

/** The kw of each GSock event. */
export type GSockEvents = {
  EV_CONNECT: { host?: string; port?: number };
  EV_SEND_DATA: { data: Uint8Array | string };
  EV_DROP: Record<string, never>;
  EV_CONNECTED: {
    gsock: GSock;
    localHost: string;
    localPort: number;
    peerHost: string;
    peerPort: number;
  };
  /** `data` is a Node `Buffer` (a Uint8Array). */
  EV_RX_DATA: { gsock: GSock; data: Uint8Array };
  EV_TRANSMIT_READY: { gsock: GSock };
  EV_DISCONNECTED: { gsock: GSock; reason: DisconnectReason; message: string };
};

/** Bytes and messages (chunks) through a GSock, since its creation. */
export interface GSockCounters {
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly rxMsgs: number;
  readonly txMsgs: number;
}

type Input = 'connect' | 'data' | 'end' | 'drain' | 'close';

/** Socket happenings waiting in the gaplic's queue beyond which the socket stops reading. */
const MAX_PENDING_INPUT = 16;
/** Seconds a closed side waits for the peer's end before the socket is destroyed. */
const CLOSE_LINGER_SECONDS = 10;
/** Errors that mean the peer reset the connection. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

let globalTraceDump = false;

function acConnect(gsock: GSock, event: GEvent): void {
  gsock.connectTo(event.kw.host, event.kw.port);
}

function acSendData(gsock: GSock, event: GEvent): boolean {
  return gsock.send(event.kw.data as Uint8Array | string);
}

function acDrop(gsock: GSock): void {
  gsock.drop();
}

const fsm = {
  eventList: [
    'EV_CONNECT: top input',
    'EV_SEND_DATA: top input',
    'EV_DROP: top input',
    'EV_CONNECTED: top output',
    'EV_DISCONNECTED: top output',
    'EV_RX_DATA: top output',
    'EV_TRANSMIT_READY: top output',
  ],
  // The state follows the socket: connect, accept and close move it.
  stateList: ['ST_DISCONNECTED', 'ST_WAIT_CONNECTED', 'ST_CONNECTED'],
  machine: {
    ST_DISCONNECTED: [
      ['EV_CONNECT', acConnect, null],
      ['EV_SEND_DATA', acSendData, null], // reported: not connected
      ['EV_DROP', null, null],
    ],
    ST_WAIT_CONNECTED: [
      ['EV_SEND_DATA', acSendData, null], // kept until connected
      ['EV_DROP', acDrop, null],
    ],
    ST_CONNECTED: [
      ['EV_SEND_DATA', acSendData, null],
      ['EV_DROP', acDrop, null],
    ],
  },
} as const;

export class GSock extends GObj<typeof fsm, typeof GSOCK_GCONFIG, GSockEvents> {
  static override fsm = fsm;
  static override gconfig = GSOCK_GCONFIG;

  /** Traces every GSock as if its `traceDump` were on (ginsfsm's `global_trace_dump`). */
  static setGlobalTraceDump(on: boolean): void {
    globalTraceDump = on === true;
  }

  static isGlobalTraceDump(): boolean {
    return globalTraceDump;
  }

  static {
    adoption.adopt = (gsock, socket) => gsock.#adopt(socket);
  }

  /** Runs one queued socket happening of `gsock` (its queue's calls carry a generation). */
  static readonly #runQueued = (gsock: GSock, generation: number): void =>
    gsock.#runPending(generation);

  #socket: Socket | null = null;
  /** Incremented for each socket: queued happenings of an older one are dropped. */
  #generation = 0;
  #connected = false;
  /** close() or drop() was asked: no more data is taken. */
  #closing = false;
  #reason: DisconnectReason | null = null;
  #message = '';
  #error: (Error & { code?: string }) | null = null;
  #target: Destination | null = null;
  #local: Destination | null = null;
  #peer: Destination | null = null;
  #ca: string[] | undefined = undefined;
  #outbox: Uint8Array[] = [];
  #outboxBytes = 0;
  /** A write was held back: EV_TRANSMIT_READY when the socket drains. */
  #waitingDrain = false;
  #pending: [Input, Buffer | null][] = [];
  #paused = false;
  #idleTimer: TimerHandle | null = null;
  #lingerTimer: TimerHandle | null = null;
  #lastActivity = 0;
  #rxBytes = 0;
  #txBytes = 0;
  #rxMsgs = 0;
  #txMsgs = 0;

  override startUp(): void {
    if (this.config.secure) this.#ca = clientCa(this[kLabel](), this.config.tlsCa ?? '');
    this.subscribeEvent(null, this.config.subscriber);
  }

  override goOut(): void {
    this.#clearTimers();
    const socket = this.#socket;
    this.#socket = null;
    this.#generation++;
    if (socket !== null) {
      socket.removeAllListeners();
      socket.on('error', () => {}); // destroyed with its gobj: nobody to tell
      socket.destroy();
    }
  }

  // ---- state --------------------------------------------------------------------------

  /** True from EV_CONNECTED until the connection starts ending (close, drop, overflow...). */
  get connected(): boolean {
    return this.#connected && !this.#closing;
  }

  /** The peer's address once connected (kept after the end, for messages). */
  get peerAddress(): Destination | null {
    return this.#peer;
  }

  /** This side's address once connected. */
  get localAddress(): Destination | null {
    return this.#local;
  }

  /** Bytes waiting to be sent: written and not flushed, and flushed but not yet taken. */
  get txQueueBytes(): number {
    return this.#outboxBytes + (this.#socket?.writableLength ?? 0);
  }

  /** Bytes and chunks received and sent. */
  get counters(): GSockCounters {
    return {
      rxBytes: this.#rxBytes,
      txBytes: this.#txBytes,
      rxMsgs: this.#rxMsgs,
      txMsgs: this.#txMsgs,
    };
  }

  // ---- sending ------------------------------------------------------------------------

  /**
   * Writes and flushes `data`. Returns false when it was not taken (not connected,
   * overflow: reported) or when it waits in memory: then wait for EV_TRANSMIT_READY.
   */
  send(data: Uint8Array | string): boolean {
    const bytes = this.#bytes(data);
    const socket = this.#socket;
    if (socket === null || !this.#connected || this.#outbox.length > 0 || this.#closing) {
      return this.write(bytes) && this.flush();
    }
    if (!this.#fits(socket, bytes.length)) return false;
    this.#sent(bytes);
    if (!socket.write(bytes)) this.#waitingDrain = true;
    return !this.#waitingDrain;
  }

  /** Appends `data` to the output, sent by the next `flush()`; false if not taken. */
  write(data: Uint8Array | string): boolean {
    const bytes = this.#bytes(data);
    const socket = this.#socket;
    if (socket === null || this.#closing || socket.writableEnded) {
      this.#fault(
        'SOCK_NOT_CONNECTED',
        `${this[kLabel]()}: ${bytes.length} bytes not sent: not connected`,
      );
      return false;
    }
    if (!this.#fits(socket, bytes.length)) return false;
    this.#outbox.push(bytes);
    this.#outboxBytes += bytes.length;
    return true;
  }

  /**
   * Sends what `write()` appended (while connecting, it waits for the connection). False
   * when data waits in memory: EV_TRANSMIT_READY follows when it is written.
   */
  flush(): boolean {
    const socket = this.#socket;
    if (socket === null || !this.#connected || this.#outbox.length === 0) {
      return !this.#waitingDrain;
    }
    const outbox = this.#outbox;
    this.#outbox = [];
    this.#outboxBytes = 0;
    if (socket.writableEnded) return false; // the peer's end closed ours (TLS): too late
    let ok = true;
    if (outbox.length > 1) socket.cork();
    for (const chunk of outbox) {
      this.#sent(chunk);
      ok = socket.write(chunk);
    }
    if (outbox.length > 1) socket.uncork();
    if (!ok) this.#waitingDrain = true;
    return !this.#waitingDrain;
  }

  /**
   * Closes when flushed: what was written is sent, then the connection ends (the
   * socket is destroyed if the peer has not closed its side after a few seconds).
   * EV_DISCONNECTED follows, reason 'closed'.
   */
  close(): void {
    if (this.#socket === null || this.#closing) return;
    if (!this.#connected) {
      this.#dropWith('closed', 'closed by this side before it was connected');
      return;
    }
    this.#reason = 'closed';
    this.#message = 'closed by this side';
    this.#shutdown();
  }

  /** Ends the connection now; unsent data is discarded. EV_DISCONNECTED, reason 'dropped'. */
  drop(): void {
    this.#dropWith('dropped', 'dropped by this side');
  }

  // ---- connecting ---------------------------------------------------------------------

  /** @internal EV_CONNECT: connects to `host:port` (default: the config's). */
  connectTo(host: unknown = this.config.host, port: unknown = this.config.port): void {
    if (typeof host !== 'string' || host === '' || !isPort(port)) {
      throw codedError(
        'NET_BAD_DESTINATION',
        `${this[kLabel]()}: EV_CONNECT needs a host and a port of 1..65535, got host ${describeValue(host)} and port ${describeValue(port)}`,
      );
    }
    this.#hostOrThrow();
    const secure = this.config.secure;
    const socket = secure
      ? tlsConnect({ host, port, ...(this.#ca !== undefined ? { ca: this.#ca } : {}) })
      : netConnect({ host, port, allowHalfOpen: true });
    this.#target = { host, port };
    this.#attach(socket);
    this.setNewState('ST_WAIT_CONNECTED');
    socket.once(secure ? 'secureConnect' : 'connect', () => this.#input(socket, 'connect', null));
  }

  /** Takes an accepted socket (GServerSock): connected at once. */
  #adopt(socket: Socket): void {
    this.#hostOrThrow();
    this.#target = null;
    this.#attach(socket);
    this.setNewState('ST_WAIT_CONNECTED');
    this.#input(socket, 'connect', null);
  }

  #hostOrThrow(): GObjHost {
    const host = this[kHost];
    if (host === null) {
      throw codedError('GOBJ_NO_GAPLIC', `${this[kLabel]()}: a GSock needs a gaplic to run`);
    }
    if (this.#socket !== null) this.goOut(); // a stale socket (never after EV_DISCONNECTED)
    return host;
  }

  #attach(socket: Socket): void {
    this.#socket = socket;
    this.#generation++;
    this.#connected = false;
    this.#closing = false;
    this.#reason = null;
    this.#message = '';
    this.#error = null;
    this.#local = null;
    this.#peer = null;
    this.#outbox = [];
    this.#outboxBytes = 0;
    this.#waitingDrain = false;
    this.#pending = [];
    this.#paused = false;
    socket.on('data', (chunk: Buffer) => this.#input(socket, 'data', chunk));
    socket.on('end', () => this.#input(socket, 'end', null));
    socket.on('drain', () => this.#input(socket, 'drain', null));
    socket.on('error', (error: Error) => {
      if (socket === this.#socket) this.#error ??= error;
    });
    socket.on('close', () => this.#input(socket, 'close', null));
  }

  // ---- socket happenings --------------------------------------------------------------

  /** Handles a happening now if nothing waits before it, else queues it. */
  #input(socket: Socket, input: Input, data: Buffer | null): void {
    if (socket !== this.#socket || this[kDestroyed]) return;
    const host = this[kHost]!;
    if (this.#pending.length === 0 && host.queueLength === 0 && host[kDepth] === 0) {
      host[kDepth]++;
      try {
        this.#handle(input, data);
      } catch (error) {
        host[kReportError](error, 'callback');
      } finally {
        host[kDepth]--;
      }
      return;
    }
    this.#pending.push([input, data]);
    if (!this.#paused && this.#pending.length > MAX_PENDING_INPUT) {
      this.#paused = true;
      socket.pause();
    }
    try {
      host[kEnqueueCall](GSock.#runQueued, this, this.#generation);
    } catch (error) {
      // The queue is full: the happening stays first in line for the next one.
      host[kReportError](error, 'callback');
    }
  }

  #runPending(generation: number): void {
    if (generation !== this.#generation || this[kDestroyed]) return;
    const next = this.#pending.shift();
    if (next === undefined) return;
    if (this.#paused && this.#pending.length <= MAX_PENDING_INPUT / 2) {
      this.#paused = false;
      this.#socket?.resume();
    }
    this.#handle(next[0], next[1]);
  }

  #handle(input: Input, data: Buffer | null): void {
    switch (input) {
      case 'data':
        this.#received(data!);
        break;
      case 'connect':
        this.#opened();
        break;
      case 'end':
        // The peer closed its side: send what we have, then close ours.
        if (!this.#closing) this.#shutdown();
        break;
      case 'drain':
        if (this.#waitingDrain && !this.#closing) {
          this.#waitingDrain = false;
          this.#emit(this.config.transmitReadyEventName, { gsock: this });
        }
        break;
      case 'close':
        this.#closed();
        break;
    }
  }

  #opened(): void {
    const socket = this.#socket!;
    if (this.#closing) return;
    this.#connected = true;
    this.#local = { host: socket.localAddress ?? '', port: socket.localPort ?? 0 };
    this.#peer = { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    socket.setNoDelay(this.config.noDelay);
    this.setNewState('ST_CONNECTED');
    this.#touch();
    if (this.config.idleTimeout > 0) this.#armIdle(this.config.idleTimeout);
    this.#emit(this.config.connectedEventName, {
      gsock: this,
      localHost: this.#local.host,
      localPort: this.#local.port,
      peerHost: this.#peer.host,
      peerPort: this.#peer.port,
    });
    if (this.#outbox.length > 0) this.flush(); // written while connecting
  }

  #received(data: Buffer): void {
    this.#rxBytes += data.length;
    this.#rxMsgs++;
    this.#touch();
    if (this.config.traceDump || globalTraceDump) this.#trace('rx', 'from', data);
    this.#emit(this.config.rxDataEventName, { gsock: this, data });
  }

  #closed(): void {
    const wasConnected = this.#connected;
    this.#clearTimers();
    this.#socket = null;
    this.#generation++;
    this.#connected = false;
    this.#closing = false;
    this.#outbox = [];
    this.#outboxBytes = 0;
    this.#waitingDrain = false;
    this.#pending = [];
    this.setNewState('ST_DISCONNECTED');
    const [reason, message] = this.#why(wasConnected);
    this.#emit(this.config.disconnectedEventName, { gsock: this, reason, message });
  }

  /** The reason of an end, reporting the abnormal ones as faults. */
  #why(wasConnected: boolean): [DisconnectReason, string] {
    if (this.#reason !== null) return [this.#reason, this.#message];
    const error = this.#error;
    const code = error?.code ?? '';
    const peer = this.#peerText();
    if (!wasConnected) {
      const message = error !== null ? socketErrorText(error) : 'closed before it was connected';
      this.#fault(
        'SOCK_CONNECT_FAILED',
        `${this[kLabel]()}: cannot connect to ${peer}: ${message}`,
      );
      return [code === 'ECONNREFUSED' ? 'refused' : 'error', message];
    }
    if (RESET_CODES.has(code)) {
      const message = `reset by the peer (${code})`;
      this.#fault('SOCK_PEER_RESET', `${this[kLabel]()}: connection with ${peer} ${message}`);
      return ['reset', message];
    }
    if (error !== null) {
      const message = socketErrorText(error);
      this.#fault('SOCK_ERROR', `${this[kLabel]()}: connection with ${peer} failed: ${message}`);
      return ['error', message];
    }
    return ['peer-closed', 'closed by the peer'];
  }

  // ---- helpers ------------------------------------------------------------------------

  #emit(name: string | null, kw: Record<string, unknown>): void {
    // A renamed event is not declared; the "all events" subscription still delivers it.
    if (name !== null) broadcast(this, name, this, kw);
  }

  #bytes(data: unknown): Uint8Array {
    if (data instanceof Uint8Array) return data;
    if (typeof data === 'string') return Buffer.from(data, 'utf8');
    throw codedError(
      'NET_BAD_DATA',
      `${this[kLabel]()}: data got ${describeValue(data)}, expected bytes (a Uint8Array or Buffer) or a string`,
    );
  }

  /** False (and the connection dropped) when `size` more bytes would overflow. */
  #fits(socket: Socket, size: number): boolean {
    const waiting = this.#outboxBytes + socket.writableLength + size;
    const limit = this.config.txQueueLimit;
    if (waiting <= limit) return true;
    this.#fault(
      'SOCK_TX_OVERFLOW',
      `${this[kLabel]()}: ${waiting} bytes would wait to be sent to ${this.#peerText()} (txQueueLimit ${limit}): the peer does not read; connection dropped`,
    );
    this.#dropWith('overflow', `${waiting} bytes would wait to be sent (txQueueLimit ${limit})`);
    return false;
  }

  #sent(bytes: Uint8Array): void {
    this.#txBytes += bytes.length;
    this.#txMsgs++;
    this.#touch();
    if (this.config.traceDump || globalTraceDump) this.#trace('tx', 'to', bytes);
  }

  #shutdown(): void {
    const socket = this.#socket!;
    this.flush();
    this.#closing = true;
    socket.end();
    this.#lingerTimer = this[kHost]!.addTimeout(CLOSE_LINGER_SECONDS, () => {
      this.#lingerTimer = null;
      if (socket === this.#socket) socket.destroy();
    });
  }

  #dropWith(reason: DisconnectReason, message: string): void {
    const socket = this.#socket;
    if (socket === null) return;
    if (this.#reason === null) {
      this.#reason = reason;
      this.#message = message;
    }
    this.#closing = true;
    this.#outbox = [];
    this.#outboxBytes = 0;
    socket.destroy();
  }

  #touch(): void {
    if (this.config.idleTimeout > 0) this.#lastActivity = this[kHost]!.clock.now();
  }

  #armIdle(seconds: number): void {
    this.#idleTimer = this[kHost]!.addTimeout(seconds, () => {
      this.#idleTimer = null;
      if (!this.#connected || this.#closing) return;
      const limit = this.config.idleTimeout;
      const idle = this[kHost]!.clock.now() - this.#lastActivity;
      // A little slack for the float arithmetic of clocks.
      if (idle < limit - 1e-6) {
        this.#armIdle(limit - idle);
        return;
      }
      this.#fault(
        'SOCK_IDLE_TIMEOUT',
        `${this[kLabel]()}: nothing received or sent with ${this.#peerText()} for ${limit} s (idleTimeout); connection dropped`,
      );
      this.#dropWith('idle', `nothing received or sent for ${limit} s`);
    });
  }

  #clearTimers(): void {
    const host = this[kHost];
    if (this.#idleTimer !== null) host?.removeTimeout(this.#idleTimer);
    if (this.#lingerTimer !== null) host?.removeTimeout(this.#lingerTimer);
    this.#idleTimer = null;
    this.#lingerTimer = null;
  }

  #peerText(): string {
    const peer = this.#peer ?? this.#target;
    return peer === null ? 'the peer' : formatAddress(peer.host, peer.port);
  }

  #trace(direction: 'rx' | 'tx', preposition: string, data: Uint8Array): void {
    safeLog(
      this.logger,
      'info',
      `${this[kLabel]()}: ${direction} ${data.length} bytes ${preposition} ${this.#peerText()}\n${hexdump(data)}`,
    );
  }

  #fault(code: FaultCode, message: string): void {
    this[kFault](code, message, null);
  }
}
