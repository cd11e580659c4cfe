/**
 * Deferred: a stored call `callback(...args, kw)` looked up by a reference. Calling it
 * merges the call's kw over the stored kw (the call wins). Deferreds are also the way
 * code outside any gobj subscribes to gobj events: the subscriber Deferred is called
 * with `{ event }`.
 */
import { faultLine, makeFault, type Fault } from '../faults.js';
import { safeLog, type Logger } from '../logger.js';
import { aFunction, aPlainObject, checkArgument, type Expect } from '../util/check.js';
import { describeValue } from '../util/describe-value.js';

/** A Deferred's callback: the stored args, then the merged kw. */
export type DeferredCallback = (...args: never[]) => unknown;

const anArray: Expect = { test: Array.isArray, expected: 'an array of arguments' };

export class Deferred {
  /** Lookup key (any value). */
  readonly ref: unknown;
  readonly #callback: (...args: unknown[]) => unknown;
  readonly #args: readonly unknown[];
  readonly #kw: Readonly<Record<string, unknown>>;
  #cancelled = false;

  constructor(
    ref: unknown,
    callback: DeferredCallback,
    args: readonly unknown[] = [],
    kw: Readonly<Record<string, unknown>> = {},
  ) {
    checkArgument('GAPLIC_BAD_CALLBACK', 'Deferred', 'callback', callback, aFunction);
    checkArgument('GAPLIC_BAD_ARGUMENT', 'Deferred', 'args', args, anArray);
    checkArgument('GAPLIC_BAD_ARGUMENT', 'Deferred', 'kw', kw, aPlainObject);
    this.ref = ref;
    this.#callback = callback as (...args: unknown[]) => unknown;
    this.#args = args;
    this.#kw = kw;
  }

  /** Calls `callback(...args, { ...storedKw, ...kw })`; after `cancel()` returns `undefined`. */
  call(kw?: Readonly<Record<string, unknown>>): unknown {
    if (kw !== undefined)
      checkArgument('GAPLIC_BAD_ARGUMENT', 'Deferred.call', 'kw', kw, aPlainObject);
    if (this.#cancelled) return undefined;
    return this.#callback(
      ...this.#args,
      kw === undefined ? { ...this.#kw } : { ...this.#kw, ...kw },
    );
  }

  /** Makes every later call a no-op. */
  cancel(): void {
    this.#cancelled = true;
  }

  get cancelled(): boolean {
    return this.#cancelled;
  }
}

/** An ordered list of Deferreds looked up by reference. */
export class DeferredList {
  readonly #items: Deferred[] = [];
  readonly #report: Logger | ((fault: Fault) => void) | null;

  /** Where a call with an unknown ref is reported: a logger, a fault sink, or nowhere. */
  constructor(report: Logger | ((fault: Fault) => void) | null = null) {
    this.#report = report;
  }

  /** Appends a Deferred and returns it. */
  addCallback(
    ref: unknown,
    callback: DeferredCallback,
    args: readonly unknown[] = [],
    kw: Readonly<Record<string, unknown>> = {},
  ): Deferred {
    const deferred = new Deferred(ref, callback, args, kw);
    this.#items.push(deferred);
    return deferred;
  }

  /** Calls the first Deferred whose ref equals `ref`; logs an error and returns `undefined` if none. */
  call(ref: unknown, kw?: Readonly<Record<string, unknown>>): unknown {
    const deferred = this.#items.find((d) => Object.is(d.ref, ref));
    if (deferred === undefined) {
      const fault = makeFault(
        'DEFERRED_NOT_FOUND',
        `DeferredList: no deferred with ref ${describeValue(ref)}`,
        null,
        null,
      );
      if (typeof this.#report === 'function') this.#report(fault);
      else safeLog(this.#report, 'error', faultLine(fault));
      return undefined;
    }
    return deferred.call(kw);
  }

  /** Removes the first Deferred whose ref equals `ref`; false if none. */
  delete(ref: unknown): boolean {
    const index = this.#items.findIndex((d) => Object.is(d.ref, ref));
    if (index < 0) return false;
    this.#items.splice(index, 1);
    return true;
  }

  get size(): number {
    return this.#items.length;
  }
}
