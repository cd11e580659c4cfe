/**
 * GTimer: a gobj that emits a timeout event after `seconds`, once or periodically
 * (`autostart`). Its subscriber (default: its parent) receives the timeout through the
 * gaplic queue, behind the events already posted, so a timeout never arrives nested
 * inside another action.
 *
 *   EV_SET_TIMER { seconds?, autostart? }   seconds < 0 cancels; the two values persist,
 *                                           so EV_SET_TIMER without kw re-arms as before
 *   EV_TIMEOUT                              broadcast under `timeoutEventName`
 *
 * A timeout is never delivered after the timer was cancelled, re-set or destroyed, even
 * one already queued: each arming has a generation, and a queued timeout of an older
 * generation is dropped. A periodic timer's period is at least 0.001 s (shorter ones
 * are raised to it, so that it cannot spin the loop).
 *
 * When the timer fires and no event is waiting in the queue, the timeout is delivered at
 * once, from the timer pass of the loop (never nested in an action): the order the queue
 * would give, without the trip through it.
 */
import { GConfigValidateError, codedError } from '../errors.js';
import type { TimerHandle } from '../gobj/host.js';
import type { GEvent } from '../gobj/gevent.js';
import { GObj } from '../gobj/gobj.js';
import { broadcast, subscribeParentToAll } from '../gobj/publish.js';
import { writeParameter } from '../gconfig/parameters.js';
import type { GConfigTemplate } from '../gconfig/template.js';
import {
  kAddTimerFor,
  kDepth,
  kDestroyed,
  kEnqueueCall,
  kFault,
  kHost,
  kLabel,
} from '../symbols.js';
import { MIN_PERIOD_SECONDS } from '../util/clock.js';
import { listNames } from '../util/describe-value.js';

const SET_TIMER_KEYS = new Set(['seconds', 'autostart']);

/** Delivers a timeout of `generation`, unless the timer was cancelled or re-set since. */
function deliverTimeout(timer: GTimer, generation: number): void {
  if (generation !== timer.generation || timer[kDestroyed]) return;
  // The name is configurable and may be undeclared; the "all events" subscription still
  // delivers it.
  broadcast(timer, timer.config.timeoutEventName ?? 'EV_TIMEOUT', timer, {});
}

function acSetTimer(gobj: GTimer, event: GEvent): void {
  gobj.cancel();
  gobj.configure(event.kw);
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
  autostart: {
    type: 'bool',
    default: false,
    description: 'Re-arm after each expiry (periodic; the period is at least 0.001 s)',
  },
} as const satisfies GConfigTemplate;

export class GTimer extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = fsm;
  static override gconfig = gconfig;
  #handle: TimerHandle | null = null;
  #periodic = false;
  /** Incremented by every cancel: a queued timeout of an older generation is dropped. */
  #generation = 0;
  #reportedUnknownKeys = false;
  /** One function for every GTimer (a closure each would cost ~100 B of every timer). */
  static readonly #expire = (timer: GTimer): void => {
    if (!timer.#periodic) timer.#handle = null;
    const host = timer[kHost]!;
    if (host.queueLength === 0 && host[kDepth] === 0) deliverTimeout(timer, timer.#generation);
    else host[kEnqueueCall](deliverTimeout, timer, timer.#generation);
  };

  /** @internal The generation of the current arming. */
  get generation(): number {
    return this.#generation;
  }

  override startUp(): void {
    const subscriber = this.config.subscriber;
    // The parent's subscription to every event, without a Subscription object (~100 B
    // of every timer) until someone looks at it.
    if (subscriber === null) subscribeParentToAll(this);
    else this.subscribeEvent(null, subscriber);
  }

  override goOut(): void {
    this.cancel();
  }

  /** True while a timeout is pending. */
  get armed(): boolean {
    return this.#handle !== null;
  }

  /** @internal Writes `seconds` and `autostart` from an EV_SET_TIMER kw (strict on seconds). */
  configure(kw: Readonly<Record<string, unknown>>): void {
    const unknown = Object.keys(kw).filter((key) => !SET_TIMER_KEYS.has(key));
    if (unknown.length > 0 && !this.#reportedUnknownKeys) {
      this.#reportedUnknownKeys = true;
      this[kFault](
        'GTIMER_UNKNOWN_KEYS',
        `${this[kLabel]()}: EV_SET_TIMER ignores ${listNames(unknown)} (it takes seconds and autostart)`,
        'EV_SET_TIMER',
      );
    }
    if ('autostart' in kw) writeParameter(this, 'autostart', kw.autostart, false);
    if (!('seconds' in kw)) return;
    try {
      writeParameter(this, 'seconds', kw.seconds, true);
    } catch (error) {
      if (!(error instanceof GConfigValidateError)) throw error;
      this.writeParameter('seconds', -1);
      this[kFault](
        'GTIMER_BAD_SECONDS',
        `${error.message}; the timer stays disarmed`,
        'EV_SET_TIMER',
        error,
      );
    }
  }

  /** @internal Schedules the expiry (periodic when `periodic`). */
  arm(seconds: number, periodic: boolean): void {
    const gaplic = this[kHost];
    if (gaplic === null) {
      throw codedError('GOBJ_NO_GAPLIC', `${this[kLabel]()}: a GTimer needs a gaplic to run`);
    }
    this.#periodic = periodic;
    const delay = periodic ? Math.max(seconds, MIN_PERIOD_SECONDS) : seconds;
    this.#handle = gaplic[kAddTimerFor](delay, GTimer.#expire, this, periodic);
  }

  /** Cancels a pending timeout, and drops one already queued. */
  cancel(): void {
    this.#generation++;
    if (this.#handle !== null) this[kHost]?.removeTimeout(this.#handle);
    this.#handle = null;
  }
}
