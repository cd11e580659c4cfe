/**
 * The parameters of GSock (ginsfsm's names in camelCase), settable from an ini file like
 * any gobj's: `GSock.traceDump = true` traces every socket, `echo.port = 7000` one.
 */
import type { GObj } from '../gobj/gobj.js';
import type { GConfigTemplate } from '../gconfig/template.js';

/** Default of `txQueueLimit`: what a peer that does not read may cost, in bytes. */
export const DEFAULT_TX_QUEUE_LIMIT = 8 * 1024 * 1024;

export const GSOCK_GCONFIG = {
  subscriber: {
    type: 'any',
    default: null as GObj | string | null,
    description: 'Who receives the output events (a gobj or unique name); null = the parent',
  },
  host: {
    type: 'str',
    default: '127.0.0.1',
    description: 'Host EV_CONNECT connects to when its kw names none',
  },
  port: {
    type: 'int',
    default: 0,
    description: 'Port EV_CONNECT connects to when its kw names none',
    validate: (n: number) => between(n, 0, 65535),
  },
  secure: { type: 'bool', default: false, description: 'Connect with TLS (a client)' },
  tlsCa: {
    type: 'str',
    default: '',
    description: 'PEM certificate(s), or their file, a TLS client trusts besides the system ones',
  },
  noDelay: {
    type: 'bool',
    default: true,
    description: "Send small writes at once (TCP_NODELAY, as ginsfsm's accepted sockets)",
  },
  txQueueLimit: {
    type: 'int',
    default: DEFAULT_TX_QUEUE_LIMIT,
    description:
      'Bytes that may wait to be sent; beyond, the peer does not read: fault and disconnect',
    validate: (n: number) => between(n, 1, Number.MAX_SAFE_INTEGER),
  },
  idleTimeout: {
    type: 'float',
    default: 0,
    description:
      'Seconds without receiving or sending after which the connection is dropped (0: never)',
    validate: (s: number) => between(s, 0, 86400 * 365),
  },
  traceDump: {
    type: 'bool',
    default: false,
    description: 'Log a hexdump of every chunk received and sent (info level)',
  },
  connectedEventName: {
    type: 'str',
    default: 'EV_CONNECTED',
    description: 'Name of the connected event (null: not emitted)',
  },
  disconnectedEventName: {
    type: 'str',
    default: 'EV_DISCONNECTED',
    description: 'Name of the disconnected event (null: not emitted)',
  },
  rxDataEventName: {
    type: 'str',
    default: 'EV_RX_DATA',
    description: 'Name of the data event (null: not emitted)',
  },
  transmitReadyEventName: {
    type: 'str',
    default: 'EV_TRANSMIT_READY',
    description: 'Name of the transmit-ready event (null: not emitted)',
  },
} as const satisfies GConfigTemplate;

export function between(n: number, min: number, max: number): number {
  if (!(n >= min && n <= max)) throw new Error(`must be between ${min} and ${max}`);
  return n;
}
