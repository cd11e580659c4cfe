/**
 * 'RobberA' (role financiera) of ginsfsm's inter_event demo: `prestamos` lends on
 * `EV_PRESTAMO { euros, user_name }` and answers `EV_PRESTAMO_ACK { euros }` (the user's
 * total) to the sender. Its router listens (Gran-Villain connects), and has static routes
 * to 'Madrid' (bolsa) and 'Enganabobos' (publicidad).
 */
import { GAplic, GObj, checkFsm, routerOf, type GEvent, type Kw } from '../../../src/node.js';
import type { LocalConf } from '../conf.js';
import { replyToOrigin } from './reply.js';

function acPrestamo(prestamos: Prestamos, event: GEvent): void {
  const user = String(event.kw.user_name);
  const total = (prestamos.loans.get(user) ?? 0) + Number(event.kw.euros);
  prestamos.loans.set(user, total);
  console.log(`RobberA: ${user} owes ${total} euros`);
  replyToOrigin(prestamos, event, 'EV_PRESTAMO_ACK', { euros: total });
}

const fsm = {
  eventList: ['EV_PRESTAMO: top input', 'EV_PRESTAMO_ACK: top output'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_PRESTAMO', acPrestamo, null]] },
} as const;

export class Prestamos extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
  readonly loans = new Map<string, number>();
}

/** `[app:financiera]`. */
export function financieraMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('prestamos', Prestamos, gaplic, { uniqueName: true });
  routerOf(gaplic); // its router, as the ini configures it: it listens, and connects
  return gaplic;
}
