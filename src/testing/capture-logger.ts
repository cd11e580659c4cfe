/**
 * A logger that keeps every line, for asserting what a gobj or gaplic logged.
 */
import type { Logger } from '../logger.js';

/** One captured log line. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
}

export class CaptureLogger implements Logger {
  readonly lines: LogLine[] = [];

  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }

  /** Messages of one level (all levels when omitted). */
  messages(level?: LogLine['level']): string[] {
    return this.lines.filter((l) => level === undefined || l.level === level).map((l) => l.message);
  }

  clear(): void {
    this.lines.length = 0;
  }
}
