/**
 * 'Gran-Villain' (role banco) of ginsfsm's inter_event demo: `cuentas` opens an account on
 * `EV_CUENTA { user_name }` and answers `EV_CUENTA_ACK` to the sender. Its router listens
 * for clients, and has a static route to 'RobberA', through which the roles financiera,
 * bolsa and publicidad are reached.
 */
import { GAplic, GObj, checkFsm, routerOf, type GEvent, type Kw } from '../../../src/node.js';
import type { LocalConf } from '../conf.js';
import { replyToOrigin } from './reply.js';

function acCuenta(cuentas: Cuentas, event: GEvent): void {
  const user = String(event.kw.user_name);
  cuentas.accounts.add(user);
  console.log(`Gran-Villain: account of ${user} opened (${cuentas.accounts.size} accounts)`);
  replyToOrigin(cuentas, event, 'EV_CUENTA_ACK', { user_name: user });
}

const fsm = {
  eventList: ['EV_CUENTA: top input', 'EV_CUENTA_ACK: top output'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_CUENTA', acCuenta, null]] },
} as const;

export class Cuentas extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
  readonly accounts = new Set<string>();
}

/** `[app:banco]`: `router.server = true`, `router.staticRoutes = RobberA, ...` in the ini. */
export function bancoMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('cuentas', Cuentas, gaplic, { uniqueName: true });
  routerOf(gaplic); // its router, as the ini configures it: it listens, and connects
  return gaplic;
}
