/**
 * The server of ginsfsm's `essential_gobjs/stress_connections.py`, a gaplic of its own
 * (the ini runs it in a worker thread, or in a child process): ConnectionCounter listens,
 * prints each connection, and the time from the first to the `connections`-th. It
 * answers `EV_PING` (the client's "are you there?") with its port.
 */
import { performance } from 'node:perf_hooks';
import {
  GAplic,
  GObj,
  GServerSock,
  checkFsm,
  type GConfigTemplate,
  type GEvent,
  type GSock,
  type Kw,
} from '../../../src/node.js';
import type { LocalConf } from '../conf.js';

function acConnected(counter: ConnectionCounter, event: GEvent): void {
  const { peerAddress } = event.kw.gsock as GSock;
  if (counter.count === 0) counter.firstAt = performance.now();
  counter.count++;
  if (counter.config.verbose) {
    console.log(
      `Server: connection ${counter.count} from ${peerAddress!.host}:${peerAddress!.port}`,
    );
  }
  if (counter.count === counter.config.connections) {
    const seconds = (performance.now() - counter.firstAt) / 1000;
    console.log(`Server: ${counter.count} connections in ${seconds.toFixed(3)} s`);
  }
}

function acPing(counter: ConnectionCounter, _event: GEvent): Kw {
  return { port: counter.server.address?.port ?? 0 }; // the response: where it listens
}

const fsm = {
  eventList: [
    'EV_PING: top input',
    'EV_CONNECTED: bottom input',
    'EV_RX_DATA: bottom input',
    'EV_TRANSMIT_READY: bottom input',
    'EV_DISCONNECTED: bottom input',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_PING', acPing, null],
      ['EV_CONNECTED', acConnected, null],
      ['EV_RX_DATA', null, null],
      ['EV_TRANSMIT_READY', null, null],
      ['EV_DISCONNECTED', null, null],
    ],
  },
} as const;

const gconfig = {
  port: { type: 'int', default: 8000, description: 'Port to listen on' },
  connections: { type: 'int', default: 400, description: 'The total to time' },
  verbose: { type: 'bool', default: true, description: 'A line per connection' },
} as const satisfies GConfigTemplate;

export class ConnectionCounter extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  count = 0;
  firstAt = 0;
  server!: GServerSock;

  override startUp(): void {
    this.server = this.createGObj('server', GServerSock, this, { port: this.config.port });
  }
}

/**
 * `[app:server] use = call:.../server.js#serverMain` (a thread or a subprocess). Async:
 * the gaplic is handed over once it listens, so that it runs only then.
 */
export async function serverMain(_globalConf: Kw, localConf: LocalConf): Promise<GAplic> {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  const counter = gaplic.createGObj('counter', ConnectionCounter, gaplic, { uniqueName: true });
  const { host, port } = await counter.server.listening;
  console.log(`Server: listening on ${host}:${port}`);
  return gaplic;
}
