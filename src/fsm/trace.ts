/**
 * Machine tracing: one process-wide switch plus per-machine flags, and one nesting
 * depth shared by every machine of this thread (sendEvent is a nested call, so the
 * depth of the JavaScript stack is the depth to show).
 */
import { aBoolean, checkArgument } from '../util/check.js';
import { describeValue } from '../util/describe-value.js';

let globalTrace = false;
let depth = 0;

/** Turns machine tracing on or off for every machine of this thread. */
export function setGlobalTraceMach(on: boolean): void {
  checkArgument('MACHINE_BAD_ARGUMENT', 'setGlobalTraceMach', 'on', on, aBoolean);
  globalTrace = on;
}

/** True when process-wide machine tracing is on. */
export function isGlobalTraceMach(): boolean {
  return globalTrace;
}

/** @internal Indentation for the current nesting depth. */
export function traceTab(): string {
  return '  '.repeat(depth);
}

/** @internal Enter one nesting level; returns the indentation to use for this level. */
export function traceEnter(): string {
  return '  '.repeat(depth++);
}

/** @internal Leave one nesting level. */
export function traceLeave(): void {
  if (depth > 0) depth--;
}

/** @internal Short rendering of an action result for a trace line. */
export function traceResult(value: unknown): string {
  if (typeof value === 'symbol') return value.description ?? 'symbol';
  return value === undefined ? 'undefined' : describeValue(value);
}
