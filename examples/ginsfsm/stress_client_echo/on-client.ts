/**
 * ginsfsm's `essential_gobjs/stress_client_echo.py`: OnClient opens `connections`
 * GConnex to an echo server; when all are connected, every `seconds` it sends the same
 * query on each, and when every echo is back (or at the next round) prints how many came
 * back whole and the round-trip times: `Echoes OK: n of N, taverage ... ms`.
 *
 *   node build/src/cli/gserve.js examples/ginsfsm/stress_client_echo/app.ini [port=8000]
 */
import { performance } from 'node:perf_hooks';
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

/** The original's HTTP-like query, echoed back as it is. */
export const QUERY = 'GET / HTTP/1.1\r\nHost: stress\r\nX-Stress: echo\r\n\r\n';

/** One connection's round. */
interface Round {
  got: number;
  sentAt: number;
  /** Milliseconds, once the whole echo is back. */
  rtt: number;
}

function acConnected(client: OnClient, _event: GEvent): void {
  if (++client.connected === client.config.connections) {
    console.log(`OnClient: ${client.connected} connections up`);
    client.sendEvent(client.timer, 'EV_SET_TIMER', {
      seconds: client.config.seconds,
      autostart: true,
    });
  }
}

function acDisconnected(client: OnClient, _event: GEvent): void {
  client.connected--;
}

function acRxData(client: OnClient, event: GEvent): void {
  const round = client.rounds.get(event.kw.connex as GConnex);
  if (round === undefined) return;
  round.got += (event.kw.data as Buffer).length;
  if (round.got === QUERY.length) {
    round.rtt = performance.now() - round.sentAt;
    if (++client.echoed === client.rounds.size) client.report();
  }
}

function acTimeout(client: OnClient, _event: GEvent): void {
  if (client.rounds.size > 0 && client.echoed < client.rounds.size) client.report();
  client.echoed = 0;
  client.rounds.clear();
  for (const connex of client.connexes) {
    client.rounds.set(connex, { got: 0, sentAt: performance.now(), rtt: 0 });
    client.sendEvent(connex, 'EV_SEND_DATA', { data: QUERY });
  }
}

const fsm = {
  eventList: [
    'EV_CONNECTED: bottom input',
    'EV_DISCONNECTED: bottom input',
    'EV_RX_DATA: bottom input',
    'EV_TIMEOUT: bottom input',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_CONNECTED', acConnected, null],
      ['EV_DISCONNECTED', acDisconnected, null],
      ['EV_RX_DATA', acRxData, null],
      ['EV_TIMEOUT', acTimeout, null],
    ],
  },
} as const;

const gconfig = {
  host: { type: 'str', default: '127.0.0.1', description: "The echo server's host" },
  port: { type: 'int', default: 8000, description: "The echo server's port" },
  connections: { type: 'int', default: 100, description: 'Connections to open' },
  seconds: { type: 'float', default: 10, description: 'Seconds between two rounds of queries' },
} as const satisfies GConfigTemplate;

export class OnClient extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  readonly connexes: GConnex[] = [];
  readonly rounds = new Map<GConnex, Round>();
  timer!: GTimer;
  connected = 0;
  echoed = 0;

  override startUp(): void {
    const { host, port, connections } = this.config;
    this.timer = this.createGObj('timer', GTimer, this);
    for (let i = 0; i < connections; i++) {
      this.connexes.push(
        this.createGObj(`connex-${i}`, GConnex, this, {
          destinations: [`${host ?? '127.0.0.1'}:${port}`],
          timeoutBetweenConnections: 1, // the server may start later
          transmitReadyEventName: null, // only what the original wanted
        }),
      );
    }
  }

  /** Prints the round: echoes back whole, and their round-trip times. */
  report(): void {
    const rtts = [...this.rounds.values()].filter((r) => r.rtt > 0).map((r) => r.rtt);
    const ok = `OnClient: Echoes OK: ${rtts.length} of ${this.rounds.size}`;
    if (rtts.length === 0) {
      console.log(ok);
      return;
    }
    const ms = (value: number): string => value.toFixed(3);
    const average = rtts.reduce((sum, rtt) => sum + rtt, 0) / rtts.length;
    console.log(
      `${ok}, taverage ${ms(average)} ms, tmin ${ms(Math.min(...rtts))} ms, tmax ${ms(Math.max(...rtts))} ms`,
    );
  }
}

/** `[app:client] use = call:.../on-client.js#clientMain`. */
export function clientMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('on-client', OnClient, gaplic, { uniqueName: true });
  return gaplic;
}
