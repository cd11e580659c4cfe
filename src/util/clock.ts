/**
 * The clock seam. A gaplic reads time and schedules its one host timer and its queue
 * drains only through a Clock, so tests swap in `TestClock` (from `ginsfsm/testing`)
 * and drive every timing behaviour without sleeping.
 */

/** Time source and host scheduling for a gaplic. All durations are in seconds. */
export interface Clock {
  /** Monotonic time in seconds (fractional); only differences are meaningful. */
  now(): number;
  /** Calls `callback` once, `seconds` from now. Returns a handle for `clearTimer`. */
  setTimer(callback: () => void, seconds: number): unknown;
  clearTimer(handle: unknown): void;
  /** Calls `callback` soon, after pending I/O callbacks (Node's `setImmediate`). */
  defer(callback: () => void): void;
}

/** Longest delay a host timer accepts (2^31 - 1 ms); longer waits re-arm on wake-up. */
export const MAX_TIMER_SECONDS = 2_147_483.647;

interface HostTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setImmediate?(callback: () => void): unknown;
  performance: { now(): number };
}

const host = globalThis as unknown as HostTimers;

const defer: (callback: () => void) => void =
  typeof host.setImmediate === 'function'
    ? (callback) => void host.setImmediate?.(callback)
    : (callback) => void host.setTimeout(callback, 0);

/** The real clock: `performance.now()`, `setTimeout`, `setImmediate` (or `setTimeout(0)`). */
export const realClock: Clock = {
  now: () => host.performance.now() / 1000,
  // Round up so a timer never fires before its deadline as seen by now().
  setTimer: (callback, seconds) =>
    host.setTimeout(callback, Math.ceil(Math.min(Math.max(seconds, 0), MAX_TIMER_SECONDS) * 1000)),
  clearTimer: (handle) => host.clearTimeout(handle),
  defer,
};

/**
 * Shortest period of a periodic timer (1 ms, as Node's `setInterval`). A shorter period
 * would fire on every pass of the loop and spin it: `addTimeout` and `Callback` refuse
 * one, GTimer and a Callback's returned delay are raised to it.
 */
export const MIN_PERIOD_SECONDS = 0.001;
