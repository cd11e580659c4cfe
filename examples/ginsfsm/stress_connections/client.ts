/**
 * The client of ginsfsm's `essential_gobjs/stress_connections.py`, the main gaplic:
 * ConnectionOpener opens `connections` GConnex to the server gaplic (started by the same
 * gserve in a thread or a child process) and says when all are up. It opens them once
 * the server gaplic has answered its `EV_PING`.
 */
import {
  GAplic,
  GConnex,
  GObj,
  checkFsm,
  type GConfigTemplate,
  type GEvent,
  type Kw,
} from '../../../src/node.js';
import type { LocalConf } from '../conf.js';

function acBegin(opener: ConnectionOpener, _event: GEvent): void {
  // The server gaplic's response says where it listens (port=0 too).
  opener.gaplic!.sendEventOutside(
    opener.config.server ?? 'Server',
    '',
    'counter',
    'EV_PING',
    opener,
    {
      __subscribe_response__: true,
    },
  );
}

function acServerUp(opener: ConnectionOpener, event: GEvent): void {
  const { connections } = opener.config;
  // Where the server listens, from its answer: `port=0` (any free port) works too.
  const { port } = event.kw.__action_return__ as { port: number };
  console.log(`Client: opening ${connections} connections to 127.0.0.1:${port}`);
  for (let i = 0; i < connections; i++) {
    opener.createGObj(`connex-${i}`, GConnex, opener, {
      destinations: [`127.0.0.1:${port}`],
      rxDataEventName: null,
      transmitReadyEventName: null,
    });
  }
}

function acConnected(opener: ConnectionOpener, _event: GEvent): void {
  if (++opener.connected === opener.config.connections) {
    console.log(`Client: ${opener.connected} connections up`);
  }
}

function acDisconnected(opener: ConnectionOpener, _event: GEvent): void {
  opener.connected--;
}

const fsm = {
  eventList: [
    'EV_BEGIN: top input',
    'EV_PING: bottom input',
    'EV_CONNECTED: bottom input',
    'EV_DISCONNECTED: bottom input',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_BEGIN', acBegin, null],
      ['EV_PING', acServerUp, null], // the server's response
      ['EV_CONNECTED', acConnected, null],
      ['EV_DISCONNECTED', acDisconnected, null],
    ],
  },
} as const;

const gconfig = {
  connections: { type: 'int', default: 400, description: 'Connections to open' },
  server: { type: 'str', default: 'Server', description: "The server gaplic's name" },
} as const satisfies GConfigTemplate;

export class ConnectionOpener extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  connected = 0;
}

/** `[app:client] use = call:.../client.js#clientMain`: the main gaplic. */
export function clientMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  const opener = gaplic.createGObj('opener', ConnectionOpener, gaplic, { uniqueName: true });
  gaplic.postEvent(opener, 'EV_BEGIN'); // delivered once it runs
  return gaplic;
}
