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
 *
 * A GTimer is its own node in its gaplic's timer lists (gaplic/timer-lists.ts): arming,
 * re-arming, cancelling or firing it allocates nothing, and it orders with the
 * `addTimeout` timers by (deadline, insertion) as they do among themselves.
 */
import { GConfigValidateError, codedError } from '../errors.js';
import type { GEvent } from '../gobj/gevent.js';
import { isDestroyed, ownsConfig } from '../gobj/flags.js';
import { GObj, paramsOf } from '../gobj/gobj.js';
import { broadcast, subscribeParentToAll } from '../gobj/publish.js';
import { writeParameter } from '../gconfig/parameters.js';
import type { CompiledTemplate, GConfigTemplate } from '../gconfig/template.js';
import type { TimerLink, TimerNode } from '../gaplic/timer-lists.js';
import {
  kAddTimerFor,
  kDeadline,
  kDepth,
  kEnqueueCall,
  kExpire,
  kFault,
  kFillConfig,
  kHost,
  kLabel,
  kNext,
  kPeriodic,
  kPrev,
  kRemoveTimerFor,
  kSeq,
  kTemplate,
} from '../symbols.js';
import { MIN_PERIOD_SECONDS } from '../util/clock.js';
import { listNames } from '../util/describe-value.js';

const SET_TIMER_KEYS = new Set(['seconds', 'autostart']);

// A GTimer's own state is one small integer:
// generation << 3 | AUTOSTART | REPORTED_UNKNOWN_KEYS | PERIODIC.
const PERIODIC = 1;
const REPORTED_UNKNOWN_KEYS = 2;
/** The `autostart` EV_SET_TIMER left, while the timer has no `config` of its own. */
const AUTOSTART = 4;
const GENERATION_SHIFT = 3;
const ONE_GENERATION = 1 << GENERATION_SHIFT;
/** Keeps the state a small integer (an Smi, never a boxed number): the generation wraps at 2^27. */
const STATE_MASK = 0x3fffffff;

/** Delivers a timeout of `generation`, unless the timer was cancelled or re-set since. */
function deliverTimeout(timer: GTimer, generation: number): void {
  if (generation !== timer.generation || isDestroyed(timer)) return;
  // The name is configurable and may be undeclared; the "all events" subscription still
  // delivers it.
  broadcast(timer, paramsOf(timer).timeoutEventName ?? 'EV_TIMEOUT', timer, {});
}

/** Per template: `seconds` and `autostart` are plain (no subclass added a validator). */
const plainTemplates = new WeakMap<CompiledTemplate, boolean>();

/**
 * True when EV_SET_TIMER's values may be kept in the timer's fields: it has no config of
 * its own, and the pipeline would store a finite number and a boolean as they are.
 */
function keepsValuesApart(timer: GTimer): boolean {
  if (ownsConfig(timer)) return false;
  const template = timer[kTemplate];
  let plain = plainTemplates.get(template);
  if (plain === undefined) {
    const seconds = template.entries.get('seconds');
    const autostart = template.entries.get('autostart');
    plain =
      seconds?.type === 'float' &&
      seconds.validate === null &&
      autostart?.type === 'bool' &&
      autostart.validate === null;
    plainTemplates.set(template, plain);
  }
  return plain;
}

function acSetTimer(gobj: GTimer, event: GEvent): void {
  gobj.setTimer(event.kw);
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

export class GTimer extends GObj<typeof fsm, typeof gconfig> implements TimerNode {
  static override fsm = fsm;
  static override gconfig = gconfig;
  // A GTimer is its own node in its gaplic's timer lists (gaplic/timer-lists.ts): arming
  // it allocates nothing. Initialised here so that every GTimer has the same shape; the
  // deadline starts as a double so that its field never changes representation.
  /** @internal */
  [kDeadline] = Infinity;
  /** @internal */
  [kSeq] = 0;
  /** @internal Linked (non-null) while armed. */
  [kPrev]: TimerLink | null = null;
  /** @internal */
  [kNext]: TimerLink | null = null;
  /**
   * generation << 3 | AUTOSTART | REPORTED_UNKNOWN_KEYS | PERIODIC. Every cancel starts a
   * new generation: a queued timeout of an older one is dropped.
   */
  #state = paramsOf(this).autostart ? AUTOSTART : 0;
  /**
   * The `seconds` EV_SET_TIMER left, while the timer has no `config` of its own (a
   * config would cost ~100 B of every timer): the values persist here, and move into the
   * config when one is made (`kFillConfig`); from then on the config holds them.
   */
  #seconds = paramsOf(this).seconds;

  /** @internal The generation of the current arming. */
  get generation(): number {
    return this.#state >>> GENERATION_SHIFT;
  }

  /** @internal Periodic: its period is the duration of the list it is in (its delay). */
  get [kPeriodic](): boolean {
    return (this.#state & PERIODIC) !== 0;
  }

  /** @internal Its deadline came (a one-shot is unlinked already). */
  [kExpire](): void {
    const host = this[kHost]!;
    const generation = this.#state >>> GENERATION_SHIFT;
    if (host.queueLength === 0 && host[kDepth] === 0) deliverTimeout(this, generation);
    else host[kEnqueueCall](deliverTimeout, this, generation);
  }

  override startUp(): void {
    const subscriber = paramsOf(this).subscriber;
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
    return this[kNext] !== null;
  }

  /** @internal Writes the values kept out of a config into the config being made. */
  override [kFillConfig](config: Record<string, unknown>): void {
    config.seconds = this.#seconds;
    config.autostart = (this.#state & AUTOSTART) !== 0;
  }

  /** @internal EV_SET_TIMER: cancel, take the kw's values, arm unless seconds < 0. */
  setTimer(kw: Readonly<Record<string, unknown>>): void {
    this.cancel();
    this.configure(kw);
    const own = ownsConfig(this);
    const seconds = own ? this.config.seconds : this.#seconds;
    const autostart = own ? this.config.autostart : (this.#state & AUTOSTART) !== 0;
    if (seconds >= 0) this.arm(seconds, autostart);
  }

  /**
   * @internal Writes `seconds` and `autostart` from an EV_SET_TIMER kw (strict on seconds).
   * A finite number and a boolean are what the pipeline would store: they are kept in the
   * timer's fields while it has no config; anything else goes through the pipeline.
   */
  configure(kw: Readonly<Record<string, unknown>>): void {
    const unknown = Object.keys(kw).filter((key) => !SET_TIMER_KEYS.has(key));
    if (unknown.length > 0 && (this.#state & REPORTED_UNKNOWN_KEYS) === 0) {
      this.#state |= REPORTED_UNKNOWN_KEYS;
      this[kFault](
        'GTIMER_UNKNOWN_KEYS',
        `${this[kLabel]()}: EV_SET_TIMER ignores ${listNames(unknown)} (it takes seconds and autostart)`,
        'EV_SET_TIMER',
      );
    }
    const autostart = kw.autostart;
    if (typeof autostart === 'boolean' && keepsValuesApart(this)) {
      this.#state = autostart ? this.#state | AUTOSTART : this.#state & ~AUTOSTART;
    } else if ('autostart' in kw) {
      writeParameter(this, 'autostart', autostart, false);
    }
    if (!('seconds' in kw)) return;
    const seconds = kw.seconds;
    if (typeof seconds === 'number' && Number.isFinite(seconds) && keepsValuesApart(this)) {
      this.#seconds = seconds;
      return;
    }
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
    this.#state = periodic ? this.#state | PERIODIC : this.#state & ~PERIODIC;
    const delay = periodic ? Math.max(seconds, MIN_PERIOD_SECONDS) : seconds;
    gaplic[kAddTimerFor](this, delay);
  }

  /** Cancels a pending timeout, and drops one already queued. */
  cancel(): void {
    this.#state = (this.#state + ONE_GENERATION) & STATE_MASK;
    if (this[kNext] !== null) this[kHost]![kRemoveTimerFor](this);
  }
}
