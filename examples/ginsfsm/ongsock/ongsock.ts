/**
 * ginsfsm's `essential_gobjs/ongsock.py`: OnGSock drives a raw GSock. Every `seconds` it
 * connects to `host:port`, sends `GET / HTTP/1.1` and prints what comes back; at the next
 * timeout it drops the connection, and `seconds` later connects again. A connection that
 * does not complete in `connectTimeout` is dropped, and tried again `retrySeconds` later.
 * (`GSock.traceDump = true` in the ini: the bytes as a hexdump, the original's -v.)
 *
 *   ST_DISCONNECTED   EV_TIMEOUT       acConnect        → ST_WAIT_CONNECTED
 *   ST_WAIT_CONNECTED EV_CONNECTED     acSendQuery      → ST_CONNECTED
 *                     EV_DISCONNECTED  acRetry          → ST_DISCONNECTED
 *                     EV_TIMEOUT       acConnectTimeout (drop: EV_DISCONNECTED follows)
 *   ST_CONNECTED      EV_RX_DATA       acPrint
 *                     EV_TIMEOUT       acDrop
 *                     EV_DISCONNECTED  acRetry          → ST_DISCONNECTED
 *
 *   node build/src/cli/gserve.js examples/ginsfsm/ongsock/app.ini [seconds=2] [port=8000]
 */
import {
  GAplic,
  GObj,
  GSock,
  GTimer,
  checkFsm,
  type GConfigTemplate,
  type GEvent,
  type Kw,
} from '../../../src/node.js';
import type { LocalConf } from '../conf.js';

function acConnect(ongsock: OnGSock, _event: GEvent): void {
  const { host, port, connectTimeout } = ongsock.config;
  console.log(`OnGSock: connecting to ${host ?? ''}:${port}`);
  ongsock.setTimer(connectTimeout);
  ongsock.sendEvent(ongsock.gsock, 'EV_CONNECT', { host: host ?? '127.0.0.1', port });
}

function acSendQuery(ongsock: OnGSock, _event: GEvent): void {
  const { host, port, seconds } = ongsock.config;
  console.log(`OnGSock: connected to ${host ?? ''}:${port}, sending GET /`);
  ongsock.setTimer(seconds); // the connection is dropped then
  ongsock.sendEvent(ongsock.gsock, 'EV_SEND_DATA', {
    data: `GET / HTTP/1.1\r\nHost: ${host ?? ''}:${port}\r\n\r\n`,
  });
}

function acPrint(_ongsock: OnGSock, event: GEvent): void {
  const data = event.kw.data as Buffer;
  const first = data.toString('latin1').split('\r\n', 1)[0];
  console.log(`OnGSock: received ${data.length} bytes: ${first ?? ''}`);
}

function acDrop(ongsock: OnGSock, _event: GEvent): void {
  ongsock.sendEvent(ongsock.gsock, 'EV_DROP');
}

function acConnectTimeout(ongsock: OnGSock, _event: GEvent): void {
  console.log(`OnGSock: no connection after ${ongsock.config.connectTimeout} s`);
  ongsock.timedOut = true;
  ongsock.sendEvent(ongsock.gsock, 'EV_DROP');
}

function acRetry(ongsock: OnGSock, event: GEvent): void {
  const seconds = ongsock.timedOut ? ongsock.config.retrySeconds : ongsock.config.seconds;
  ongsock.timedOut = false;
  console.log(`OnGSock: disconnected (${String(event.kw.reason)}), again in ${seconds} s`);
  ongsock.setTimer(seconds);
}

const fsm = {
  eventList: [
    'EV_TIMEOUT: bottom input',
    'EV_CONNECTED: bottom input',
    'EV_RX_DATA: bottom input',
    'EV_TRANSMIT_READY: bottom input',
    'EV_DISCONNECTED: bottom input',
  ],
  stateList: ['ST_DISCONNECTED', 'ST_WAIT_CONNECTED', 'ST_CONNECTED'],
  machine: {
    ST_DISCONNECTED: [['EV_TIMEOUT', acConnect, 'ST_WAIT_CONNECTED']],
    ST_WAIT_CONNECTED: [
      ['EV_CONNECTED', acSendQuery, 'ST_CONNECTED'],
      ['EV_DISCONNECTED', acRetry, 'ST_DISCONNECTED'],
      ['EV_TIMEOUT', acConnectTimeout, null],
    ],
    ST_CONNECTED: [
      ['EV_RX_DATA', acPrint, null],
      ['EV_TRANSMIT_READY', null, null],
      ['EV_TIMEOUT', acDrop, null],
      ['EV_DISCONNECTED', acRetry, 'ST_DISCONNECTED'],
    ],
  },
} as const;

const gconfig = {
  host: { type: 'str', default: '127.0.0.1', description: 'The HTTP server to ask' },
  port: { type: 'int', default: 8000, description: "The HTTP server's port" },
  seconds: {
    type: 'float',
    default: 2,
    description: 'Seconds before connecting, and before dropping the connection',
  },
  connectTimeout: { type: 'float', default: 60, description: 'Seconds a connection may take' },
  retrySeconds: { type: 'float', default: 5, description: 'Seconds before trying again then' },
} as const satisfies GConfigTemplate;

export class OnGSock extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  gsock!: GSock;
  timer!: GTimer;
  /** The last attempt was dropped by the connect timeout. */
  timedOut = false;

  override startUp(): void {
    this.gsock = this.createGObj('gsock', GSock, this);
    this.timer = this.createGObj('timer', GTimer, this);
    this.setTimer(this.config.seconds);
  }

  setTimer(seconds: number): void {
    this.sendEvent(this.timer, 'EV_SET_TIMER', { seconds });
  }
}

/** `[app:ongsock] use = call:.../ongsock.js#ongsockMain`. */
export function ongsockMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('ongsock', OnGSock, gaplic, { uniqueName: true });
  return gaplic;
}
