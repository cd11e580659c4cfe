/**
 * 'Madrid' (role bolsa) of ginsfsm's inter_event demo: `acciones` sells shares on
 * `EV_ACCIONES { acciones, user_name }` and answers `EV_ACCIONES_ACK { acciones }` (the
 * user's total) to the sender, two hops away (Gran-Villain → RobberA → Madrid).
 */
import { GAplic, GObj, checkFsm, routerOf, type GEvent, type Kw } from '../../../src/node.js';
import type { LocalConf } from '../conf.js';
import { replyToOrigin } from './reply.js';

function acAcciones(acciones: Acciones, event: GEvent): void {
  const user = String(event.kw.user_name);
  const total = (acciones.shares.get(user) ?? 0) + Number(event.kw.acciones);
  acciones.shares.set(user, total);
  console.log(`Madrid: ${user} has ${total} shares`);
  replyToOrigin(acciones, event, 'EV_ACCIONES_ACK', { acciones: total });
}

const fsm = {
  eventList: ['EV_ACCIONES: top input', 'EV_ACCIONES_ACK: top output'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_ACCIONES', acAcciones, null]] },
} as const;

export class Acciones extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
  readonly shares = new Map<string, number>();
}

/** `[app:bolsa]`. */
export function bolsaMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('acciones', Acciones, gaplic, { uniqueName: true });
  routerOf(gaplic); // its router, as the ini configures it: it listens, and connects
  return gaplic;
}
