/**
 * What a gobj needs from the gaplic that hosts it, owned by the gobj layer so that
 * `gobj/` never imports `gaplic/` (as xstate's `ActorSystem`): `GAplic` implements it.
 * The public members are what a gobj's code may use through `gobj.gaplic`; the
 * symbol-keyed ones are the framework's own (queue, unique registry, settings,
 * fault sink, run-to-completion guard).
 */
import type { Fault } from '../faults.js';
import type { Logger } from '../logger.js';
import type {
  kApplySettings,
  kDepth,
  kDeregister,
  kEnqueue,
  kAddTimerFor,
  kEnqueueCall,
  kRegister,
  kRemoveTimerFor,
  kReportError,
  kReportFault,
} from '../symbols.js';
import type { Clock } from '../util/clock.js';
import type { DeferredList } from './deferred.js';
import type { EventSource, GEvent, Kw } from './gevent.js';
import type { GObj } from './gobj.js';

declare const timerHandleBrand: unique symbol;

/** Opaque handle of a scheduled timer (`addTimeout` → `removeTimeout`). */
export interface TimerHandle {
  readonly [timerHandleBrand]: true;
}

/**
 * The arguments of `sendEventOutside` and of the subscriptions: the destination (a gaplic
 * name or a role, '' for the other; the unique name of the gobj), the event, the
 * subscriber (who gets responses and nacks), the kw (JSON data) and options.
 */
export type OutsideArgs = [
  gaplicName: string,
  role: string,
  gobjName: string,
  eventName: string,
  subscriber: GObj | string,
  kw?: Kw,
  options?: OutsideOptions,
];

/** Options of `sendEventOutside` and the subscriptions. */
export interface OutsideOptions {
  /** The role the event comes from (one of the sender's roles). @default its first role, or '' */
  readonly originRole?: string;
}

/** Where an uncaught exception came from (`hook` = `mtSubprocess()`). */
export type ErrorKind = 'event' | 'callback' | 'timer' | 'hook';

/** The gaplic as its gobjs see it (`gobj.gaplic`). */
export interface GObjHost {
  readonly name: string;
  readonly roles: readonly string[];
  readonly logger: Logger;
  readonly clock: Clock;
  /** Every named gobj is registered as unique. */
  readonly allUniqueNames: boolean;
  /** True between `start()` and `stop()`. */
  readonly running: boolean;
  /** Events waiting in the queue. */
  readonly queueLength: number;
  /** Deferreds kept by the gaplic for code that waits on events. */
  readonly deferredList: DeferredList;
  /** The live gobj registered under `name`, or `undefined`. */
  findUniqueGObj(name: string): GObj | undefined;
  /** The registered unique names. */
  getUniqueNamedGObjs(): string[];
  /** Calls `callback(...args)` on the next iteration. */
  addCallback<A extends unknown[]>(callback: (...args: A) => void, ...args: A): void;
  /** Calls `callback` in `seconds` (or every `seconds` when `periodic`). */
  addTimeout(seconds: number, callback: () => void, periodic?: boolean): TimerHandle;
  /** Cancels a timer; false if it already fired or was cancelled. */
  removeTimeout(handle: TimerHandle): boolean;
  /** Stops the gaplic (its `start()` resolves). */
  stop(): void;
  /** Sends an event to a gobj of another gaplic (see `GAplic.sendEventOutside`). */
  sendEventOutside(...args: OutsideArgs): void;
  /** Subscribes to an event of a gobj of another gaplic. */
  subscribeEventOutside(...args: OutsideArgs): void;
  /** Ends a subscription made by `subscribeEventOutside`. */
  unsubscribeEventOutside(...args: OutsideArgs): void;

  /** @internal Appends an event to the queue (throws `GAPLIC_QUEUE_FULL`). */
  [kEnqueue](
    name: string,
    destination: GObj | string,
    source: EventSource,
    kw: Kw | undefined,
  ): void;
  /**
   * @internal Schedules `timer` (a GTimer, its own timer node: no allocation) in
   * `seconds`, replacing its previous scheduling; unchecked (the caller checked).
   */
  [kAddTimerFor](timer: GObj, seconds: number): void;
  /** @internal Unschedules a `timer` scheduled by `[kAddTimerFor]`, if it is. */
  [kRemoveTimerFor](timer: GObj): void;
  /** @internal Queues `call(target, arg)` behind the events already queued. */
  [kEnqueueCall]<T extends object>(
    call: (target: T, arg: number) => void,
    target: T,
    arg: number,
  ): void;
  /** @internal Registers `gobj` under `name` (throws `GOBJ_UNIQUE_NAME_TAKEN`). */
  [kRegister](gobj: GObj, name: string): void;
  /** @internal Removes the registration of `gobj` under `name`, if it is the one registered. */
  [kDeregister](gobj: GObj, name: string): void;
  /** @internal Writes the dotted settings that apply to a new gobj (strict). */
  [kApplySettings](gobj: GObj): void;
  /** @internal Logs a fault and gives it to the fault hook; never throws. */
  [kReportFault](fault: Fault): void;
  /** @internal Reports an uncaught exception; never throws. */
  [kReportError](error: unknown, kind: ErrorKind, event?: GEvent): void;
  /**
   * @internal Actions of this host running from a direct `sendEvent` (run-to-completion
   * guard). A plain counter: a method call here would cost a fifth of a `sendEvent`.
   */
  [kDepth]: number;
}
