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

/** A log level, as the method names of {@link Logger}. */
export type LogLevel = keyof Logger;

// The core is isomorphic and compiled without DOM or Node typings; both have a console.
const hostConsole = (globalThis as unknown as { console: Omit<Logger, 'debug'> }).console;

/**
 * The logger used when none is given: `console`, without debug lines, each line
 * prefixed by its level (`INFO`, `WARN`, `ERROR`) so that a terminal shows which is which.
 * Trace lines (machine, creation, subscription traces) are `info`.
 */
export const consoleLogger: Logger = {
  debug() {},
  info: (message) => hostConsole.info(`INFO ${message}`),
  warn: (message) => hostConsole.warn(`WARN ${message}`),
  error: (message) => hostConsole.error(`ERROR ${message}`),
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

/**
 * @internal Logs without ever throwing: a logger whose methods throw must not break the
 * code that reports (the loop would wedge). Returns false when the logger threw.
 */
export function safeLog(logger: Logger | null, level: LogLevel, line: string): boolean {
  if (logger === null) return true;
  try {
    logger[level](line);
    return true;
  } catch {
    return false;
  }
}
