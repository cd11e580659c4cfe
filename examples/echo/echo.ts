/**
 * The echo server's gclass: `Echo` is the parent of a GServerSock and so the subscriber of
 * every connection it accepts. It sends back what it receives, and says when a client
 * comes and goes; after `clients` connections have ended (0: never) it stops the gaplic.
 */
import {
  GObj,
  GServerSock,
  type GConfigTemplate,
  type GEvent,
  type GSock,
} from '../../src/node.js';

function acConnected(echo: Echo, event: GEvent): void {
  if (!echo.config.quiet) console.log(`echo: ${peerOf(event)} connected`);
}

function acRxData(_echo: Echo, event: GEvent): void {
  (event.kw.gsock as GSock).send(event.kw.data as Buffer);
}

function acDisconnected(echo: Echo, event: GEvent): void {
  const gsock = event.kw.gsock as GSock;
  if (!echo.config.quiet) {
    const echoed = gsock.counters.txBytes;
    console.log(`echo: ${peerOf(event)} left (${String(event.kw.reason)}), ${echoed} bytes echoed`);
  }
  const clients = echo.config.clients;
  if (clients > 0 && ++echo.ended === clients) {
    console.log(`echo: ${clients} clients served, stopping`);
    // The server destroys the gsocks that left in a later turn (events it posted); this
    // one now, and the stop behind the others, so that nothing is left to do.
    echo.destroyGObj(gsock);
    echo.postEvent(echo, 'EV_STOP');
  }
}

function acStop(echo: Echo): void {
  echo.gaplic!.stop();
}

const fsm = {
  eventList: ['EV_CONNECTED', 'EV_RX_DATA', 'EV_TRANSMIT_READY', 'EV_DISCONNECTED', 'EV_STOP'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_CONNECTED', acConnected, null],
      ['EV_RX_DATA', acRxData, null],
      ['EV_TRANSMIT_READY', null, null],
      ['EV_DISCONNECTED', acDisconnected, null],
      ['EV_STOP', acStop, null],
    ],
  },
} as const;

const gconfig = {
  port: { type: 'int', default: 7000, description: 'Port to listen on (0: any free port)' },
  clients: { type: 'int', default: 0, description: 'Stop after this many clients (0: never)' },
  quiet: { type: 'bool', default: false, description: 'Do not print each client' },
} as const satisfies GConfigTemplate;

export class Echo extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = fsm;
  static override gconfig = gconfig;
  ended = 0;

  /** The server, listening on `port` of 127.0.0.1 from its creation. */
  get server(): GServerSock {
    return this.getChild('server') as GServerSock;
  }

  override startUp(): void {
    this.createGObj('server', GServerSock, this, { port: this.config.port });
  }
}

function peerOf(event: GEvent): string {
  const { peerAddress } = event.kw.gsock as GSock;
  return `${peerAddress!.host}:${peerAddress!.port}`;
}
