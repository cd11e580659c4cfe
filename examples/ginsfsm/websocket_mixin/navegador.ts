/**
 * The client of ginsfsm's websocket_mixin example: 'Navegador', with a static route to
 * role domotica, under gserve (navegador.ini) or in a browser page as the original's
 * `cliente.js` was (pagina.ts; this module imports the isomorphic core only). Its gobj `cliente`
 * subscribes to the driver's `EV_UPDATE_DRIVER`, prints each update, and after
 * `updates` of them sends `EV_COMANDO` (the page's button); when the answer comes it
 * unsubscribes.
 */
import {
  GAplic,
  GObj,
  checkFsm,
  routerOf,
  type GConfigTemplate,
  type GEvent,
  type Kw,
} from '../../../src/index.js';
import type { LocalConf } from '../conf.js';

function acSubscribe(cliente: Cliente, _event: GEvent): void {
  cliente.gaplic!.subscribeEventOutside('', 'domotica', 'driver', 'EV_UPDATE_DRIVER', cliente);
  console.log('Navegador: subscribed to the driver of role domotica');
}

function acUpdate(cliente: Cliente, event: GEvent): void {
  const data = String(event.kw.data);
  console.log(`Navegador: update '${data}'`);
  const gaplic = cliente.gaplic!;
  if (data === 'QUE SIIIIIIIIII') {
    gaplic.unsubscribeEventOutside('', 'domotica', 'driver', 'EV_UPDATE_DRIVER', cliente);
    console.log('Navegador: answered: unsubscribed');
  } else if (++cliente.updates === cliente.config.updates) {
    console.log('Navegador: sending EV_COMANDO');
    gaplic.sendEventOutside('', 'domotica', 'driver', 'EV_COMANDO', cliente);
  }
}

const fsm = {
  eventList: ['EV_STATIC_ROUTE_OPENED: bottom input', 'EV_UPDATE_DRIVER: bottom input'],
  stateList: ['ST_WAIT_ROUTE', 'ST_SUBSCRIBED'],
  machine: {
    ST_WAIT_ROUTE: [['EV_STATIC_ROUTE_OPENED', acSubscribe, 'ST_SUBSCRIBED']],
    ST_SUBSCRIBED: [
      ['EV_UPDATE_DRIVER', acUpdate, null],
      ['EV_STATIC_ROUTE_OPENED', null, null], // opened again after a reconnection
    ],
  },
} as const;

const gconfig = {
  updates: { type: 'int', default: 2, description: 'Updates before sending EV_COMANDO' },
} as const satisfies GConfigTemplate;

export class Cliente extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  updates = 0;
}

/** `[app:navegador]`: `router.staticRoutes = Protocolo1, domotica, ws://...` in the ini. */
export function navegadorMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  const cliente = gaplic.createGObj('cliente', Cliente, gaplic, { uniqueName: true });
  routerOf(gaplic).subscribeEvent('EV_STATIC_ROUTE_OPENED', cliente);
  return gaplic;
}
