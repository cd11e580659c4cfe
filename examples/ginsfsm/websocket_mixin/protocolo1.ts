/**
 * Actors 2 and 3 of ginsfsm's websocket_mixin example. 'Protocolo1' (role domotica) has
 * the unique gobj `driver`: a GConnex to the TCP server, every chunk it receives
 * re-broadcast as `EV_UPDATE_DRIVER { data }`, and `EV_COMANDO` answered by broadcasting
 * `EV_UPDATE_DRIVER { data: 'QUE SIIIIIIIIII' }`. Its router listens: remote clients
 * subscribe to the driver and send it commands. And code outside any gobj (the original's
 * main thread) finds the driver by name (`globalGetGObj('driver', 'Protocolo1')`) and
 * listens to it through a Deferred.
 */
import {
  Deferred,
  GAplic,
  GConnex,
  GObj,
  checkFsm,
  globalGetGObj,
  routerOf,
  type GConfigTemplate,
  type GEvent,
  type Kw,
} from '../../../src/node.js';
import type { LocalConf } from '../conf.js';

function acBegin(driver: Driver, _event: GEvent): void {
  // The TCP server gaplic answers once it listens: then connect.
  driver.gaplic!.sendEventOutside(driver.config.device ?? '', '', 'device', 'EV_PING', driver, {
    __subscribe_response__: true,
  });
}

function acDeviceUp(driver: Driver, _event: GEvent): void {
  driver.sendEvent(driver.connex, 'EV_ENABLE');
}

function acRxData(driver: Driver, event: GEvent): void {
  driver.broadcastEvent('EV_UPDATE_DRIVER', { data: (event.kw.data as Buffer).toString() });
}

function acComando(driver: Driver, _event: GEvent): void {
  driver.broadcastEvent('EV_UPDATE_DRIVER', { data: 'QUE SIIIIIIIIII' });
}

const fsm = {
  eventList: [
    'EV_BEGIN: top input',
    'EV_COMANDO: top input',
    'EV_PING: bottom input',
    'EV_RX_DATA: bottom input',
    'EV_UPDATE_DRIVER: top output',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_BEGIN', acBegin, null],
      ['EV_PING', acDeviceUp, null], // the TCP server's response
      ['EV_RX_DATA', acRxData, null],
      ['EV_COMANDO', acComando, null],
    ],
  },
} as const;

const gconfig = {
  port: { type: 'int', default: 9999, description: "The TCP server's port" },
  device: { type: 'str', default: 'TcpServer', description: "The TCP server gaplic's name" },
} as const satisfies GConfigTemplate;

export class Driver extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  connex!: GConnex;

  override startUp(): void {
    this.connex = this.createGObj('connex', GConnex, this, {
      destinations: [`127.0.0.1:${this.config.port}`],
      disabled: true, // until the TCP server answers EV_PING
      connectedEventName: null,
      disconnectedEventName: null,
      transmitReadyEventName: null,
    });
  }
}

/** `[app:protocolo1]`: the main gaplic; `router.server = true` in the ini. */
export function protocolo1Main(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  const driver = gaplic.createGObj('driver', Driver, gaplic, { uniqueName: true });
  routerOf(gaplic);
  gaplic.postEvent(driver, 'EV_BEGIN');
  // Actor 3, once the gaplic runs (and is registered): code outside any gobj.
  gaplic.addCallback(() => {
    const found = globalGetGObj('driver', name) as Driver;
    found.subscribeEvent(
      'EV_UPDATE_DRIVER',
      new Deferred('monitor', ({ event }: { event: GEvent }) => {
        console.log(`main: the driver says '${String(event.kw.data)}'`);
      }),
    );
  });
  return gaplic;
}
