/**
 * GTimer: a gobj that emits a timeout event after `seconds`, once or periodically
 * (`autostart`). Its subscriber (default: its parent) receives the timeout *by post*,
 * so a timeout never arrives nested inside another action.
 *
 *   EV_SET_TIMER { seconds?, autostart? }   seconds < 0 cancels; the two values persist,
 *                                           so EV_SET_TIMER without kw re-arms as before
 *   EV_TIMEOUT                              broadcast under `timeoutEventName`
 */
import { GObjError } from '../errors.js';
import type { TimerHandle } from '../gaplic/timers.js';
import type { GEvent } from '../gobj/gevent.js';
import { GObj } from '../gobj/gobj.js';
import type { GConfigTemplate } from '../gconfig/template.js';

const SET_TIMER_PARAMS = ['seconds', 'autostart'];

function acSetTimer(gobj: GTimer, event: GEvent): void {
  gobj.writeFewParameters(SET_TIMER_PARAMS, event.kw);
  gobj.cancel();
  const seconds = gobj.config.seconds;
  if (seconds >= 0) gobj.arm(seconds, gobj.config.autostart);
}

const fsm = {
  eventList: ['EV_SET_TIMER: top input', 'EV_TIMEOUT: top output'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_SET_TIMER', acSetTimer, null]] },
} as const;

const gconfig = {
  subscriber: {
    type: 'any',
    default: null as GObj | string | null,
    description: 'Who receives the timeout (a gobj or unique name); null = the parent',
  },
  timeoutEventName: {
    type: 'str',
    default: 'EV_TIMEOUT',
    description: 'Name of the event emitted on expiry',
  },
  seconds: {
    type: 'float',
    default: -1,
    description: 'Seconds until expiry (fractions allowed); < 0 = not armed',
  },
  autostart: { type: 'bool', default: false, description: 'Re-arm after each expiry (periodic)' },
} as const satisfies GConfigTemplate;

export class GTimer extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = fsm;
  static override gconfig = gconfig;
  #handle: TimerHandle | null = null;

  override startUp(): void {
    this.subscribeEvent(null, this.config.subscriber, { usePostEvent: true });
  }

  override goOut(): void {
    this.cancel();
  }

  /** True while a timeout is pending. */
  get armed(): boolean {
    return this.#handle !== null;
  }

  /** @internal Schedules the expiry (periodic when `periodic`). */
  arm(seconds: number, periodic: boolean): void {
    const gaplic = this.gaplic;
    if (gaplic === null) {
      throw new GObjError('GOBJ_NO_GAPLIC', `${this._label()}: a GTimer needs a gaplic to run`);
    }
    const repeat = periodic && seconds > 0;
    if (periodic && !repeat) {
      this.logger.error(`${this._label()}: autostart with seconds=0 would spin; firing once`);
    }
    this.#handle = gaplic.addTimeout(seconds, () => this.#expire(repeat), repeat);
  }

  /** Cancels a pending timeout. */
  cancel(): void {
    if (this.#handle !== null) this.gaplic?.removeTimeout(this.#handle);
    this.#handle = null;
  }

  #expire(repeat: boolean): void {
    if (!repeat) this.#handle = null;
    // The name is configurable and may be undeclared; the "all events" subscription
    // still delivers it.
    this.broadcastEvent((this.config.timeoutEventName ?? 'EV_TIMEOUT') as 'EV_TIMEOUT');
  }
}
