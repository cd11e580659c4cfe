/**
 * GAplic: the root of the gobjs of one thread (or one part of it). It owns the event
 * queue, the timers, the registry of unique names and the settings every new gobj
 * receives. It is itself a gobj (with an empty machine unless a subclass gives one).
 *
 * HOW it runs: Node's event loop is the loop. `postEvent` appends to the queue and,
 * while the gaplic runs, schedules a drain with `clock.defer` (setImmediate). A drain
 * is one iteration: due timers, queued callbacks, then up to `queueBatchSize` events;
 * if work remains it schedules the next drain, so I/O callbacks run between batches.
 * Timers fire from the one host timer armed by `Timers`. `runOnce()` performs one
 * iteration by hand, for tests. An exception in an action, callback or timer is
 * reported (`onError`, else the logger) and the gaplic goes on.
 */
import { GAplicError, GObjError } from '../errors.js';
import { GObj } from '../gobj/gobj.js';
import type { GEvent } from '../gobj/gevent.js';
import { writeParameter } from '../gconfig/parameters.js';
import { DottedSettings } from '../gconfig/settings.js';
import { consoleLogger } from '../logger.js';
import { describeValue } from '../util/describe-value.js';
import { realClock, type Clock } from './clock.js';
import { DeferredList } from './deferred.js';
import { EventQueue } from './event-queue.js';
import {
  checkOptions,
  normalizeRoles,
  type ErrorContext,
  type ErrorHook,
  type GAplicOptions,
} from './options.js';
import { Timers, type TimerHandle } from './timers.js';

export class GAplic extends GObj {
  readonly roles: readonly string[];
  readonly clock: Clock;
  readonly allUniqueNames: boolean;
  readonly queueBatchSize: number;
  readonly maxQueueLength: number;
  /** Deferreds kept by the gaplic for code that waits on events (ginsfsm's `deferred_list`). */
  readonly deferredList: DeferredList;
  readonly #settings: DottedSettings;
  readonly #onError: ErrorHook | null;
  readonly #uniques = new Map<string, GObj>();
  readonly #queue = new EventQueue<GEvent>();
  #callbacks: (() => void)[] = [];
  readonly #timers: Timers;
  #running = false;
  #drainScheduled = false;
  #inIteration = false;
  #resolveStopped: (() => void) | null = null;
  #stopped: Promise<void> | null = null;
  readonly #drain = (): void => {
    // #drainScheduled stays true while draining: posts made now need no other drain.
    if (this.#running) this.#iterate();
    this.#drainScheduled = false;
    if (this.#running && this.#hasWork()) this.#scheduleDrain();
  };

  /** Throws `GAplicError` for unknown or wrong options. */
  constructor(options: GAplicOptions = {}) {
    super();
    checkOptions(options);
    this.name = options.name ?? '';
    this.roles = normalizeRoles(options.roles);
    this.logger = options.logger ?? consoleLogger;
    this.clock = options.clock ?? realClock;
    this.allUniqueNames = options.allUniqueNames ?? false;
    this.queueBatchSize = options.queueBatchSize ?? 1024;
    this.maxQueueLength = options.maxQueueLength ?? 1_000_000;
    this.#settings = new DottedSettings(options.settings ?? {});
    this.#onError = options.onError ?? null;
    this.gaplic = this;
    this.deferredList = new DeferredList(this.logger);
    this.#timers = new Timers(
      this.clock,
      (error) => this._report(error, { kind: 'timer', gaplic: this }),
      () => this.#afterTimers(),
    );
  }

  override toString(): string {
    return this.name;
  }

  // ---- unique names -------------------------------------------------------------------

  /** The live gobj registered under `name`, or `undefined`. */
  findUniqueGObj(name: string): GObj | undefined {
    return this.#uniques.get(name);
  }

  /** The registered unique names. */
  getUniqueNamedGObjs(): string[] {
    return [...this.#uniques.keys()];
  }

  /** @internal */
  _registerUnique(gobj: GObj): void {
    const taken = this.#uniques.get(gobj.name);
    if (taken !== undefined && taken !== gobj) {
      throw new GObjError(
        'GOBJ_UNIQUE_NAME_TAKEN',
        `${this._label()}: unique name '${gobj.name}' is taken by ${taken._label()}`,
      );
    }
    this.#uniques.set(gobj.name, gobj);
  }

  /** @internal */
  _deregisterUnique(gobj: GObj): void {
    if (this.#uniques.get(gobj.name) === gobj) this.#uniques.delete(gobj.name);
  }

  /** @internal Writes the gaplic settings that apply to a new gobj (strict). */
  _applySettings(gobj: GObj): void {
    if (this.#settings.empty) return;
    for (const s of gobj._settingsFor(this.#settings)) writeParameter(gobj, s.param, s.value, true);
  }

  // ---- queue and callbacks ------------------------------------------------------------

  /** Events waiting in the queue. */
  get queueLength(): number {
    return this.#queue.length;
  }

  /** @internal Appends to this gaplic's queue (gobjs go through `GObj._enqueue`). */
  _push(event: GEvent): void {
    if (this.#queue.length >= this.maxQueueLength) {
      throw new GAplicError(
        'GAPLIC_QUEUE_FULL',
        `${this._label()}: queue holds maxQueueLength=${this.maxQueueLength} events; '${event.eventName}' refused`,
      );
    }
    this.#queue.push(event);
    if (this.#running && !this.#drainScheduled) this.#scheduleDrain();
  }

  /** Calls `callback(...args)` on the next iteration (before queued events). */
  addCallback<A extends unknown[]>(callback: (...args: A) => void, ...args: A): void {
    checkCallback(callback);
    this.#callbacks.push(() => callback(...args));
    if (this.#running && !this.#drainScheduled) this.#scheduleDrain();
  }

  // ---- timers -------------------------------------------------------------------------

  /**
   * Calls `callback` in `seconds` (fractional allowed), or every `seconds` when
   * `periodic`. Equal deadlines fire in the order they were added.
   */
  addTimeout(seconds: number, callback: () => void, periodic = false): TimerHandle {
    if (
      typeof seconds !== 'number' ||
      !Number.isFinite(seconds) ||
      seconds < 0 ||
      (periodic && seconds === 0)
    ) {
      throw new GAplicError(
        'GAPLIC_BAD_TIMEOUT',
        `${this._label()}: addTimeout seconds got ${describeValue(seconds)}, expected a finite number >= 0${periodic ? ' (> 0 when periodic)' : ''}`,
      );
    }
    checkCallback(callback);
    return this.#timers.add(seconds, callback, periodic ? seconds : 0);
  }

  /** Cancels a timer; false if it already fired or was cancelled. */
  removeTimeout(handle: TimerHandle): boolean {
    if (typeof handle !== 'object' || handle === null) return false;
    return this.#timers.remove(handle);
  }

  /** Live timers. */
  get timerCount(): number {
    return this.#timers.size;
  }

  /** @internal The earliest timer deadline in clock seconds (test helpers). */
  _nextTimerDeadline(): number | undefined {
    return this.#timers.nextDeadline();
  }

  // ---- running ------------------------------------------------------------------------

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.#running;
  }

  /** Runs the gaplic on the host event loop; the promise resolves when `stop()` is called. */
  start(): Promise<void> {
    if (this.#stopped !== null) return this.#stopped;
    this.#running = true;
    this.#stopped = new Promise<void>((resolve) => (this.#resolveStopped = resolve));
    this.#timers.start();
    if (!this.#drainScheduled && this.#hasWork()) this.#scheduleDrain();
    return this.#stopped;
  }

  /**
   * Stops and resolves `start()`. Nothing is lost: the host timer is disarmed but timers
   * stay scheduled, and queued events stay queued; both resume on the next `start()` or
   * `runOnce()`. Called from an action, the rest of the current batch stays queued.
   */
  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#timers.stop();
    if (this.#queue.length > 0) {
      this.logger.warn(
        `${this._label()}: stopped with ${this.#queue.length} queued events (kept for the next start or runOnce)`,
      );
    }
    const resolve = this.#resolveStopped;
    this.#resolveStopped = null;
    this.#stopped = null;
    resolve?.();
  }

  /**
   * One iteration by hand (tests): due timers, queued callbacks, one batch of events,
   * `mtSubprocess()`. Returns true when work remains. Throws `GAPLIC_REENTRANT_RUN`
   * when called from inside an iteration.
   */
  runOnce(): boolean {
    this.#iterate();
    return this.#hasWork();
  }

  /** Hook called once per iteration (after each drain and each timer wake-up). */
  mtSubprocess(): void {}

  #hasWork(): boolean {
    return this.#queue.length > 0 || this.#callbacks.length > 0 || this.#timers.hasDue();
  }

  #scheduleDrain(): void {
    this.#drainScheduled = true;
    this.clock.defer(this.#drain);
  }

  #iterate(): void {
    if (this.#inIteration) {
      throw new GAplicError(
        'GAPLIC_REENTRANT_RUN',
        `${this._label()}: runOnce() called from inside an iteration of the same gaplic`,
      );
    }
    this.#inIteration = true;
    const wasRunning = this.#running;
    try {
      this.#timers.runDue();
      this.#runCallbacks();
      const queue = this.#queue;
      for (let n = this.queueBatchSize; n > 0 && queue.length > 0; n--) {
        if (wasRunning && !this.#running) break; // stop() from an action: keep the rest
        this.#deliver(queue.shift()!);
      }
    } finally {
      this.#inIteration = false;
    }
    this.#runHook();
  }

  #runCallbacks(): void {
    if (this.#callbacks.length === 0) return;
    const callbacks = this.#callbacks;
    this.#callbacks = [];
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        this._report(error, { kind: 'callback', gaplic: this });
      }
    }
  }

  #deliver(event: GEvent): void {
    try {
      const target = event.destination;
      const dest = typeof target === 'string' ? this.#uniques.get(target) : target;
      if (dest === undefined) {
        this.logger.error(
          `${this._label()}: '${event.eventName}' dropped: no gobj has the unique name '${String(target)}'`,
        );
      } else if (dest.destroyed) {
        this.logger.warn(
          `${this._label()}: '${event.eventName}' dropped: ${dest._label()} is destroyed`,
        );
      } else {
        dest._dispatch(event.eventName, event);
      }
    } catch (error) {
      this._report(error, { kind: 'event', gaplic: this, event });
    }
  }

  #afterTimers(): void {
    this.#runHook();
    if (this.#running && !this.#drainScheduled && this.#hasWork()) this.#scheduleDrain();
  }

  #runHook(): void {
    try {
      this.mtSubprocess();
    } catch (error) {
      this._report(error, { kind: 'hook', gaplic: this });
    }
  }

  /** @internal Reports an uncaught error to `onError`, else to the logger. */
  _report(error: unknown, context: ErrorContext): void {
    const where =
      context.event === undefined
        ? context.kind
        : `event '${context.event.eventName}' to ${String(context.event.destination)}`;
    if (this.#onError !== null) {
      try {
        this.#onError(error, context);
        return;
      } catch (hookError) {
        this.logger.error(`${this._label()}: onError threw: ${stackOf(hookError)}`);
      }
    }
    this.logger.error(`${this._label()}: uncaught error in ${where}: ${stackOf(error)}`);
  }
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function checkCallback(callback: unknown): void {
  if (typeof callback !== 'function') {
    throw new GAplicError(
      'GAPLIC_BAD_CALLBACK',
      `callback must be a function, got ${describeValue(callback)}`,
    );
  }
}
