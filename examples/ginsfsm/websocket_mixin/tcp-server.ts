/**
 * Actor 1 of ginsfsm's websocket_mixin example: a raw TCP server (the device the driver
 * talks to). Every `seconds` it sends `xxxxxx` to all its clients, and it echoes what a
 * client sends. It answers `EV_PING` (the driver's "are you there?") once it listens.
 */
import {
  GAplic,
  GObj,
  GServerSock,
  GTimer,
  checkFsm,
  type GConfigTemplate,
  type GEvent,
  type GSock,
  type Kw,
} from '../../../src/node.js';
import type { LocalConf } from '../conf.js';

function acTick(device: Device, _event: GEvent): void {
  for (const client of device.server.children as GSock[]) client.send('xxxxxx');
}

function acEcho(_device: Device, event: GEvent): void {
  (event.kw.gsock as GSock).send(event.kw.data as Buffer);
}

function acPing(device: Device, _event: GEvent): Kw {
  return { port: device.server.address?.port ?? 0 };
}

const fsm = {
  eventList: [
    'EV_PING: top input',
    'EV_TIMEOUT: bottom input',
    'EV_CONNECTED: bottom input',
    'EV_RX_DATA: bottom input',
    'EV_TRANSMIT_READY: bottom input',
    'EV_DISCONNECTED: bottom input',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_PING', acPing, null],
      ['EV_TIMEOUT', acTick, null],
      ['EV_CONNECTED', null, null],
      ['EV_RX_DATA', acEcho, null],
      ['EV_TRANSMIT_READY', null, null],
      ['EV_DISCONNECTED', null, null],
    ],
  },
} as const;

const gconfig = {
  port: { type: 'int', default: 9999, description: 'Port to listen on' },
  seconds: { type: 'float', default: 5, description: "Seconds between two 'xxxxxx'" },
} as const satisfies GConfigTemplate;

export class Device extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  server!: GServerSock;

  override startUp(): void {
    this.server = this.createGObj('server', GServerSock, this, { port: this.config.port });
    const timer = this.createGObj('timer', GTimer, this);
    this.sendEvent(timer, 'EV_SET_TIMER', { seconds: this.config.seconds, autostart: true });
  }
}

/** `[app:tcp-server]` (a worker thread): handed over once it listens. */
export async function tcpServerMain(_globalConf: Kw, localConf: LocalConf): Promise<GAplic> {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  const device = gaplic.createGObj('device', Device, gaplic, { uniqueName: true });
  const { host, port } = await device.server.listening;
  console.log(`TcpServer: listening on ${host}:${port}`);
  return gaplic;
}
