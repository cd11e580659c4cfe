/**
 * ginsfsm 0.1's `example1`: one GTimer alternating two tasks. The machine has a state per
 * task: the timeout in ST_TASK1 runs task 1 and arms `seconds2` for task 2, the timeout in
 * ST_TASK2 runs task 2 and arms `seconds1` for task 1 (2 and 4 s in the original).
 *
 *   ST_TASK1  EV_TIMEOUT  acTask1  → ST_TASK2
 *   ST_TASK2  EV_TIMEOUT  acTask2  → ST_TASK1
 *
 *   node build/src/cli/gserve.js examples/ginsfsm/example1/app.ini [seconds1=2] [seconds2=4]
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
import type { LocalConf } from '../conf.js';

function acTask1(alternate: Alternate, _event: GEvent): void {
  console.log(
    `Alternate: task 1 (run ${++alternate.runs}), task 2 in ${alternate.config.seconds2} s`,
  );
  alternate.arm(alternate.config.seconds2);
}

function acTask2(alternate: Alternate, _event: GEvent): void {
  console.log(
    `Alternate: task 2 (run ${++alternate.runs}), task 1 in ${alternate.config.seconds1} s`,
  );
  alternate.arm(alternate.config.seconds1);
}

const fsm = {
  eventList: ['EV_TIMEOUT: bottom input'],
  stateList: ['ST_TASK1', 'ST_TASK2'],
  machine: {
    ST_TASK1: [['EV_TIMEOUT', acTask1, 'ST_TASK2']],
    ST_TASK2: [['EV_TIMEOUT', acTask2, 'ST_TASK1']],
  },
} as const;

const gconfig = {
  seconds1: { type: 'float', default: 2, description: 'Seconds before task 1' },
  seconds2: { type: 'float', default: 4, description: 'Seconds before task 2' },
} as const satisfies GConfigTemplate;

export class Alternate extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  runs = 0;
  timer!: GTimer;

  override startUp(): void {
    this.timer = this.createGObj('timer', GTimer, this);
    this.arm(this.config.seconds1);
  }

  arm(seconds: number): void {
    this.sendEvent(this.timer, 'EV_SET_TIMER', { seconds });
  }
}

/** `[app:example1] use = call:.../alternate.js#alternateMain`. */
export function alternateMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('alternate', Alternate, gaplic, { uniqueName: true });
  return gaplic;
}
