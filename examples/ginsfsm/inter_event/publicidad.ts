/**
 * 'Enganabobos' (role publicidad) of ginsfsm's inter_event demo: `sorteo` broadcasts
 * `EV_REGALO { regalo: 'Premio gordo!!' }` every `seconds` to its subscribers, local or
 * remote (the client subscribes from three hops away).
 */
import {
  GAplic,
  GObj,
  GTimer,
  checkFsm,
  routerOf,
  type GConfigTemplate,
  type GEvent,
  type Kw,
} from '../../../src/node.js';
import type { LocalConf } from '../conf.js';

function acSorteo(sorteo: Sorteo, _event: GEvent): void {
  sorteo.draws++;
  const subscribers = sorteo.getSubscriptions().length;
  console.log(`Enganabobos: draw ${sorteo.draws} for ${subscribers} subscribers`);
  sorteo.broadcastEvent('EV_REGALO', { regalo: 'Premio gordo!!', draw: sorteo.draws });
}

const fsm = {
  eventList: ['EV_TIMEOUT: bottom input', 'EV_REGALO: top output'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_TIMEOUT', acSorteo, null]] },
} as const;

const gconfig = {
  seconds: { type: 'float', default: 3, description: 'Seconds between two draws' },
} as const satisfies GConfigTemplate;

export class Sorteo extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  draws = 0;

  override startUp(): void {
    const timer = this.createGObj('timer', GTimer, this);
    this.sendEvent(timer, 'EV_SET_TIMER', { seconds: this.config.seconds, autostart: true });
  }
}

/** `[app:publicidad]`. */
export function publicidadMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('sorteo', Sorteo, gaplic, { uniqueName: true });
  routerOf(gaplic); // its router, as the ini configures it: it listens, and connects
  return gaplic;
}
