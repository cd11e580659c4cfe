/**
 * The main gaplic of the compose example (`app.ini`): 'Front', with a `desk` whose `a` and
 * `b` come from the ini file (`desk.a = 2`). Once the composite runs, the desk asks 'Calc'
 * (a worker thread, examples/placement/calc.ts) for a + b, hears Calc's `EV_SAVED` when
 * 'Store' (a child process, examples/placement/store.ts) has kept it, and asks Store, by
 * role, what it holds. Then it waits: gserve stops the whole tree on SIGINT or SIGTERM.
 *
 *   npm run compile && node build/src/cli/gserve.js examples/compose/app.ini
 */
import {
  GAplic,
  GObj,
  checkFsm,
  type GConfigTemplate,
  type GEvent,
  type Kw,
} from '../../src/node.js';

function acBegin(desk: Desk): void {
  const front = desk.gaplic!;
  const { a, b } = desk.config;
  front.subscribeEventOutside('Calc', '', 'calculator', 'EV_SAVED', desk);
  front.sendEventOutside('Calc', '', 'calculator', 'EV_ADD', desk, {
    a,
    b,
    __subscribe_response__: true,
  });
}

function acAdded(desk: Desk, event: GEvent): void {
  console.log(
    `Front: Calc says ${desk.config.a}+${desk.config.b} = ${String(event.kw.__action_return__)}`,
  );
}

function acSaved(desk: Desk, event: GEvent): void {
  console.log(`Front: Calc published EV_SAVED: ${String(event.kw.reply)}`);
  desk.gaplic!.sendEventOutside('', 'store', 'db', 'EV_GET', desk, {
    key: `${desk.config.a}+${desk.config.b}`,
    __subscribe_response__: true,
  });
}

function acGot(_desk: Desk, event: GEvent): void {
  const entry = event.kw.__action_return__ as { value: number; by: string };
  console.log(`Front: Store holds ${entry.value}, stored by ${entry.by}`);
}

const fsm = {
  eventList: [
    'EV_BEGIN: top input',
    'EV_ADD: bottom input',
    'EV_SAVED: bottom input',
    'EV_GET: bottom input',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_BEGIN', acBegin, null],
      ['EV_ADD', acAdded, null], // Calc's response
      ['EV_SAVED', acSaved, null], // Calc's broadcast
      ['EV_GET', acGot, null], // Store's response
    ],
  },
} as const;

const gconfig = {
  a: { type: 'int', default: 1, description: 'The first number to add' },
  b: { type: 'int', default: 1, description: 'The second number to add' },
} as const satisfies GConfigTemplate;

export class Desk extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  override goOut(): void {
    console.log('Front: the desk goes out');
  }
}

/** What a factory receives as `localConf`: the section's settings, its name and its roles. */
export interface LocalConf {
  readonly name: string;
  readonly roles: readonly string[];
  readonly [setting: string]: string | readonly string[];
}

/** `[app:front] use = call:./front.js#frontMain`: the main gaplic. */
export function frontMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf; // settings: { 'desk.a': '2', ... }
  const front = new GAplic({ name, roles, settings });
  const desk = front.createGObj('desk', Desk, front, { uniqueName: true });
  // Delivered once it runs; what it sends the workers waits for them while they start.
  front.postEvent(desk, 'EV_BEGIN');
  return front;
}
