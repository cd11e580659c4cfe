/**
 * GConnex: a client connection that keeps itself up (ginsfsm's GConnex, spec §2.9). It
 * owns a GSock (`gsock`) and a GTimer (`timer`), connects to its destinations in turn,
 * queues what it is given to send while disconnected, and re-emits its socket's events
 * to its subscriber under the configured names, with `connex` added to their kw.
 *
 *   ST_DISCONNECTED ──connect──▶ ST_WAIT_CONNECTED ──EV_CONNECTED──▶ ST_CONNECTED
 *          ▲                      │  EV_DISCONNECTED                   │ EV_DISCONNECTED
 *          └──── retry policy ◀───┴────────────────────────────────────┘
 *
 * Retry policy (ginsfsm's): with n ≥ 2 destinations, a failure is followed by an
 * immediate attempt at the next one, n times, then a pause of
 * `timeoutBetweenConnections`; so with A and B: A, B, A, pause, B, A, B, pause... With
 * one destination every failure waits the pause. A connection that does not complete in
 * `timeoutWaitingConnected` is dropped, and counts as a failure. After a connection the
 * count starts again.
 *
 * With `timeoutInactivity` > 0, a connection idle that long is dropped and the connex
 * waits for data to send before connecting again (a lazy client). `EV_DISABLE` drops the
 * connection and stops reconnecting until `EV_ENABLE`, which connects at once.
 *
 * Differences from ginsfsm (its bugs, spec §6.3): data sent while connecting is queued
 * instead of restarting the connection; a connect timeout drops the half-open socket;
 * the queue is bounded (`maxQueue` bytes: data that does not fit is refused with the
 * fault CONNEX_QUEUE_FULL, so what is queued stays whole); enabling connects at once.
 */
import { codedError } from '../errors.js';
import { GTimer } from '../gclasses/gtimer.js';
import type { GEvent } from '../gobj/gevent.js';
import { GObj } from '../gobj/gobj.js';
import { broadcast } from '../gobj/publish.js';
import type { GConfigTemplate } from '../gconfig/template.js';
import { kFault, kLabel } from '../symbols.js';
import { describeValue } from '../util/describe-value.js';
import { parseDestination, type Destination } from './address.js';
import { GSock, type GSockEvents } from './gsock.js';
import { between } from './gsock-config.js';

/** The kw of each GConnex event (the socket's events get `connex`). */
export type GConnexEvents = {
  EV_CONNECT: Record<string, never>;
  EV_DROP: Record<string, never>;
  EV_ENABLE: Record<string, never>;
  EV_DISABLE: Record<string, never>;
  EV_SEND_DATA: { data: Uint8Array | string };
  EV_CONNECTED: GSockEvents['EV_CONNECTED'] & { connex: GConnex };
  EV_DISCONNECTED: GSockEvents['EV_DISCONNECTED'] & { connex: GConnex };
  EV_RX_DATA: GSockEvents['EV_RX_DATA'] & { connex: GConnex };
  EV_TRANSMIT_READY: GSockEvents['EV_TRANSMIT_READY'] & { connex: GConnex };
};

function acConnect(connex: GConnex): void {
  if (!connex.config.disabled) connex.connect();
}

function acQueueAndConnect(connex: GConnex, event: GEvent): boolean {
  const queued = connex.enqueue(event.kw.data);
  if (!connex.config.disabled) connex.connect();
  return queued;
}

function acQueue(connex: GConnex, event: GEvent): boolean {
  return connex.enqueue(event.kw.data);
}

function acSend(connex: GConnex, event: GEvent): boolean {
  // Dropped (inactivity, EV_DROP) or ended by the peer, and its EV_DISCONNECTED still on
  // its way: the data waits for the next connection, which that disconnection makes.
  if (!connex.gsock.connected) return connex.enqueue(event.kw.data);
  connex.restartInactivity();
  return connex.gsock.send(event.kw.data as Uint8Array | string);
}

function acTimeoutDisconnected(connex: GConnex): void {
  if (!connex.config.disabled) connex.connect();
}

function acDrop(connex: GConnex): void {
  connex.gsock.drop();
}

function acConnectTimeout(connex: GConnex): void {
  connex.gsock.drop(); // its EV_DISCONNECTED runs the retry policy
}

function acInactive(connex: GConnex): void {
  connex.dropInactive();
}

function acConnected(connex: GConnex, event: GEvent): void {
  connex.opened();
  connex.reEmit(event, connex.config.connectedEventName);
}

function acDisconnected(connex: GConnex, event: GEvent): void {
  const wasConnected = connex.closed();
  if (wasConnected) connex.reEmit(event, connex.config.disconnectedEventName);
}

function acRxData(connex: GConnex, event: GEvent): void {
  connex.restartInactivity();
  connex.reEmit(event, connex.config.rxDataEventName);
}

function acTransmitReady(connex: GConnex, event: GEvent): void {
  connex.reEmit(event, connex.config.transmitReadyEventName);
}

function acEnable(connex: GConnex): void {
  connex.writeParameter('disabled', false);
  if (connex.getCurrentState() === 'ST_DISCONNECTED') connex.connect();
}

function acDisable(connex: GConnex): void {
  connex.writeParameter('disabled', true);
  connex.setTimer(-1);
  connex.gsock.drop();
}

const fsm = {
  eventList: [
    'EV_CONNECT: top input',
    'EV_DROP: top input',
    'EV_SEND_DATA: top input',
    'EV_ENABLE: top input',
    'EV_DISABLE: top input',
    'EV_CONNECTED: top output: bottom input',
    'EV_DISCONNECTED: top output: bottom input',
    'EV_RX_DATA: top output: bottom input',
    'EV_TRANSMIT_READY: top output: bottom input',
    'EV_TIMEOUT: bottom input',
  ],
  stateList: ['ST_DISCONNECTED', 'ST_WAIT_CONNECTED', 'ST_CONNECTED'],
  machine: {
    ST_DISCONNECTED: [
      ['EV_CONNECT', acConnect, null],
      ['EV_SEND_DATA', acQueueAndConnect, null],
      ['EV_TIMEOUT', acTimeoutDisconnected, null],
      ['EV_DROP', null, null],
      ['EV_ENABLE', acEnable, null],
      ['EV_DISABLE', acDisable, null],
    ],
    ST_WAIT_CONNECTED: [
      ['EV_SEND_DATA', acQueue, null],
      ['EV_CONNECTED', acConnected, 'ST_CONNECTED'],
      ['EV_DISCONNECTED', acDisconnected, 'ST_DISCONNECTED'],
      ['EV_TIMEOUT', acConnectTimeout, null],
      ['EV_DROP', acDrop, null],
      ['EV_CONNECT', null, null],
      ['EV_ENABLE', acEnable, null],
      ['EV_DISABLE', acDisable, null],
    ],
    ST_CONNECTED: [
      ['EV_SEND_DATA', acSend, null],
      ['EV_RX_DATA', acRxData, null],
      ['EV_TRANSMIT_READY', acTransmitReady, null],
      ['EV_DISCONNECTED', acDisconnected, 'ST_DISCONNECTED'],
      ['EV_TIMEOUT', acInactive, null],
      ['EV_DROP', acDrop, null],
      ['EV_CONNECT', null, null],
      ['EV_ENABLE', acEnable, null],
      ['EV_DISABLE', acDisable, null],
    ],
  },
} as const;

const gconfig = {
  subscriber: {
    type: 'any',
    default: null as GObj | string | null,
    description: 'Who receives the output events (a gobj or unique name); null = the parent',
  },
  disabled: {
    type: 'bool',
    default: false,
    description: 'Do not connect (at start; then EV_ENABLE / EV_DISABLE switch it)',
  },
  destinations: {
    type: 'list',
    default: [] as unknown[],
    description: "Where to connect, in turn: 'host:port' texts (an ini list) or { host, port }",
    validate: (list: unknown[]) => list.map(parseDestination),
  },
  timeoutWaitingConnected: {
    type: 'float',
    default: 60,
    description: 'Seconds a connection may take before it is dropped (a failure)',
    validate: (s: number) => between(s, 0.001, 86400),
  },
  timeoutBetweenConnections: {
    type: 'float',
    default: 5,
    description: 'Seconds of pause after a round of failed attempts',
    validate: (s: number) => between(s, 0, 86400),
  },
  timeoutInactivity: {
    type: 'float',
    default: -1,
    description:
      'Seconds without data after which the connection is dropped, and made again only for data to send (<= 0: never)',
  },
  maxQueue: {
    type: 'int',
    default: 1024 * 1024,
    description: 'Bytes kept to send while disconnected; data beyond is refused (fault)',
    validate: (n: number) => between(n, 0, Number.MAX_SAFE_INTEGER),
  },
  secure: { type: 'bool', default: false, description: 'Connect with TLS' },
  tlsCa: {
    type: 'str',
    default: '',
    description: 'PEM certificate(s), or their file, trusted besides the system ones',
  },
  connectedEventName: {
    type: 'str',
    default: 'EV_CONNECTED',
    description: 'Name under which EV_CONNECTED is re-emitted (null: not)',
  },
  disconnectedEventName: {
    type: 'str',
    default: 'EV_DISCONNECTED',
    description: 'Name under which EV_DISCONNECTED is re-emitted (null: not)',
  },
  rxDataEventName: {
    type: 'str',
    default: 'EV_RX_DATA',
    description: 'Name under which EV_RX_DATA is re-emitted (null: not)',
  },
  transmitReadyEventName: {
    type: 'str',
    default: 'EV_TRANSMIT_READY',
    description: 'Name under which EV_TRANSMIT_READY is re-emitted (null: not)',
  },
} as const satisfies GConfigTemplate;

export class GConnex extends GObj<typeof fsm, typeof gconfig, GConnexEvents> {
  static override fsm = fsm;
  static override gconfig = gconfig;
  #gsock: GSock | null = null;
  #timer: GTimer | null = null;
  /** Index of the next destination. */
  #next = 0;
  /** Immediate attempts left before the pause. */
  #cycle = 0;
  #queue: Uint8Array[] = [];
  #queuedBytes = 0;
  /** Dropped for inactivity: connect again only for data to send. */
  #lazy = false;
  #wasConnected = false;

  override startUp(): void {
    if (this.#destinations().length === 0) {
      throw codedError(
        'NET_BAD_DESTINATION',
        `${this[kLabel]()}: destinations is empty; give 'host:port' texts or { host, port }`,
      );
    }
    this.#cycle = this.#fullCycle();
    this.subscribeEvent(null, this.config.subscriber);
    this.#gsock = this.createGObj('gsock', GSock, this, {
      subscriber: this,
      secure: this.config.secure,
      tlsCa: this.config.tlsCa,
    });
    this.#timer = this.createGObj('timer', GTimer, this, { subscriber: this });
    if (!this.config.disabled) this.postEvent<GConnex, 'EV_CONNECT'>(this, 'EV_CONNECT');
  }

  /** The socket. */
  get gsock(): GSock {
    return this.#gsock!;
  }

  /** Bytes waiting for a connection. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** The destination of the current (or last) attempt. */
  get destination(): Destination | null {
    const list = this.#destinations();
    return list[(this.#next + list.length - 1) % list.length] ?? null;
  }

  /** @internal Connects to the next destination. */
  connect(): void {
    const list = this.#destinations();
    const destination = list[this.#next % list.length]!;
    this.#next = (this.#next + 1) % list.length;
    this.#lazy = false;
    this.setNewState('ST_WAIT_CONNECTED');
    this.setTimer(this.config.timeoutWaitingConnected);
    const { host, port } = destination;
    this.sendEvent<GSock, 'EV_CONNECT'>(this.#gsock!, 'EV_CONNECT', { host, port });
  }

  /** @internal Keeps `data` for the next connection; false (and a fault) if it does not fit. */
  enqueue(data: unknown): boolean {
    if (!(data instanceof Uint8Array) && typeof data !== 'string') {
      throw codedError(
        'NET_BAD_DATA',
        `${this[kLabel]()}: data got ${describeValue(data)}, expected bytes (a Uint8Array or Buffer) or a string`,
      );
    }
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const max = this.config.maxQueue;
    if (this.#queuedBytes + bytes.length > max) {
      this[kFault](
        'CONNEX_QUEUE_FULL',
        `${this[kLabel]()}: ${bytes.length} bytes refused: ${this.#queuedBytes} bytes already wait for a connection (maxQueue ${max})`,
        'EV_SEND_DATA',
      );
      return false;
    }
    this.#queue.push(bytes);
    this.#queuedBytes += bytes.length;
    return true;
  }

  /** @internal Connected: the count of attempts starts again, the queue is sent. */
  opened(): void {
    this.#cycle = this.#fullCycle();
    this.#wasConnected = true;
    this.setTimer(-1);
    this.restartInactivity();
    const gsock = this.#gsock!;
    const queue = this.#queue;
    this.#queue = [];
    this.#queuedBytes = 0;
    for (const chunk of queue) gsock.write(chunk);
    gsock.flush();
  }

  /** @internal Disconnected: applies the retry policy; true if it had been connected. */
  closed(): boolean {
    const wasConnected = this.#wasConnected;
    this.#wasConnected = false;
    this.setTimer(-1);
    if (this.config.disabled || (this.#lazy && this.#queuedBytes === 0)) return wasConnected;
    if (this.#lazy) {
      // Data came while the inactivity drop was under way: connect for it at once, as
      // data given while disconnected does.
      this.setTimer(0);
      return wasConnected;
    }
    if (this.#cycle > 0) {
      this.#cycle--;
      this.setTimer(0); // at once, from the next timer pass
    } else {
      this.#cycle = this.#fullCycle();
      this.setTimer(this.config.timeoutBetweenConnections);
    }
    return wasConnected;
  }

  /** @internal The inactivity timeout fired: drop, and wait for data to connect again. */
  dropInactive(): void {
    this.#lazy = true;
    this.#gsock!.drop();
  }

  /** @internal Re-arms the inactivity timeout, if there is one. */
  restartInactivity(): void {
    const seconds = this.config.timeoutInactivity;
    if (seconds > 0) this.setTimer(seconds);
  }

  /** @internal Arms the timer (`seconds` < 0 cancels it). */
  setTimer(seconds: number): void {
    this.sendEvent(this.#timer!, 'EV_SET_TIMER', { seconds });
  }

  /** @internal Re-emits a socket event under `name` (null: not), with `connex`. */
  reEmit(event: GEvent, name: string | null): void {
    if (name !== null) broadcast(this, name, this, { ...event.kw, connex: this });
  }

  #destinations(): readonly Destination[] {
    return this.config.destinations as Destination[];
  }

  #fullCycle(): number {
    const n = this.#destinations().length;
    return n >= 2 ? n : 0;
  }
}
