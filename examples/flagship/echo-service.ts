/**
 * Echo, the flagship's echo service, in a child process: a GServerSock on a free port
 * whose connections get back what they send. Its gobj `echo` tells whoever asks where it
 * listens (`EV_GET_ADDRESS`, answered with a response), broadcasts its figures every
 * `interval` (`EV_ECHO_STATS`, to subscribers in any gaplic) and answers `EV_GET_STATS`.
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
} from '../../src/node.js';
import type { LocalConf } from '../compose/front.js';
import { atLeast } from './at-least.js';
import type { EchoAddress, EchoStats } from './messages.js';
import { whereAmI } from './placement.js';

function acConnected(echo: EchoService): void {
  echo.accepted += 1;
}

function acRxData(echo: EchoService, event: GEvent): void {
  const data = event.kw.data as Buffer;
  (event.kw.gsock as GSock).send(data);
  echo.bytes += data.length;
}

function acGetAddress(echo: EchoService): EchoAddress {
  const { host, port } = echo.server.address!;
  return { host, port }; // the response: it crosses back to whoever asked
}

function acTimeout(echo: EchoService): void {
  echo.broadcastEvent('EV_ECHO_STATS', { ...echo.stats() });
}

function acGetStats(echo: EchoService): EchoStats {
  return echo.stats();
}

const fsm = {
  eventList: [
    'EV_CONNECTED: bottom input',
    'EV_RX_DATA: bottom input',
    'EV_TRANSMIT_READY: bottom input',
    'EV_DISCONNECTED: bottom input',
    'EV_TIMEOUT: bottom input',
    'EV_GET_ADDRESS: top input',
    'EV_GET_STATS: top input',
    'EV_ECHO_STATS: top output',
  ],
  stateList: ['ST_SERVING'],
  machine: {
    ST_SERVING: [
      ['EV_CONNECTED', acConnected, null],
      ['EV_RX_DATA', acRxData, null],
      ['EV_TRANSMIT_READY', null, null],
      ['EV_DISCONNECTED', null, null], // the server destroys the connection's gsock
      ['EV_TIMEOUT', acTimeout, null],
      ['EV_GET_ADDRESS', acGetAddress, null],
      ['EV_GET_STATS', acGetStats, null],
    ],
  },
} as const;

const gconfig = {
  port: { type: 'int', default: 0, description: 'Port to listen on (0: any free port)' },
  interval: {
    type: 'float',
    default: 0.5,
    validate: atLeast(0.01),
    description: 'Seconds between EV_ECHO_STATS',
  },
} as const satisfies GConfigTemplate;

export class EchoService extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  accepted = 0;
  bytes = 0;
  server!: GServerSock;

  override startUp(): void {
    // Its connections' events come here, the server's parent.
    this.server = this.createGObj('server', GServerSock, this, { port: this.config.port });
    const timer = this.createGObj('timer', GTimer, this);
    this.sendEvent(timer, 'EV_SET_TIMER', { seconds: this.config.interval, autostart: true });
  }

  stats(): EchoStats {
    const { host, port } = this.server.address ?? { host: '', port: 0 };
    return {
      ...whereAmI(),
      address: `${host}:${port}`,
      connections: this.server.connections,
      accepted: this.accepted,
      bytes: this.bytes,
    };
  }
}

/** `[app:echo] use = call:.../echo-service.js#echoMain`: ready once its port is open. */
export async function echoMain(_globalConf: Kw, localConf: LocalConf): Promise<GAplic> {
  const { name, roles, ...settings } = localConf; // settings: { 'echo.port': '0', ... }
  const gaplic = new GAplic({ name, roles, settings });
  const echo = gaplic.createGObj('echo', EchoService, gaplic, { uniqueName: true });
  await echo.server.listening; // so that EV_GET_ADDRESS always has an answer
  return gaplic;
}
