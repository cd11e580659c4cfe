/**
 * GAplic: the root of the gobjs of one thread (or one part of it). It owns the event
 * queue, the timers, the registry of unique names and the settings every new gobj
 * receives. It is itself a gobj (with an empty machine unless a subclass gives one),
 * and it is the host its gobjs see (`GObjHost`).
 *
 * HOW it runs: Node's event loop is the loop. `postEvent` appends to the queue and,
 * while the gaplic runs, schedules a drain with `clock.defer` (setImmediate). A drain
 * is one iteration: due timers, queued callbacks, then up to `queueBatchSize` events;
 * if work remains it schedules the next drain, so I/O callbacks run between batches.
 * Timers fire from the one host timer armed by `Timers`. `runOnce()` performs one
 * iteration by hand, for tests.
 *
 * The loop cannot wedge: an exception in an action, callback, timer or hook is
 * reported (`onError`, else the logger) and the iteration goes on; reporting itself
 * never throws (a logger or hook that throws is contained); the drain flag and the host
 * timer are restored on every exit. Run-to-completion holds on every path: running the
 * loop from inside an action or timer of the same gaplic throws `GAPLIC_REENTRANT_RUN`.
 */
import { codedError } from '../errors.js';
import { FAULT_CODES, faultLine, makeFault, type Fault, type FaultCode } from '../faults.js';
import { DeferredList } from '../gobj/deferred.js';
import { GEvent, type EventSource, type Kw } from '../gobj/gevent.js';
import { GObj, settingsFor } from '../gobj/gobj.js';
import { resourcePath } from '../gobj/traversal.js';
import type { ErrorKind, GObjHost, OutsideArgs, TimerHandle } from '../gobj/host.js';
import { writeParameter } from '../gconfig/parameters.js';
import { DottedSettings } from '../gconfig/settings.js';
import { consoleLogger, safeLog } from '../logger.js';
import {
  kApplySettings,
  kDeregister,
  kDestroyed,
  kDispatch,
  kEnqueue,
  kAddTimerFor,
  kRemoveTimerFor,
  kEnqueueCall,
  kDepth,
  kHost,
  kLabel,
  kNextDeadline,
  kRegister,
  kReportError,
  kReportFault,
  kStartPending,
} from '../symbols.js';
import { aDuration, aFunction, checkArgument } from '../util/check.js';
import { MIN_PERIOD_SECONDS, realClock, type Clock } from '../util/clock.js';
import { describeValue } from '../util/describe-value.js';
import { errorMessage, errorText } from '../util/error-text.js';
import { EventQueue } from './event-queue.js';
import { sendOutside } from './outside.js';
import {
  checkGAplicOptions,
  normalizeRoles,
  type ErrorContext,
  type ErrorHook,
  type GAplicOptions,
} from './options.js';
import type { TimerNode } from './timer-lists.js';
import { Timers } from './timers.js';

const ERROR_FAULTS: Readonly<Record<ErrorKind, FaultCode>> = {
  event: 'ACTION_FAILED',
  callback: 'CALLBACK_FAILED',
  timer: 'TIMER_FAILED',
  hook: 'HOOK_FAILED',
};

// `await using` support; Node 20 and current browsers have the symbol.
declare global {
  interface SymbolConstructor {
    readonly asyncDispose: unique symbol;
  }
}

export class GAplic extends GObj implements GObjHost {
  readonly roles: readonly string[];
  readonly clock: Clock;
  readonly allUniqueNames: boolean;
  readonly queueBatchSize: number;
  readonly maxQueueLength: number;
  /** Deferreds kept by the gaplic for code that waits on events (ginsfsm's `deferred_list`). */
  readonly deferredList: DeferredList;
  readonly #settings: DottedSettings;
  readonly #onError: ErrorHook | null;
  readonly #onFault: ((fault: Fault) => void) | null;
  readonly #uniques = new Map<string, GObj>();
  readonly #queue = new EventQueue();
  #callbacks: (() => void)[] = [];
  readonly #timers: Timers;
  readonly #faultCounts = new Map<FaultCode, number>();
  #running = false;
  #drainScheduled = false;
  /** True while an iteration (or a host-timer pass) runs. */
  #inIteration = false;
  /** @internal Actions of this gaplic running from a direct `sendEvent` (run-to-completion guard). */
  [kDepth] = 0;
  /** True once started or run by hand: later work is expected to be run. */
  #everRan = false;
  /** Set by kStartPending: someone will start this gaplic once something else is ready. */
  #startPending = false;
  #idleCheckScheduled = false;
  #resolveStopped: (() => void) | null = null;
  #stopped: Promise<void> | null = null;
  #closeReason: unknown = undefined;
  #closedWaiters: ((reason: unknown) => void)[] = [];
  readonly #drain = (): void => {
    if (this.#inIteration || this[kDepth] > 0) {
      // A test clock flushed from inside an action: keep the drain for later.
      this.clock.defer(this.#drain);
      throw reentrant(this, 'a queue drain');
    }
    try {
      if (this.#running) this.#iterate();
    } finally {
      // The flag stayed true while draining: posts made meanwhile needed no other drain.
      this.#drainScheduled = false;
      if (this.#running && this.#hasWork()) this.#scheduleDrain();
    }
  };

  /** Throws `GAplicError` for unknown or wrong options. */
  constructor(options: GAplicOptions = {}) {
    super();
    checkGAplicOptions(options);
    this.name = options.name ?? '';
    this.roles = normalizeRoles(options.roles);
    this.logger = options.logger ?? consoleLogger;
    this.clock = options.clock ?? realClock;
    this.allUniqueNames = options.allUniqueNames ?? false;
    this.queueBatchSize = options.queueBatchSize ?? 1024;
    this.maxQueueLength = options.maxQueueLength ?? 1_000_000;
    this.#settings = new DottedSettings(options.settings ?? {});
    this.#onError = options.onError ?? null;
    this.#onFault = options.onFault ?? null;
    this[kHost] = this;
    this.deferredList = new DeferredList((fault) => this[kReportFault](fault));
    this.#timers = new Timers(
      this.clock,
      (error) => this[kReportError](error, 'timer'),
      () => this.#wake(),
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
  [kRegister](gobj: GObj, name: string): void {
    const taken = this.#uniques.get(name);
    if (taken !== undefined && taken !== gobj) {
      throw codedError(
        'GOBJ_UNIQUE_NAME_TAKEN',
        `${this[kLabel]()}: unique name '${name}' is taken by ${taken[kLabel]()}`,
      );
    }
    this.#uniques.set(name, gobj);
  }

  /** @internal */
  [kDeregister](gobj: GObj, name: string): void {
    if (this.#uniques.get(name) === gobj) this.#uniques.delete(name);
  }

  /** @internal Writes the gaplic settings that apply to a new gobj (strict). */
  [kApplySettings](gobj: GObj): void {
    if (this.#settings.empty) return;
    for (const s of settingsFor(gobj, this.#settings)) writeParameter(gobj, s.param, s.value, true);
  }

  // ---- queue and callbacks ------------------------------------------------------------

  /** Events waiting in the queue. */
  get queueLength(): number {
    return this.#queue.length;
  }

  /** @internal Appends to this gaplic's queue (gobjs go through `postEvent`). */
  [kEnqueue](
    name: string,
    destination: GObj | string,
    source: EventSource,
    kw: Kw | undefined,
  ): void {
    if (this.#queue.length >= this.maxQueueLength) {
      throw codedError(
        'GAPLIC_QUEUE_FULL',
        `${this[kLabel]()}: queue holds maxQueueLength=${this.maxQueueLength} events; '${name}' refused`,
      );
    }
    this.#queue.push(name, destination, source, kw);
    this.#workAdded();
  }

  /**
   * @internal Queues `call(target, arg)` in order with the events (a cancellable delivery):
   * the function takes the destination slot, the target the source slot, `arg` the kw slot.
   */
  [kEnqueueCall]<T extends object>(
    call: (target: T, arg: number) => void,
    target: T,
    arg: number,
  ): void {
    this[kEnqueue]('', call as unknown as GObj, target as unknown as GObj, arg as unknown as Kw);
  }

  /** Calls `callback(...args)` on the next iteration (before queued events). */
  addCallback<A extends unknown[]>(callback: (...args: A) => void, ...args: A): void {
    checkArgument(
      'GAPLIC_BAD_CALLBACK',
      `${this[kLabel]()}: addCallback`,
      'callback',
      callback,
      aFunction,
    );
    this.#callbacks.push(() => callback(...args));
    this.#workAdded();
  }

  #workAdded(): void {
    if (this.#running) {
      if (!this.#drainScheduled) this.#scheduleDrain();
    } else {
      this.#watchIdle();
    }
  }

  /** @internal The gaplic will be started soon (see kStartPending): no idle warning. */
  [kStartPending](): void {
    this.#startPending = true;
  }

  #watchIdle(): void {
    if (this.#everRan || this.#startPending || this.#idleCheckScheduled) return;
    this.#idleCheckScheduled = true;
    this.clock.defer(() => this.#checkNeverStarted());
  }

  /** Work was added to a gaplic nobody runs: say so once, after the current turn. */
  #checkNeverStarted(): void {
    if (this.#everRan || this.#startPending) return;
    const queued = this.#queue.length + this.#callbacks.length;
    const timers = this.#timers.size;
    if (queued === 0 && timers === 0) {
      this.#idleCheckScheduled = false;
      return;
    }
    this.#fault(
      'GAPLIC_NEVER_STARTED',
      `${this[kLabel]()}: holds ${queued} queued events or callbacks and ${timers} timers but was never started; call start() (or runOnce() in tests)`,
    );
  }

  // ---- timers -------------------------------------------------------------------------

  /**
   * Calls `callback` in `seconds` (fractional allowed), or every `seconds` when
   * `periodic` (at least 0.001 s: a shorter period would spin the loop). Equal
   * deadlines fire in the order they were added.
   */
  addTimeout(seconds: number, callback: () => void, periodic = false): TimerHandle {
    // The label is built only for an error: a million timers make no million strings.
    if (
      !aDuration.test(seconds) ||
      (periodic && seconds < MIN_PERIOD_SECONDS) ||
      !aFunction.test(callback)
    ) {
      throwBadTimeout(this, seconds, callback, periodic);
    }
    const handle = this.#timers.add(seconds, callback, periodic ? seconds : 0);
    if (!this.#running) this.#watchIdle();
    return handle;
  }

  /** @internal See `GObjHost[kAddTimerFor]`. */
  [kAddTimerFor](timer: GObj, seconds: number): void {
    this.#timers.schedule(timer as unknown as TimerNode, seconds);
    if (!this.#running) this.#watchIdle();
  }

  /** @internal See `GObjHost[kRemoveTimerFor]`. */
  [kRemoveTimerFor](timer: GObj): void {
    this.#timers.unschedule(timer as unknown as TimerNode);
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

  /** @internal The earliest timer deadline in clock seconds (test kit). */
  [kNextDeadline](): number | undefined {
    return this.#timers.nextDeadline();
  }

  // ---- events for other gaplics --------------------------------------------------------

  /**
   * Sends `eventName` to the unique gobj `gobjName` of another gaplic, addressed by its
   * name or by one of its roles (the other may be ''). `subscriber` (a unique-named gobj
   * of this gaplic, or its name) receives `EV_NACK { event_name, error_message,
   * destination_gaplic, destination_role, destination_gobj }` if the event cannot be
   * delivered, and, when `kw.__subscribe_response__` is true, the same event name with
   * `kw.__action_return__` = the remote action's result. The kw must be JSON data.
   * Misuse throws a `RouterError`.
   */
  sendEventOutside(...args: OutsideArgs): void {
    sendOutside(this, 'sendEventOutside', args, null);
  }

  /** Subscribes `subscriber` to the output event `eventName` of a gobj of another gaplic. */
  subscribeEventOutside(...args: OutsideArgs): void {
    sendOutside(this, 'subscribeEventOutside', args, { __subscribe_event__: true });
  }

  /** Ends a subscription made by `subscribeEventOutside` with the same names. */
  unsubscribeEventOutside(...args: OutsideArgs): void {
    sendOutside(this, 'unsubscribeEventOutside', args, { __unsubscribe_event__: true });
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
    this.#everRan = true;
    this.#stopped = new Promise<void>((resolve) => (this.#resolveStopped = resolve));
    this.#timers.start();
    if (!this.#drainScheduled && this.#hasWork()) this.#scheduleDrain();
    return this.#stopped;
  }

  /**
   * Stops and resolves `start()`; `reason` (an error that stopped it) is what `closed()`
   * resolves with. Nothing is lost: the host timer is disarmed but timers stay
   * scheduled, and queued events stay queued; both resume on the next `start()` or
   * `runOnce()`. Called from an action, the rest of the current batch stays queued.
   */
  stop(reason?: unknown): void {
    if (!this.#running) return;
    this.#running = false;
    this.#timers.stop();
    if (this.#queue.length > 0) {
      this.#fault(
        'GAPLIC_STOPPED_WITH_QUEUE',
        `${this[kLabel]()}: stopped with ${this.#queue.length} queued events (kept for the next start or runOnce)`,
      );
    }
    for (const target of this.#settings.unmatchedTargets()) {
      this.#fault(
        'SETTING_UNMATCHED',
        `${this[kLabel]()}: settings for '${target}' matched no gclass or gobj name (a typo?)`,
      );
    }
    const resolve = this.#resolveStopped;
    this.#resolveStopped = null;
    this.#stopped = null;
    this.#closeReason = reason;
    const waiters = this.#closedWaiters;
    this.#closedWaiters = [];
    resolve?.();
    for (const waiter of waiters) waiter(reason);
  }

  /**
   * Resolves when the gaplic stops (at once if it is not running), with the reason given
   * to `stop(reason)`, if any.
   */
  closed(): Promise<unknown> {
    if (!this.#running) return Promise.resolve(this.#closeReason);
    return new Promise((resolve) => this.#closedWaiters.push(resolve));
  }

  /** `await using gaplic = new GAplic(...)`: stops it when the scope ends. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.stop();
    await this.closed();
  }

  /**
   * One iteration by hand (tests): due timers, queued callbacks, one batch of events,
   * `mtSubprocess()`. Returns true when work remains. Throws `GAPLIC_REENTRANT_RUN`
   * when called from inside an action, callback or timer of this gaplic.
   */
  runOnce(): boolean {
    if (this.#inIteration || this[kDepth] > 0) throw reentrant(this, 'runOnce()');
    this.#everRan = true;
    this.#iterate();
    return this.#hasWork();
  }

  /** Hook called once per iteration (after each drain and each timer wake-up). */
  mtSubprocess(): void {}

  /** Faults reported so far, by code (for monitoring and consoles). */
  faultCounts(): Partial<Record<FaultCode, number>> {
    return Object.fromEntries(this.#faultCounts);
  }

  #hasWork(): boolean {
    return this.#queue.length > 0 || this.#callbacks.length > 0 || this.#timers.hasDue();
  }

  #scheduleDrain(): void {
    this.#drainScheduled = true;
    this.clock.defer(this.#drain);
  }

  #iterate(): void {
    this.#inIteration = true;
    const wasRunning = this.#running;
    try {
      this.#timers.runDue();
      this.#runCallbacks();
      const queue = this.#queue;
      for (let n = this.queueBatchSize; n > 0 && queue.length > 0; n--) {
        if (wasRunning && !this.#running) break; // stop() from an action: keep the rest
        queue.shift();
        this.#deliver(queue.name, queue.destination, queue.source, queue.kw);
      }
    } finally {
      this.#inIteration = false;
    }
    this.#runHook();
  }

  /** The host timer fired: run the due timers as one pass of the loop. */
  #wake(): void {
    if (this.#inIteration || this[kDepth] > 0) throw reentrant(this, 'a timer pass');
    this.#inIteration = true;
    try {
      this.#timers.runDue();
    } finally {
      this.#inIteration = false;
    }
    this.#runHook();
    if (this.#running && !this.#drainScheduled && this.#hasWork()) this.#scheduleDrain();
  }

  #runCallbacks(): void {
    if (this.#callbacks.length === 0) return;
    const callbacks = this.#callbacks;
    this.#callbacks = [];
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        this[kReportError](error, 'callback');
      }
    }
  }

  #deliver(name: string, target: GObj | string, source: EventSource, kw: Kw | undefined): void {
    if (typeof target === 'function') {
      try {
        (target as (target: unknown, arg: unknown) => void)(source, kw);
      } catch (error) {
        this[kReportError](error, 'timer');
      }
      return;
    }
    const dest = typeof target === 'string' ? this.#uniques.get(target) : target;
    if (dest === undefined) {
      this.#fault(
        'EVENT_NO_UNIQUE_NAME',
        `${this[kLabel]()}: '${name}' dropped: no gobj has the unique name '${String(target)}'`,
        name,
      );
    } else if (dest[kDestroyed]) {
      this.#fault(
        'EVENT_TO_DESTROYED',
        `${this[kLabel]()}: '${name}' dropped: ${dest[kLabel]()} is destroyed`,
        name,
      );
    } else {
      const event = new GEvent(name, target, source, kw ?? {});
      try {
        dest[kDispatch](name, event);
      } catch (error) {
        this[kReportError](error, 'event', event);
      }
    }
  }

  #runHook(): void {
    try {
      this.mtSubprocess();
    } catch (error) {
      this[kReportError](error, 'hook');
    }
  }

  #fault(code: FaultCode, message: string, event: string | null = null, error?: unknown): void {
    this[kReportFault](makeFault(code, message, this[kLabel](), event, error));
  }

  /** @internal Logs a fault, counts it and gives it to `onFault`; never throws. */
  [kReportFault](fault: Fault): void {
    this.#faultCounts.set(fault.code, (this.#faultCounts.get(fault.code) ?? 0) + 1);
    safeLog(this.logger, fault.level, faultLine(fault));
    this.#notify(fault);
  }

  #notify(fault: Fault): void {
    if (this.#onFault === null) return;
    try {
      this.#onFault(fault);
    } catch (error) {
      const failed = makeFault(
        'REPORTER_FAILED',
        `${this[kLabel]()}: onFault threw: ${errorText(error)}`,
        this[kLabel](),
        null,
        error,
      );
      safeLog(this.logger, FAULT_CODES.REPORTER_FAILED[0], faultLine(failed));
    }
  }

  /**
   * @internal Reports an uncaught exception to `onError`, else to the logger, and as a
   * fault to `onFault`. Never throws, whatever was thrown.
   */
  [kReportError](error: unknown, kind: ErrorKind, event?: GEvent): void {
    const where =
      event === undefined
        ? kind
        : `event '${event.eventName}' to ${typeof event.destination === 'string' ? event.destination : pathOf(event.destination)}`;
    const fault = makeFault(
      ERROR_FAULTS[kind],
      `${this[kLabel]()}: uncaught error in ${where}: ${errorMessage(error)}`,
      event === undefined || typeof event.destination === 'string'
        ? this[kLabel]()
        : event.destination[kLabel](),
      event?.eventName ?? null,
      error,
    );
    this.#faultCounts.set(fault.code, (this.#faultCounts.get(fault.code) ?? 0) + 1);
    let logged = false;
    if (this.#onError !== null) {
      const context: ErrorContext =
        event === undefined ? { kind, gaplic: this } : { kind, gaplic: this, event };
      try {
        this.#onError(error, context);
        logged = true;
      } catch (hookError) {
        this.#fault('REPORTER_FAILED', `${this[kLabel]()}: onError threw: ${errorText(hookError)}`);
      }
    }
    if (!logged) {
      safeLog(
        this.logger,
        'error',
        `${this[kLabel]()}: uncaught error in ${where}: ${errorText(error)} [${fault.code}]`,
      );
    }
    this.#notify(fault);
  }
}

/** The dotted path of a gobj (`root.child`), as `toString()` gives it, without calling it. */
function pathOf(gobj: GObj): string {
  return resourcePath(gobj, '.').replace(/^\./, '');
}

function reentrant(gaplic: GAplic, what: string): Error {
  return codedError(
    'GAPLIC_REENTRANT_RUN',
    `${gaplic[kLabel]()}: ${what} was asked from inside an action, callback or timer of the same gaplic; the event would run inside another (run-to-completion)`,
  );
}

/** Throws the error of the first bad `addTimeout` argument. */
function throwBadTimeout(
  gaplic: GAplic,
  seconds: number,
  callback: () => void,
  periodic: boolean,
): never {
  const where = `${gaplic[kLabel]()}: addTimeout`;
  checkArgument('GAPLIC_BAD_TIMEOUT', where, 'seconds', seconds, aDuration);
  if (periodic && seconds < MIN_PERIOD_SECONDS) {
    throw codedError(
      'GAPLIC_BAD_TIMEOUT',
      `${where}: seconds got ${describeValue(seconds)}, expected at least ${MIN_PERIOD_SECONDS} for a periodic timer (a shorter period would spin the loop)`,
    );
  }
  throw codedError(
    'GAPLIC_BAD_CALLBACK',
    `${where}: callback got ${describeValue(callback)}, expected ${aFunction.expected}`,
  );
}
