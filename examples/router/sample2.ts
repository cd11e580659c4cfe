/**
 * `sample2` of the gaplic 'TOTO' (ginsfsm's router example): it arms a timer on
 * `EV_SET_TIMEOUT` and broadcasts `EV_MESSAGE` when it expires, and answers
 * `EV_GET_STATUS` with its counts. `toto.ts` runs it; so does the ini port of the example
 * (examples/ginsfsm/test_router/).
 */
import { GObj, GTimer, checkFsm, originOf, type GEvent, type Kw } from '../../src/node.js';

function acSetTimeout(sample2: Sample2, event: GEvent): void {
  const seconds = Number(event.kw.timeout);
  const from = originOf(event); // who sent it: { origin_gaplic: 'TITI', ... }
  console.log(
    `TOTO: sample2 sets a timeout of ${seconds} s for ${from?.origin_gaplic}/${from?.origin_gobj}`,
  );
  sample2.sendEvent(sample2.timer!, 'EV_SET_TIMER', { seconds });
}

function acTimeout(sample2: Sample2, _event: GEvent): void {
  sample2.broadcasts += 1;
  const count = sample2.broadcasts;
  console.log(`TOTO: sample2 broadcasts EV_MESSAGE #${count}`);
  // To local subscribers and, through the router, to remote ones.
  sample2.broadcastEvent('EV_MESSAGE', { count });
}

function acGetStatus(sample2: Sample2, _event: GEvent): Kw {
  // The action's return: the response of a sender that asked for one.
  return { broadcasts: sample2.broadcasts, subscribers: sample2.getSubscriptions().length };
}

const fsm = {
  eventList: [
    'EV_SET_TIMEOUT: top input',
    'EV_GET_STATUS: top input',
    'EV_TIMEOUT: bottom input',
    'EV_MESSAGE: top output',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_SET_TIMEOUT', acSetTimeout, null],
      ['EV_GET_STATUS', acGetStatus, null],
      ['EV_TIMEOUT', acTimeout, null], // from its GTimer
    ],
  },
} as const;

export class Sample2 extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
  timer: GTimer | null = null;
  broadcasts = 0;

  override startUp(): void {
    this.timer = this.createGObj('timer', GTimer, this);
  }
}
