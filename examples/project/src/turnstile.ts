// README, "Use it in your project": a minimal gclass, as a user's src/turnstile.ts.
// Its test is ../test/turnstile.test.ts; test/docs/samples.test.ts runs it.
import { GObj, GTimer, checkFsm, type GConfigTemplate, type GEvent } from '../../../src/index.js';

function acUnlock(turnstile: Turnstile, _event: GEvent): void {
  turnstile.coins += 1;
  turnstile.sendEvent(turnstile.timer!, 'EV_SET_TIMER', { seconds: turnstile.config.openSeconds });
}
function acLock(turnstile: Turnstile, _event: GEvent): void {
  turnstile.sendEvent(turnstile.timer!, 'EV_SET_TIMER', { seconds: -1 }); // cancel
}

const fsm = {
  eventList: ['EV_COIN', 'EV_PUSH', 'EV_TIMEOUT'],
  stateList: ['ST_LOCKED', 'ST_UNLOCKED'],
  machine: {
    ST_LOCKED: [['EV_COIN', acUnlock, 'ST_UNLOCKED']],
    ST_UNLOCKED: [
      ['EV_PUSH', acLock, 'ST_LOCKED'],
      ['EV_TIMEOUT', null, 'ST_LOCKED'], // nobody went through in time
    ],
  },
} as const;

const gconfig = {
  openSeconds: { type: 'float', default: 5, description: 'Seconds before it locks again' },
} as const satisfies GConfigTemplate;

export class Turnstile extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  timer: GTimer | null = null;
  coins = 0;

  override startUp(): void {
    this.timer = this.createGObj('timer', GTimer, this); // its EV_TIMEOUT comes here
  }
}
