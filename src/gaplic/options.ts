/**
 * The options of `new GAplic()`: their types, their documentation, and their checks
 * (every wrong option throws `GAplicError` naming the option, the value and what was
 * expected; an unknown option name is an error so that a typo is not ignored).
 */
import { GAplicError } from '../errors.js';
import type { GEvent } from '../gobj/gevent.js';
import { isLogger, type Logger } from '../logger.js';
import { describeValue } from '../util/describe-value.js';
import type { Clock } from './clock.js';
import type { GAplic } from './gaplic.js';

/** Where an uncaught error came from. */
export interface ErrorContext {
  /** `hook` = an exception from `mtSubprocess()`. */
  readonly kind: 'event' | 'callback' | 'timer' | 'hook';
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
  /** Called for errors thrown by queued actions, callbacks and timers. @default log them */
  readonly onError?: ErrorHook;
  /** Make every named gobj a unique-named gobj. @default false */
  readonly allUniqueNames?: boolean;
  /** Events delivered per drain before yielding to I/O. @default 1024 */
  readonly queueBatchSize?: number;
  /** Queue bound: `postEvent` throws `GAPLIC_QUEUE_FULL` beyond it. @default 1_000_000 */
  readonly maxQueueLength?: number;
}

const OPTION_NAMES = new Set([
  'name',
  'roles',
  'settings',
  'logger',
  'clock',
  'onError',
  'allUniqueNames',
  'queueBatchSize',
  'maxQueueLength',
]);

/** @internal The roles option as a frozen list (throws `GAPLIC_BAD_OPTION`). */
export function normalizeRoles(roles: unknown): readonly string[] {
  if (roles === undefined || roles === null) return [];
  const list = typeof roles === 'string' ? roles.split(/[\s,]+/).filter(Boolean) : roles;
  if (!Array.isArray(list) || list.some((r) => typeof r !== 'string' || r.trim() === '')) {
    throw new GAplicError(
      'GAPLIC_BAD_OPTION',
      `GAplic option 'roles' got ${describeValue(roles)}, expected a list of non-empty strings or a comma-separated string`,
    );
  }
  return Object.freeze([...(list as string[])]);
}

function positiveInteger(options: GAplicOptions, key: 'queueBatchSize' | 'maxQueueLength'): void {
  const value = options[key];
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new GAplicError(
      'GAPLIC_BAD_OPTION',
      `GAplic option '${key}' got ${describeValue(value)}, expected an integer >= 1`,
    );
  }
}

/** @internal Throws `GAplicError` for an unknown or wrong option. */
export function checkOptions(options: GAplicOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new GAplicError(
      'GAPLIC_BAD_OPTION',
      `GAplic options must be an object, got ${describeValue(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.has(key)) {
      throw new GAplicError(
        'GAPLIC_UNKNOWN_OPTION',
        `GAplic option '${key}' is unknown (options: ${[...OPTION_NAMES].join(', ')})`,
      );
    }
  }
  const bad = (key: string, expected: string, value: unknown): never => {
    throw new GAplicError(
      'GAPLIC_BAD_OPTION',
      `GAplic option '${key}' got ${describeValue(value)}, expected ${expected}`,
    );
  };
  if (options.name !== undefined && typeof options.name !== 'string')
    bad('name', 'a string', options.name);
  if (options.logger !== undefined && !isLogger(options.logger)) {
    bad('logger', 'an object with debug/info/warn/error methods', options.logger);
  }
  const clock = options.clock as Partial<Clock> | undefined;
  if (
    clock !== undefined &&
    (typeof clock?.now !== 'function' ||
      typeof clock.setTimer !== 'function' ||
      typeof clock.clearTimer !== 'function' ||
      typeof clock.defer !== 'function')
  ) {
    bad('clock', 'a Clock with now/setTimer/clearTimer/defer', options.clock);
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    bad('onError', 'a function', options.onError);
  }
  if (options.allUniqueNames !== undefined && typeof options.allUniqueNames !== 'boolean') {
    bad('allUniqueNames', 'a boolean', options.allUniqueNames);
  }
  positiveInteger(options, 'queueBatchSize');
  positiveInteger(options, 'maxQueueLength');
}
