/**
 * The logger seam: any object with pino's or console's level methods fits
 * (`pino()`, `console`, a test capture). ginsfsm logs plain strings only, so a
 * console and a structured logger print the same line.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The logger used when none is given: `console`, without debug lines.
 * Trace lines (machine, creation, subscription traces) are `info`.
 */
// The core is isomorphic and compiled without DOM or Node typings; both have a console.
const hostConsole = (globalThis as unknown as { console: Omit<Logger, 'debug'> }).console;

export const consoleLogger: Logger = {
  debug() {},
  info: (message) => hostConsole.info(message),
  warn: (message) => hostConsole.warn(message),
  error: (message) => hostConsole.error(message),
};

/** A logger that drops everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** True when `value` has the four level methods a {@link Logger} needs. */
export function isLogger(value: unknown): value is Logger {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.debug === 'function' &&
    typeof v.info === 'function' &&
    typeof v.warn === 'function' &&
    typeof v.error === 'function'
  );
}
