/**
 * Text for any thrown value, for log lines. It never throws: a thrown value may be
 * `Object.create(null)`, a Proxy, or an Error whose `stack` or `message` getter throws,
 * and the code reporting it must go on (a reporter that throws wedges the loop).
 */
import { describeValue } from './describe-value.js';

export function errorText(error: unknown): string {
  try {
    if (error instanceof Error) {
      const stack = error.stack;
      if (typeof stack === 'string' && stack !== '') return stack;
      return `${String(error.name)}: ${String(error.message)}`;
    }
    return typeof error === 'string' ? error : String(error);
  } catch {
    return describeValue(error);
  }
}

/** The message of a thrown value, for one-line reasons (never throws). */
export function errorMessage(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message);
    return typeof error === 'string' ? error : String(error);
  } catch {
    return describeValue(error);
  }
}
