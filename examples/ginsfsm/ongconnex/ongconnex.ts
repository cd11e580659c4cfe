/**
 * ginsfsm's `essential_gobjs/ongconnex.py`: OnGConnex drives a GConnex with two
 * destinations and an inactivity timeout. Every `seconds` it sends an HTTP GET; the
 * connection, idle for `timeoutInactivity` after the answer, is dropped, so each GET
 * connects again — to the other destination. Only EV_RX_DATA is wanted: the GConnex's
 * other event names are set to null.
 *
 *   node build/src/cli/gserve.js examples/ginsfsm/ongconnex/app.ini [seconds=10] [port1=8001]
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  GAplic,
  GConnex,
  GObj,
  GTimer,
  checkFsm,
  type GConfigTemplate,
  type GEvent,
  type Kw,
} from '../../../src/node.js';
import type { LocalConf } from '../conf.js';

function acSend(ongconnex: OnGConnex, _event: GEvent): void {
  console.log(`OnGConnex: GET ${++ongconnex.sent}`);
  ongconnex.sendEvent(ongconnex.connex, 'EV_SEND_DATA', {
    data: 'GET / HTTP/1.1\r\nHost: ongconnex\r\n\r\n',
  });
}

function acPrint(_ongconnex: OnGConnex, event: GEvent): void {
  const data = event.kw.data as Buffer;
  const { host, port } = (event.kw.connex as GConnex).destination!;
  const body = data.toString('utf8').split('\r\n\r\n')[1] ?? '';
  console.log(`OnGConnex: ${host}:${port} answered ${body.trim()}`);
}

const fsm = {
  eventList: ['EV_TIMEOUT: bottom input', 'EV_RX_DATA: bottom input'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_TIMEOUT', acSend, null],
      ['EV_RX_DATA', acPrint, null],
    ],
  },
} as const;

const gconfig = {
  url1: { type: 'str', default: '127.0.0.1:8001', description: 'The first destination' },
  url2: { type: 'str', default: '127.0.0.1:8002', description: 'The second destination' },
  seconds: { type: 'float', default: 10, description: 'Seconds between two GETs' },
  timeoutInactivity: {
    type: 'float',
    default: 5,
    description: 'Seconds of silence after which the GConnex drops the connection',
  },
} as const satisfies GConfigTemplate;

export class OnGConnex extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  connex!: GConnex;
  sent = 0;

  override startUp(): void {
    const { url1, url2, seconds, timeoutInactivity } = this.config;
    this.connex = this.createGObj('connex', GConnex, this, {
      destinations: [url1, url2],
      timeoutInactivity,
      connectedEventName: null,
      disconnectedEventName: null,
      transmitReadyEventName: null,
    });
    const timer = this.createGObj('timer', GTimer, this);
    this.sendEvent(timer, 'EV_SET_TIMER', { seconds, autostart: true });
  }
}

/** `[app:ongconnex] use = call:.../ongconnex.js#ongconnexMain`. */
export function ongconnexMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('ongconnex', OnGConnex, gaplic, { uniqueName: true });
  return gaplic;
}

/** `[app:server1]` and `[app:server2]`: the two destinations, each saying which it is. */
export function server1(_req: IncomingMessage, res: ServerResponse): void {
  res.end('server 1');
}

export function server2(_req: IncomingMessage, res: ServerResponse): void {
  res.end('server 2');
}
