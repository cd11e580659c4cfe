/**
 * The 'Calc' gaplic of the placement example (`main.ts` builds it in a worker thread): a
 * `calculator` gobj that adds two numbers, asks the 'Store' gaplic, by role, to keep the
 * sum (one remote gaplic reaching another), and publishes `EV_SAVED` with Store's answer.
 *
 * A gaplic cannot cross to a thread or a process: the worker imports this module and calls
 * its factory, `calcMain`, with the spec's configuration.
 */
import { GAplic, GObj, checkFsm, type GEvent, type Kw } from '../../src/index.js';

function acAdd(calculator: Calculator, event: GEvent): number {
  const { a, b } = event.kw as { a: number; b: number };
  // Gaplic to gaplic: the role 'store' reaches Store; its answer comes back as EV_PUT.
  calculator.gaplic!.sendEventOutside('', 'store', 'db', 'EV_PUT', calculator, {
    key: `${a}+${b}`,
    value: a + b,
    __subscribe_response__: true,
  });
  return a + b; // the response, for a sender that asked for one
}

function acStored(calculator: Calculator, event: GEvent): void {
  calculator.broadcastEvent('EV_SAVED', { reply: event.kw.__action_return__ });
}

function acNotStored(calculator: Calculator, event: GEvent): void {
  calculator.broadcastEvent('EV_SAVED', { reply: null, error: event.kw.error_message });
}

const fsm = {
  eventList: [
    'EV_ADD: top input',
    'EV_PUT: bottom input',
    'EV_NACK: bottom input',
    'EV_SAVED: top output',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_ADD', acAdd, null],
      ['EV_PUT', acStored, null], // Store's answer: kw.__action_return__
      ['EV_NACK', acNotStored, null], // Store could not take it
    ],
  },
} as const;

export class Calculator extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
}

/** What a factory receives as `localConf`: the spec's settings, plus its name and roles. */
export interface LocalConf {
  readonly name: string;
  readonly roles: readonly string[];
  readonly [setting: string]: unknown;
}

/** The factory of the spec (`export: 'calcMain'`): the gaplic must be named `localConf.name`. */
export function calcMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('calculator', Calculator, gaplic, { uniqueName: true });
  return gaplic;
}
