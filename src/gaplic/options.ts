/**
 * The options of `new GAplic()`: their types, their documentation, and their checks
 * (every wrong option throws `GAplicError` naming the option, the value and what was
 * expected; an unknown option name is an error so that a typo is not ignored).
 */
import { codedError } from '../errors.js';
import type { FaultHook } from '../faults.js';
import type { GEvent } from '../gobj/gevent.js';
import type { ErrorKind } from '../gobj/host.js';
import { isLogger, type Logger } from '../logger.js';
import {
  aBoolean,
  aFunction,
  aPlainObject,
  aPositiveInteger,
  aString,
  checkOptions,
  type Expect,
} from '../util/check.js';
import type { Clock } from '../util/clock.js';
import { describeValue } from '../util/describe-value.js';
import type { GAplic } from './gaplic.js';

/** Where an uncaught error came from. */
export interface ErrorContext {
  /** `hook` = an exception from `mtSubprocess()`. */
  readonly kind: ErrorKind;
  readonly gaplic: GAplic;
  /** The event being delivered, for `kind: 'event'`. */
  readonly event?: GEvent;
}

/** Receives errors thrown by actions run from the queue, callbacks and timers. */
export type ErrorHook = (error: unknown, context: ErrorContext) => void;

/** Options of `new GAplic()`. */
export interface GAplicOptions {
  /** The gaplic's name (routing addresses gaplics by name or role). @default '' */
  readonly name?: string;
  /** Roles: a list, or a string of names separated by commas or spaces. @default [] */
  readonly roles?: string | readonly string[];
  /** Dotted settings applied to every gobj created later (they win over creation kw). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Logger for the gaplic and its gobjs (pino, console, ...). @default console without debug */
  readonly logger?: Logger;
  /** Time source; pass a `TestClock` in tests. @default realClock */
  readonly clock?: Clock;
  /**
   * Called for errors thrown by queued actions, callbacks and timers, instead of
   * logging them. @default log them
   */
  readonly onError?: ErrorHook;
  /** Called with every run-time fault, as data, after it is logged. @default none */
  readonly onFault?: FaultHook;
  /** Make every named gobj a unique-named gobj. @default false */
  readonly allUniqueNames?: boolean;
  /** Events delivered per drain before yielding to I/O. @default 1024 */
  readonly queueBatchSize?: number;
  /** Queue bound: `postEvent` throws `GAPLIC_QUEUE_FULL` beyond it. @default 1_000_000 */
  readonly maxQueueLength?: number;
}

const aLogger: Expect = {
  test: isLogger,
  expected: 'an object with debug/info/warn/error methods',
};

const aClock: Expect = {
  test: (v) => {
    const c = v as Partial<Clock> | null;
    return (
      typeof c === 'object' &&
      c !== null &&
      typeof c.now === 'function' &&
      typeof c.setTimer === 'function' &&
      typeof c.clearTimer === 'function' &&
      typeof c.defer === 'function'
    );
  },
  expected: 'a Clock with now/setTimer/clearTimer/defer',
};

const someRoles: Expect = {
  test: (v) => v === null || typeof v === 'string' || Array.isArray(v),
  expected: 'a list of non-empty strings or a comma-separated string',
};

const OPTION_SPECS: Readonly<Record<keyof GAplicOptions, Expect>> = {
  name: aString,
  roles: someRoles,
  settings: aPlainObject,
  logger: aLogger,
  clock: aClock,
  onError: aFunction,
  onFault: aFunction,
  allUniqueNames: aBoolean,
  queueBatchSize: aPositiveInteger,
  maxQueueLength: aPositiveInteger,
};

/** @internal The roles option as a frozen list (throws `GAPLIC_BAD_OPTION`). */
export function normalizeRoles(roles: unknown): readonly string[] {
  if (roles === undefined || roles === null) return [];
  const list = typeof roles === 'string' ? roles.split(/[\s,]+/).filter(Boolean) : roles;
  if (!Array.isArray(list) || list.some((r) => typeof r !== 'string' || r.trim() === '')) {
    throw codedError(
      'GAPLIC_BAD_OPTION',
      `GAplic option 'roles' got ${describeValue(roles)}, expected ${someRoles.expected}`,
    );
  }
  return Object.freeze([...(list as string[])]);
}

/** @internal Throws `GAplicError` for an unknown or wrong option. */
export function checkGAplicOptions(options: unknown): GAplicOptions {
  if (options === null || typeof options !== 'object') {
    throw codedError(
      'GAPLIC_BAD_OPTION',
      `GAplic options got ${describeValue(options)}, expected an object`,
    );
  }
  checkOptions('GAplic', options, OPTION_SPECS, 'GAPLIC_BAD_OPTION', 'GAPLIC_UNKNOWN_OPTION');
  return options;
}
