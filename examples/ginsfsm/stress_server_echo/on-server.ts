/**
 * ginsfsm's `essential_gobjs/stress_server_echo.py`: an echo server that says every
 * `seconds` how many clients it has had and how many are connected. The echo is the Echo
 * gclass of examples/echo (quiet: no line per client); OnServer is its parent's reporter.
 *
 *   node build/src/cli/gserve.js examples/ginsfsm/stress_server_echo/app.ini [port=8000]
 */
import {
  GAplic,
  GObj,
  GTimer,
  checkFsm,
  type GConfigTemplate,
  type GEvent,
  type Kw,
} from '../../../src/node.js';
import { Echo } from '../../echo/echo.js';
import type { LocalConf } from '../conf.js';

function acReport(server: OnServer, _event: GEvent): void {
  const open = server.echo.server.connections;
  const total = open + server.echo.ended;
  console.log(`OnServer: Server's clients: ${total}, connected ${open}`);
}

const fsm = {
  eventList: ['EV_TIMEOUT: bottom input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_TIMEOUT', acReport, null]] },
} as const;

const gconfig = {
  port: { type: 'int', default: 8000, description: 'Port to listen on (0: any free port)' },
  seconds: { type: 'float', default: 10, description: 'Seconds between two reports' },
} as const satisfies GConfigTemplate;

export class OnServer extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  echo!: Echo;

  override startUp(): void {
    this.echo = this.createGObj('echo', Echo, this, { port: this.config.port, quiet: true });
    const timer = this.createGObj('timer', GTimer, this);
    this.sendEvent(timer, 'EV_SET_TIMER', { seconds: this.config.seconds, autostart: true });
    this.echo.server.listening.then(
      ({ host, port }) => console.log(`OnServer: echo server listening on ${host}:${port}`),
      () => {}, // the fault SOCK_LISTEN_FAILED says why
    );
  }
}

/** `[app:server] use = call:.../on-server.js#serverMain`. */
export function serverMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('on-server', OnServer, gaplic, { uniqueName: true });
  return gaplic;
}
