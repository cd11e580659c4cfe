/**
 * GObj: an object whose behaviour is its gclass's FSM, that talks to other gobjs only
 * through events. It sits in a tree (parent, children), publishes its output events to
 * subscribers and owns typed parameters (`config`).
 *
 *   sendEvent   synchronous nested call into the destination's machine; returns the
 *               action's result (run-to-completion is the caller's stack)
 *   postEvent   appended to the gaplic queue, delivered later, in order
 *   broadcast   to each matching subscription, by send or post as it asked
 *
 * The framework's own state of a gobj lives in `#private` fields and module symbols
 * (`symbols.ts`), so a gclass may declare fields of any name.
 */
import { codedError, GinsfsmError } from '../errors.js';
import { makeFault, type FaultCode } from '../faults.js';
import type { EventNames, FsmDescriptor, FsmShape } from '../fsm/descriptor.js';
import { EMPTY_FSM } from '../fsm/descriptor.js';
import { EventNotAccepted } from '../fsm/event-not-accepted.js';
import { SMachine, eventNameOf } from '../fsm/smachine.js';
import type { GOBJ_GCONFIG } from '../gconfig/common.js';
import {
  newConfig,
  readParameter,
  readParameters,
  resetAllParameters,
  resetParameter,
  sharedDefaults,
  writeParameter,
  writeParameters,
  type ParameterHost,
} from '../gconfig/parameters.js';
import { DottedSettings, type ResolvedSetting } from '../gconfig/settings.js';
import type { CompiledTemplate, GConfigTemplate } from '../gconfig/template.js';
import type { GConfigValues } from '../gconfig/values.js';
import type { Logger } from '../logger.js';
import {
  kChildren,
  kConfig,
  kCreated,
  kDestroyed,
  kDispatch,
  kEnqueue,
  kDepth,
  kFault,
  kFillConfig,
  kFlags,
  kHost,
  kLabel,
  kMachine,
  kParent,
  kPublisher,
  kRare,
  kRegisteredName,
  kReName,
  kReportFault,
  kSubscribedTo,
  kTemplate,
} from '../symbols.js';
import { aBoolean, aString, checkArgument } from '../util/check.js';
import { describeValue } from '../util/describe-value.js';
import type { Children } from './children.js';
import {
  CREATED,
  DESTROYED,
  isDestroyed,
  ownsConfig,
  OWN_CONFIG,
  setFlag,
  setRare,
  TRACE_CREATION,
  UNIQUE_NAME,
  type RareState,
} from './flags.js';
import { createGObjIn, destroyGObjIn } from './create.js';
import { templateOf, type GClass } from './gclass.js';
import { forwardedSource, GEvent, type Kw } from './gevent.js';
import type { GObjHost } from './host.js';
import {
  broadcast,
  deleteAllSubscriptions,
  deleteSubscription,
  deleteSubscriptionByObject,
  subscribeEvent,
  subscriptionsOf,
} from './publish.js';
import { publisherOf, type Held } from './publisher.js';
import {
  checkSubscription,
  type Subscriber,
  type Subscription,
  type SubscriptionOptions,
} from './subscription.js';
import { getChild, resourcePath } from './traversal.js';
import type {
  ActionsAccept,
  CreateKw,
  EventKwMap,
  EventNameOf,
  GConfigInput,
  KwOf,
  OutputEventNames,
  Simplify,
} from './types.js';
import { deregisterUnique, registerUnique } from './unique.js';

/** The `config` values every gobj has (besides its gclass's own). */
export type CommonConfig = GConfigValues<typeof GOBJ_GCONFIG>;

/** Names of output events of `F`, or a list of them (`null` in a list or alone = all). */
type OutputNames<F extends FsmShape> =
  OutputEventNames<F> | readonly (OutputEventNames<F> | null)[] | null;

/** Non-output events already reported as broadcast, per machine (reported once). */
const reportedNonOutput = new WeakMap<object, Set<string>>();

/**
 * Base class of every gclass. Type parameters: the descriptor (declared `as const`),
 * the gconfig template, and optionally the kw type of each event.
 *
 * @example
 * const fsm = {
 *   eventList: ['EV_PING: top input', 'EV_PONG: top output'],
 *   stateList: ['ST_IDLE'],
 *   machine: { ST_IDLE: [['EV_PING', (gobj: Pinger) => gobj.broadcastEvent('EV_PONG'), null]] },
 * } as const;
 * class Pinger extends GObj<typeof fsm> {
 *   static override fsm = fsm;
 * }
 */
export class GObj<
  F extends FsmShape = FsmDescriptor,
  C extends GConfigTemplate = GConfigTemplate,
  E extends EventKwMap = EventKwMap,
>
  extends SMachine<F>
  implements ParameterHost
{
  /** The gclass's machine. */
  static fsm: FsmDescriptor = EMPTY_FSM;
  /** The gclass's own parameters (merged over the common ones and the ancestors'). */
  static gconfig: GConfigTemplate = {};

  /** Type-only link to the gconfig template (always `undefined` at run time). */
  declare readonly gconfigType?: C;
  /** Type-only link to the per-event kw map (always `undefined` at run time). */
  declare readonly eventKwType?: E;
  /** Parameter values (those with a direct flag are properties of the gobj instead). */
  declare logger: Logger;
  /** @internal */
  [kHost]: GObjHost | null = null;
  /** @internal */
  [kParent]: GObj | null = null;
  /** @internal */
  [kChildren]: Children | null = null;
  /** @internal */
  /** @internal What it publishes to: see `Held` in publisher.ts. */
  [kPublisher]: Held = null;
  /** @internal */
  [kSubscribedTo]: Subscription | Set<Subscription> | null = null;
  /** @internal */
  [kRare]: RareState | null = null;
  /** @internal See `kConfig`: the shared defaults until the gobj owns its values. */
  [kConfig]: Record<string, unknown>;
  #name = '';

  /** Builds the machine and writes the defaults; gobjs are normally made by `createGObj`. */
  constructor() {
    const gclass = new.target as unknown as GClass;
    super(gclass.fsm as F & FsmDescriptor);
    let template: CompiledTemplate;
    try {
      template = templateOf(gclass);
    } catch (error) {
      if (!(error instanceof GinsfsmError)) throw error;
      throw codedError(error.code, `${gclass.name}: ${error.message}`, { cause: error });
    }
    this[kConfig] = sharedDefaults(this, template);
  }

  /** @internal The gclass's compiled gconfig template (one per class, not per gobj). */
  get [kTemplate](): CompiledTemplate {
    return templateOf(this.constructor);
  }

  /**
   * Parameter values (those with a direct flag are properties of the gobj instead). The
   * object is made on first use: a gobj whose parameters nobody reads or writes (a timer
   * child) shares its gclass's defaults.
   */
  get config(): Simplify<GConfigValues<C> & CommonConfig> {
    const config = ownsConfig(this) ? this[kConfig] : ownConfig(this as unknown as GObj);
    return config as Simplify<GConfigValues<C> & CommonConfig>;
  }

  /**
   * @internal Called once when the gobj gets its own `config`, with it: a gclass that keeps
   * parameter values elsewhere until then (GTimer's seconds) writes them in.
   */
  [kFillConfig](config: Record<string, unknown>): void {
    void config;
  }

  /** @internal `[kDestroyed]`, `[kCreated]`: bits of `[kFlags]`. */
  get [kDestroyed](): boolean {
    return isDestroyed(this);
  }

  set [kDestroyed](on: boolean) {
    setFlag(this, DESTROYED, on);
  }

  /** @internal */
  get [kCreated](): boolean {
    return (this[kFlags] & CREATED) !== 0;
  }

  set [kCreated](on: boolean) {
    setFlag(this, CREATED, on);
  }

  /** Log creation and destruction (the `traceCreation` parameter). */
  get traceCreation(): boolean {
    return (this[kFlags] & TRACE_CREATION) !== 0;
  }

  set traceCreation(on: boolean) {
    setFlag(this, TRACE_CREATION, on);
  }

  /** @internal The compiled `reName` pattern, or null. */
  get [kReName](): RegExp | null {
    return this[kRare]?.reName ?? null;
  }

  set [kReName](pattern: RegExp | null) {
    setRare(this, 'reName', pattern);
  }

  /** @internal The name it is registered under as unique, or null. */
  get [kRegisteredName](): string | null {
    return this[kRare]?.registeredName ?? null;
  }

  set [kRegisteredName](name: string | null) {
    setRare(this, 'registeredName', name);
  }

  /** The part of a name matched by this gobj's `reName` in the last `getChild()`. */
  get reMatchedName(): string | null {
    return this[kRare]?.reMatchedName ?? null;
  }

  set reMatchedName(name: string | null) {
    setRare(this, 'reMatchedName', name);
  }

  /** Hook called once after creation (create children, timers, subscriptions here). */
  startUp(): void {}

  /** Hook called at the end of destruction. */
  goOut(): void {}

  // ---- identity -----------------------------------------------------------------------

  /** The name ('' = unnamed). Renaming a unique-named gobj re-registers it. */
  get name(): string {
    return this.#name;
  }

  set name(value: string) {
    if (typeof value !== 'string') {
      throw codedError(
        'GOBJ_BAD_NAME',
        `${this[kLabel]()}: name got ${describeValue(value)}, expected a string`,
      );
    }
    const before = this.#name;
    if (before === value) return;
    if (this[kRegisteredName] !== null) registerUnique(this as unknown as GObj, value);
    this.#name = value;
    this[kParent]?.[kChildren]?.renamed(this as unknown as GObj, before);
  }

  /**
   * Whether the name is registered in the gaplic. Turning it on or off after creation
   * registers or releases the name at once.
   */
  get uniqueName(): boolean {
    return (this[kFlags] & UNIQUE_NAME) !== 0;
  }

  set uniqueName(on: boolean) {
    if (typeof on !== 'boolean') {
      throw codedError(
        'GOBJ_BAD_ARGUMENT',
        `${this[kLabel]()}: uniqueName got ${describeValue(on)}, expected a boolean`,
      );
    }
    if (this[kCreated] && !this[kDestroyed] && on !== this.uniqueName) {
      if (on) registerUnique(this as unknown as GObj);
      else deregisterUnique(this as unknown as GObj);
    }
    setFlag(this, UNIQUE_NAME, on);
  }

  /** The parent, or `null` for a principal (a child of nothing). */
  get parent(): GObj | null {
    return this[kParent];
  }

  /** The gaplic hosting this gobj, `null` for a gobj built outside any gaplic. */
  get gaplic(): GObjHost | null {
    return this[kHost];
  }

  /** True once destroyed. */
  get destroyed(): boolean {
    return this[kDestroyed];
  }

  // ---- tree ---------------------------------------------------------------------------

  /** The children, in creation order (a frozen array, the same until the next change). */
  get children(): readonly GObj[] {
    return this[kChildren]?.list ?? [];
  }

  [Symbol.iterator](): IterableIterator<GObj> {
    return this[kChildren]?.values() ?? new Set<GObj>().values();
  }

  /** The child named `name` (exact names first, then `reName` patterns), or `undefined`. */
  getChild(name: string): GObj | undefined {
    return getChild(this as unknown as GObj, name);
  }

  /** Names from the root to this gobj joined by `sep` (`/a/b` under an unnamed root). */
  resourcePath(sep = '/'): string {
    checkArgument('GOBJ_BAD_ARGUMENT', `${this[kLabel]()}: resourcePath`, 'sep', sep, aString);
    return resourcePath(this as unknown as GObj, sep);
  }

  /** This gobj, its parent, and so on up to the root. */
  *lineage(): Generator<GObj> {
    yield this as unknown as GObj;
    for (let g = this[kParent]; g !== null; g = g[kParent]) yield g;
  }

  /** Dotted path of names from the root (`root.child.grandchild`). */
  override toString(): string {
    return resourcePath(this as unknown as GObj, '.').replace(/^\./, '');
  }

  /** `Class:name.Class:name: Lived|Destroyed` from the root down to this gobj. */
  repr(): string {
    const path = [...this.lineage()].reverse().map((g) => `${g.constructor.name}:${g.name}`);
    return `${path.join('.')}: ${this[kDestroyed] ? 'Destroyed' : 'Lived'}`;
  }

  /** @internal Short label for log lines: `Class:name`. */
  override [kLabel](): string {
    return `${this.constructor.name}:${this.#name}`;
  }

  /** @internal Faults go to the gaplic (logger + onFault), or to this gobj's logger. */
  override [kFault](code: FaultCode, message: string, event: string | null, error?: unknown): void {
    const host = this[kHost];
    if (host === null) super[kFault](code, message, event, error);
    else host[kReportFault](makeFault(code, message, this[kLabel](), event, error));
  }

  // ---- creation -----------------------------------------------------------------------

  /** Creates a gobj in this gobj's gaplic (or without one). See the module `createGObj`. */
  createGObj<G extends GObj>(
    name: string | null,
    gclass: GClass<G> & ActionsAccept<G>,
    parent: GObj | null,
    kw?: Readonly<CreateKw<G>>,
  ): G {
    return createGObjIn(this[kHost], name, gclass, parent, kw);
  }

  /** Destroys `gobj` and its descendants. */
  destroyGObj(gobj: GObj): void {
    destroyGObjIn(gobj);
  }

  // ---- events -------------------------------------------------------------------------

  /**
   * Delivers an event now, as a nested call, and returns the action's result (or
   * `EventNotAccepted`). `destination` is a gobj or a registered unique name; `event`
   * is a name or a received `GEvent` to forward (its kw merged under `kw`).
   */
  sendEvent<D extends GObj, N extends EventNameOf<D>>(
    destination: D | string,
    event: N | GEvent,
    kw?: KwOf<D, N>,
  ): unknown {
    const dest =
      destination instanceof GObj
        ? destination
        : resolveDestination(this as unknown as GObj, destination);
    const ev = makeEvent(this as unknown as GObj, dest, event, kw);
    if (isDestroyed(dest)) {
      this[kFault](
        'EVENT_TO_DESTROYED',
        `${this[kLabel]()}: event '${ev.eventName}' not sent: ${dest[kLabel]()} is destroyed`,
        ev.eventName,
      );
      return EventNotAccepted;
    }
    const host = dest[kHost];
    if (host === null) return dest[kDispatch](ev.eventName, ev);
    host[kDepth]++;
    try {
      return dest[kDispatch](ev.eventName, ev);
    } finally {
      host[kDepth]--;
    }
  }

  /**
   * Appends an event to the gaplic queue; it is delivered after the current event has
   * run to completion, in posting order. A string destination is resolved at delivery.
   */
  postEvent<D extends GObj, N extends EventNameOf<D>>(
    destination: D | string,
    event: N | GEvent,
    kw?: KwOf<D, N>,
  ): void {
    if (typeof destination !== 'string' && !(destination instanceof GObj)) {
      throw badDestination(this as unknown as GObj, destination);
    }
    checkKw(this as unknown as GObj, kw);
    const own = this[kHost];
    if (own === null) {
      throw codedError(
        'GOBJ_NO_GAPLIC',
        `${this[kLabel]()}: postEvent needs a gaplic; this gobj was built outside any`,
      );
    }
    const host = typeof destination === 'string' ? own : (destination[kHost] ?? own);
    if (typeof event === 'string') {
      host[kEnqueue](event, destination, this as unknown as GObj, kw);
    } else if (event instanceof GEvent) {
      host[kEnqueue](
        event.eventName,
        destination,
        forwardedSource(event, this as unknown as GObj),
        mergeKw(event.kw, kw),
      );
    } else {
      throw badEvent(this as unknown as GObj, event);
    }
  }

  /** Publishes an output event to every matching subscription, in subscription order. */
  broadcastEvent<N extends OutputEventNames<F>>(event: N | GEvent, kw?: KwOf<this, N>): void {
    checkKw(this as unknown as GObj, kw);
    if (typeof event === 'string') {
      checkOutput(this as unknown as GObj, event);
      broadcast(this as unknown as GObj, event, this as unknown as GObj, kw ?? {});
    } else {
      broadcastForwarded(this as unknown as GObj, event, kw);
    }
  }

  /**
   * Injects an event into this gobj's machine directly (a name is wrapped into a
   * `GEvent` with no source). Prefer `sendEvent` from another gobj.
   */
  override injectEvent(event: EventNames<F> | GEvent): unknown {
    const ev =
      typeof event === 'string' ? new GEvent(event, this as unknown as GObj, null, {}) : event;
    return this[kDispatch](eventNameOf(ev), ev);
  }

  // ---- subscriptions ------------------------------------------------------------------

  /**
   * Subscribes `subscriber` (a gobj, a unique name, a Deferred; `null` = the parent) to
   * output events: a name, a list of names, or `null` for all. Re-subscribing the same
   * names with the same subscriber replaces the old subscription. If the gclass's
   * `newSubscriberEvent` action throws, the subscription is not kept.
   */
  subscribeEvent(
    eventNames: OutputNames<F>,
    subscriber: Subscriber | null,
    options?: SubscriptionOptions,
  ): Subscription {
    return subscribeEvent(this as unknown as GObj, eventNames, subscriber, options);
  }

  /** Removes the subscription with these names and subscriber; false if absent or hard. */
  deleteSubscription(eventNames: OutputNames<F>, subscriber: Subscriber): boolean {
    return deleteSubscription(this as unknown as GObj, eventNames, subscriber);
  }

  /** Removes one subscription object; false if absent or hard. */
  deleteSubscriptionByObject(subscription: Subscription): boolean {
    return deleteSubscriptionByObject(
      this as unknown as GObj,
      checkSubscription(`${this[kLabel]()}: deleteSubscriptionByObject`, subscription),
      false,
    );
  }

  /** Removes every subscription (hard ones too when `force`). */
  deleteAllSubscriptions(force = false): void {
    checkArgument(
      'GOBJ_BAD_ARGUMENT',
      `${this[kLabel]()}: deleteAllSubscriptions`,
      'force',
      force,
      aBoolean,
    );
    deleteAllSubscriptions(this as unknown as GObj, force);
  }

  /** The subscriptions to this gobj's events, in subscription order (a new array). */
  getSubscriptions(): readonly Subscription[] {
    return subscriptionsOf(this as unknown as GObj);
  }

  /**
   * Sets the broadcast filter: after each *sent* delivery it receives the action's
   * result; returning `true` means "owned" and stops the broadcast. `null` removes it.
   */
  setOwnedEventFilter(filter: ((result: unknown) => boolean) | null): void {
    if (filter !== null && typeof filter !== 'function') {
      throw codedError(
        'GOBJ_BAD_ARGUMENT',
        `${this[kLabel]()}: setOwnedEventFilter filter got ${describeValue(filter)}, expected a function or null`,
      );
    }
    if (filter === null && this[kPublisher] === null) return;
    publisherOf(this as unknown as GObj).ownedEventFilter = filter;
  }

  // ---- parameters ---------------------------------------------------------------------

  /** Writes parameters through the pipeline; bad values are reported and the old value kept. */
  writeParameters(kw: Readonly<GConfigInput<C & typeof GOBJ_GCONFIG>>): void {
    writeParameters(this, kw, false);
  }

  /** Writes only the parameters named in `names`. */
  writeFewParameters(names: Iterable<string>, kw: Readonly<Kw>): void {
    writeParameters(this, kw, false, namesOf(this as unknown as GObj, names));
  }

  /** Writes one parameter; returns true when stored. */
  writeParameter(name: string, value: unknown): boolean {
    return writeParameter(this, checkName(this as unknown as GObj, name), value, false);
  }

  /** One parameter's value (direct or in `config`); unknown names report and give `undefined`. */
  readParameter(name: string): unknown {
    return readParameter(this, checkName(this as unknown as GObj, name));
  }

  /** A copy of `config` (direct parameters are not included). */
  readParameters(): Kw {
    return readParameters(this);
  }

  resetParameter(name: string): boolean {
    return resetParameter(this, checkName(this as unknown as GObj, name));
  }

  resetAllParameters(): void {
    resetAllParameters(this);
  }

  /** The values of dotted `settings` that apply to this gobj, after precedence. */
  filterParameters(settings: Readonly<Kw>): Kw {
    const out: Kw = {};
    for (const s of settingsFor(this as unknown as GObj, new DottedSettings(settings)))
      out[s.param] = s.value;
    return out;
  }

  /**
   * Writes the dotted `settings` that apply to this gobj, then to its descendants down
   * `level` generations (0 or -1: this gobj only; `Infinity`: the whole subtree).
   */
  overwriteParameters(level: number, settings: Readonly<Kw>): void {
    if (typeof level !== 'number' || Number.isNaN(level)) {
      throw codedError(
        'GOBJ_BAD_ARGUMENT',
        `${this[kLabel]()}: overwriteParameters level got ${describeValue(level)}, expected a number (0, n or Infinity)`,
      );
    }
    overwrite(this as unknown as GObj, level, new DottedSettings(settings), undefined);
  }

  /** Like `overwriteParameters(0, settings)`, writing only the parameters in `names`. */
  overwriteFewParameters(names: Iterable<string>, settings: Readonly<Kw>): void {
    overwrite(
      this as unknown as GObj,
      0,
      new DottedSettings(settings),
      namesOf(this as unknown as GObj, names),
    );
  }
}

/**
 * @internal The parameter values of `gobj` for the framework to read: its `config`, or
 * its gclass's shared defaults while it has none (reading never makes one).
 */
export function paramsOf<G extends GObj>(gobj: G): Readonly<G['config']> {
  return gobj[kConfig] as G['config'];
}

/** Gives `gobj` a `config` of its own, filled with its defaults (and its gclass's values). */
function ownConfig(gobj: GObj): Record<string, unknown> {
  const config = newConfig(gobj);
  gobj[kConfig] = config;
  setFlag(gobj, OWN_CONFIG, true);
  gobj[kFillConfig](config);
  return config;
}

/** @internal The settings of `settings` that apply to `gobj`, lowest precedence first. */
export function settingsFor(gobj: GObj, settings: DottedSettings): ResolvedSetting[] {
  return settings.resolve(gobj.constructor, gobj.name, (p) => gobj[kTemplate].entries.has(p));
}

/** Writes `settings` into `root` and its descendants down `level` generations (a loop). */
function overwrite(
  root: GObj,
  level: number,
  settings: DottedSettings,
  names: ReadonlySet<string> | undefined,
): void {
  const stack: [GObj, number][] = [[root, level]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [gobj, left] = item;
    for (const s of settingsFor(gobj, settings)) {
      if (names === undefined || names.has(s.param)) writeParameter(gobj, s.param, s.value, false);
    }
    if (left > 0) {
      const children = gobj[kChildren]?.list ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, left - 1]);
    }
  }
}

function namesOf(gobj: GObj, names: Iterable<string>): ReadonlySet<string> {
  if (typeof names !== 'object' || names === null || !(Symbol.iterator in names)) {
    throw codedError(
      'GOBJ_BAD_ARGUMENT',
      `${gobj[kLabel]()}: names got ${describeValue(names)}, expected an iterable of parameter names`,
    );
  }
  return new Set(names);
}

function checkName(gobj: GObj, name: unknown): string {
  checkArgument('GCONFIG_BAD_ARGUMENT', gobj[kLabel](), 'parameter name', name, aString);
  return name as string;
}

/** Builds the event to deliver (a new one when forwarding). */
function makeEvent(
  gobj: GObj,
  destination: GObj,
  event: string | GEvent,
  kw: Kw | undefined,
): GEvent {
  checkKw(gobj, kw);
  if (typeof event === 'string') return new GEvent(event, destination, gobj, kw ?? {});
  if (event instanceof GEvent) {
    return new GEvent(
      event.eventName,
      destination,
      forwardedSource(event, gobj),
      mergeKw(event.kw, kw),
    );
  }
  throw badEvent(gobj, event);
}

/** Resolves a non-gobj destination (a unique name). */
function resolveDestination(gobj: GObj, destination: unknown): GObj {
  if (typeof destination !== 'string') throw badDestination(gobj, destination);
  const host = gobj[kHost];
  if (host === null) {
    throw codedError(
      'GOBJ_NO_GAPLIC',
      `${gobj[kLabel]()}: cannot resolve unique name '${destination}' without a gaplic`,
    );
  }
  const found = host.findUniqueGObj(destination);
  if (found === undefined) {
    throw codedError(
      'GOBJ_UNKNOWN_UNIQUE_NAME',
      `${gobj[kLabel]()}: no gobj has the unique name '${destination}'`,
    );
  }
  return found;
}

/** Re-publishes a received event (the source grows); apart to keep the common call small. */
function broadcastForwarded(gobj: GObj, event: GEvent, kw: Kw | undefined): void {
  // Typed a GEvent, but a JavaScript caller may pass anything.
  if (!(event instanceof GEvent)) throw badEvent(gobj, event);
  const name = event.eventName;
  checkOutput(gobj, name);
  broadcast(gobj, name, forwardedSource(event, gobj), mergeKw(event.kw, kw));
}

/**
 * Reports (once) a broadcast of a non-output event; the last output seen is cached. A
 * module function, not a private method: the broadcast path is hot and a private method
 * costs a brand check per call.
 */
function checkOutput(gobj: GObj, name: string): void {
  const machine = gobj[kMachine];
  if (name === machine.lastOutput) return;
  if (machine.outputEvents.has(name)) machine.lastOutput = name;
  else reportNonOutput(gobj, name);
}

function reportNonOutput(gobj: GObj, name: string): void {
  const machine = gobj[kMachine];
  let names = reportedNonOutput.get(machine);
  if (names === undefined) reportedNonOutput.set(machine, (names = new Set()));
  if (names.has(name)) return;
  names.add(name);
  gobj[kFault](
    'BROADCAST_NOT_OUTPUT',
    `${gobj[kLabel]()}: broadcast of '${name}', which is not an output event of ${gobj.constructor.name} (mark it 'output' in eventList)`,
    name,
  );
}

function checkKw(gobj: GObj, kw: unknown): void {
  if (kw !== undefined && (typeof kw !== 'object' || kw === null || Array.isArray(kw))) {
    throw codedError(
      'GOBJ_BAD_KW',
      `${gobj[kLabel]()}: kw got ${describeValue(kw)}, expected an object of event data`,
    );
  }
}

function badDestination(gobj: GObj, destination: unknown): Error {
  return codedError(
    'GOBJ_BAD_DESTINATION',
    `${gobj[kLabel]()}: destination must be a gobj or a unique name (string), got ${describeValue(destination)}`,
  );
}

function badEvent(gobj: GObj, event: unknown): Error {
  return codedError(
    'EVENT_BAD_TYPE',
    `${gobj[kLabel]()}: event must be a name (string) or a GEvent, got ${describeValue(event)}`,
  );
}

function mergeKw(base: Kw, extra: Kw | undefined): Kw {
  return extra === undefined ? base : { ...base, ...extra };
}
