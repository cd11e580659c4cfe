/**
 * The `[logging]` section of a composite: `level` (debug, info, warn or error; info by
 * default), `format` (text or json) and `file` (a path relative to the ini file; the
 * standard streams by default). `applyLogging` makes the console of this thread (what
 * every gaplic logs to when it was given no logger) follow it.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { codedError } from '../errors.js';
import type { LogLevel } from '../logger.js';
import { describeValue } from '../util/describe-value.js';
import type { IniDocument, IniEntry, IniSection } from './ini-reader.js';

/** How the composite logs. */
export interface LoggingConfig {
  readonly level: LogLevel;
  readonly format: 'text' | 'json';
  /** An absolute path, or `null` for stdout/stderr. */
  readonly file: string | null;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** @internal Checks `[logging]` (throws `INI_BAD_SETTING`). */
export function planLogging(
  doc: IniDocument,
  section: IniSection | undefined,
  value: (entry: IniEntry) => string,
): LoggingConfig | null {
  if (section === undefined) return null;
  let level: LogLevel = 'info';
  let format: 'text' | 'json' = 'text';
  let file: string | null = null;
  for (const entry of section.entries.values()) {
    const text = value(entry);
    const bad = (expected: string): Error =>
      codedError(
        'INI_BAD_SETTING',
        `${doc.file}:${entry.line}: [logging] key '${entry.key}' got ${describeValue(text)}, expected ${expected}`,
      );
    if (entry.key === 'level') {
      if (!(LEVELS as readonly string[]).includes(text))
        throw bad("'debug', 'info', 'warn' or 'error'");
      level = text as LogLevel;
    } else if (entry.key === 'format') {
      if (text !== 'text' && text !== 'json') throw bad("'text' or 'json'");
      format = text;
    } else if (entry.key === 'file') {
      if (text === '') throw bad('a file path');
      file = resolve(dirname(doc.file), text);
    } else {
      throw codedError(
        'INI_BAD_SETTING',
        `${doc.file}:${entry.line}: [logging] key '${entry.key}' is not one of level, format, file`,
      );
    }
  }
  return { level, format, file };
}

type ConsoleMethod = (...args: unknown[]) => void;

/**
 * Makes this thread's console follow `config`: lines below `level` are dropped, the others
 * are written (with a time stamp, or as one JSON object) to the file or the standard
 * streams. Returns the function that puts the console back.
 */
export function applyLogging(config: LoggingConfig): () => void {
  const saved = new Map<LogLevel, ConsoleMethod>();
  const rank = LEVELS.indexOf(config.level);
  for (const level of LEVELS) {
    const original = console[level].bind(console) as ConsoleMethod;
    saved.set(level, original);
    console[level] = (...args: unknown[]): void => {
      if (LEVELS.indexOf(level) < rank) return;
      const message = args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ');
      const time = new Date().toISOString();
      const line =
        config.format === 'json'
          ? JSON.stringify({ time, level, msg: message })
          : `${time} ${message}`;
      if (config.file === null) {
        (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(
          `${line}\n`,
        );
      } else {
        appendFileSync(config.file, `${line}\n`);
      }
    };
  }
  if (config.file !== null) mkdirSync(dirname(config.file), { recursive: true });
  return () => {
    for (const [level, original] of saved) console[level] = original;
  };
}
