/**
 * The client of ginsfsm's inter_event demo, a gaplic whose only route is a static route to
 * 'Gran-Villain': under gserve (cliente.ini) or in a browser page, as the original's was
 * (navegador.ts; it imports the isomorphic core only, so that it runs in both). `cliente`, once the route is up,
 * opens an account (`EV_CUENTA` to role banco), asks a loan twice (`EV_PRESTAMO` to role
 * financiera: one hop more), buys shares (`EV_ACCIONES` to role bolsa: two hops more) and
 * subscribes to the draws of role publicidad (`EV_REGALO`); each service answers it by
 * name, back the same way.
 *
 *   ST_WAIT_ROUTE    EV_STATIC_ROUTE_OPENED  acRegister    → ST_WAIT_CUENTA
 *   ST_WAIT_CUENTA   EV_CUENTA_ACK           acBorrow      → ST_WAIT_PRESTAMO
 *   ST_WAIT_PRESTAMO EV_PRESTAMO_ACK         acBorrowMore  (after the 2nd: acBuy → ST_WAIT_ACCIONES)
 *   ST_WAIT_ACCIONES EV_ACCIONES_ACK         acSubscribe   → ST_CLIENT
 *   any state        EV_REGALO               acRegalo
 */
import {
  GAplic,
  GObj,
  checkFsm,
  originOf,
  routerOf,
  type GConfigTemplate,
  type GEvent,
  type Kw,
} from '../../../src/index.js';
import type { LocalConf } from '../conf.js';

function from(event: GEvent): string {
  const origin = originOf(event);
  return `${origin?.origin_gaplic ?? '?'}/${origin?.origin_gobj ?? '?'}`;
}

function acRegister(cliente: Cliente, event: GEvent): void {
  console.log(`Cliente: route to '${String(event.kw.route)}' open`);
  cliente.send('banco', 'cuentas', 'EV_CUENTA', {});
}

function acBorrow(cliente: Cliente, event: GEvent): void {
  console.log(`Cliente: account of ${String(event.kw.user_name)} opened by ${from(event)}`);
  cliente.send('financiera', 'prestamos', 'EV_PRESTAMO', { euros: cliente.config.euros });
}

function acLoan(cliente: Cliente, event: GEvent): void {
  console.log(`Cliente: ${from(event)} lent me money: I owe ${String(event.kw.euros)} euros`);
  if (++cliente.loans < 2) {
    cliente.send('financiera', 'prestamos', 'EV_PRESTAMO', { euros: cliente.config.euros });
    return;
  }
  cliente.send('bolsa', 'acciones', 'EV_ACCIONES', { acciones: cliente.config.acciones });
  cliente.setNewState('ST_WAIT_ACCIONES');
}

function acSubscribe(cliente: Cliente, event: GEvent): void {
  console.log(`Cliente: ${from(event)} sold me shares: I have ${String(event.kw.acciones)}`);
  cliente.gaplic!.subscribeEventOutside('', 'publicidad', 'sorteo', 'EV_REGALO', cliente);
  console.log('Cliente: subscribed to the draws of role publicidad');
}

function acRegalo(cliente: Cliente, event: GEvent): void {
  console.log(
    `Cliente: ${from(event)} says: ${String(event.kw.regalo)} (draw ${String(event.kw.draw)})`,
  );
  if (++cliente.regalos === cliente.config.regalos) {
    cliente.gaplic!.unsubscribeEventOutside('', 'publicidad', 'sorteo', 'EV_REGALO', cliente);
    console.log(`Cliente: ${cliente.regalos} draws are enough: unsubscribed`);
  }
}

function acNack(_cliente: Cliente, event: GEvent): void {
  const { event_name: name, error_message: message } = event.kw;
  console.log(`Cliente: EV_NACK for '${String(name)}': ${String(message)}`);
}

const fsm = {
  eventList: [
    'EV_STATIC_ROUTE_OPENED: bottom input',
    'EV_CUENTA_ACK: bottom input',
    'EV_PRESTAMO_ACK: bottom input',
    'EV_ACCIONES_ACK: bottom input',
    'EV_REGALO: bottom input',
    'EV_NACK: bottom input',
  ],
  stateList: [
    'ST_WAIT_ROUTE',
    'ST_WAIT_CUENTA',
    'ST_WAIT_PRESTAMO',
    'ST_WAIT_ACCIONES',
    'ST_CLIENT',
  ],
  machine: {
    ST_WAIT_ROUTE: [['EV_STATIC_ROUTE_OPENED', acRegister, 'ST_WAIT_CUENTA']],
    ST_WAIT_CUENTA: [
      ['EV_CUENTA_ACK', acBorrow, 'ST_WAIT_PRESTAMO'],
      ['EV_NACK', acNack, null],
    ],
    ST_WAIT_PRESTAMO: [
      ['EV_PRESTAMO_ACK', acLoan, null],
      ['EV_NACK', acNack, null],
    ],
    ST_WAIT_ACCIONES: [
      ['EV_ACCIONES_ACK', acSubscribe, 'ST_CLIENT'],
      ['EV_NACK', acNack, null],
    ],
    ST_CLIENT: [
      ['EV_REGALO', acRegalo, null],
      ['EV_STATIC_ROUTE_OPENED', null, null], // opened again after a reconnection
      ['EV_NACK', acNack, null],
    ],
  },
} as const;

const gconfig = {
  userName: { type: 'str', default: 'Pepe', description: 'Whose account it is' },
  euros: { type: 'int', default: 1000, description: 'Euros asked at each loan' },
  acciones: { type: 'int', default: 10, description: 'Shares bought' },
  regalos: { type: 'int', default: 2, description: 'Draws heard before unsubscribing' },
} as const satisfies GConfigTemplate;

export class Cliente extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  loans = 0;
  regalos = 0;

  /** Sends `eventName` to `gobj` of whichever gaplic has `role`, with the user's name. */
  send(role: string, gobj: string, eventName: string, kw: Kw): void {
    this.gaplic!.sendEventOutside('', role, gobj, eventName, this, {
      ...kw,
      user_name: this.config.userName,
    });
  }
}

/** `[app:cliente]`: `router.staticRoutes = Gran-Villain, banco+..., ws://...` in the ini. */
export function clienteMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  const cliente = gaplic.createGObj('cliente', Cliente, gaplic, { uniqueName: true });
  routerOf(gaplic).subscribeEvent('EV_STATIC_ROUTE_OPENED', cliente);
  return gaplic;
}
