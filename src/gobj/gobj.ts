/**
 * GObj: an object whose behaviour is its gclass's FSM, that talks to other gobjs only
 * through events. It sits in a tree (parent, children), publishes its output events to
 * subscribers and owns typed parameters (`config`).
 *
 *   sendEvent   synchronous nested call into the destination's machine; returns the
 *               action's result (run-to-completion is the caller's stack)
 *   postEvent   appended to the gaplic queue, delivered later, in order
 *   broadcast   to each matching subscription, by send or post as it asked
 */
import { GObjError, EventError } from '../errors.js';
import type { EventNames, FsmDescriptor } from '../fsm/descriptor.js';
import { EventNotAccepted } from '../fsm/event-not-accepted.js';
import { SMachine, eventNameOf } from '../fsm/smachine.js';
import { EMPTY_FSM } from '../fsm/descriptor.js';
import type { GAplic } from '../gaplic/gaplic.js';
import type { GOBJ_GCONFIG } from '../gconfig/common.js';
import {
  initParameters,
  readParameter,
  readParameters,
  resetAllParameters,
  resetParameter,
  writeParameter,
  writeParameters,
  type ParameterHost,
} from '../gconfig/parameters.js';
import { DottedSettings } from '../gconfig/settings.js';
import type { CompiledTemplate, GConfigTemplate } from '../gconfig/template.js';
import type { GConfigValues } from '../gconfig/values.js';
import type { Logger } from '../logger.js';
import { describeValue } from '../util/describe-value.js';
import { createGObjIn, destroyGObjIn } from './create.js';
import { templateOf, type GClass } from './gclass.js';
import { GEvent, type Kw } from './gevent.js';
import {
  broadcast,
  deleteAllSubscriptions,
  deleteSubscription,
  deleteSubscriptionByObject,
  subscribeEvent,
} from './publish.js';
import type { Subscriber, Subscription, SubscriptionOptions } from './subscription.js';
import { getChild, resourcePath } from './traversal.js';
import type { EventNameOf } from './types.js';

const NO_SUBSCRIPTIONS: readonly Subscription[] = Object.freeze([]);

/** The `config` values every gobj has (besides its gclass's own). */
export type CommonConfig = GConfigValues<typeof GOBJ_GCONFIG>;

/**
 * Base class of every gclass.
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
  F extends FsmDescriptor = FsmDescriptor,
  C extends GConfigTemplate = GConfigTemplate,
>
  extends SMachine<F>
  implements ParameterHost
{
  /** The gclass's machine. */
  static fsm: FsmDescriptor = EMPTY_FSM;
  /** The gclass's own parameters (merged over the common ones and the ancestors'). */
  static gconfig: GConfigTemplate = {};

  /** The name ('' = unnamed). Unique names are registered in the gaplic. */
  name = '';
  parent: GObj | null = null;
  /** The gaplic hosting this gobj, `null` for a gobj built outside any gaplic. */
  gaplic: GAplic | null = null;
  destroyed = false;
  /** The part of a name matched by this gobj's `reName` in the last `getChild()`. */
  reMatchedName: string | null = null;
  /** Parameter values (those with a direct flag are properties of the gobj instead). */
  declare config: GConfigValues<C> & CommonConfig;
  declare logger: Logger;
  declare traceCreation: boolean;
  declare uniqueName: boolean;
  /** @internal */
  readonly _template: CompiledTemplate;
  /** @internal */
  _children: Set<GObj> | null = null;
  /** @internal Replaced, never mutated (broadcasts iterate it as a snapshot). */
  _subscriptions: readonly Subscription[] = NO_SUBSCRIPTIONS;
  /** @internal True when two subscriptions may resolve to one subscriber (dedup needed). */
  _mayRepeatSubscriber = false;
  /** @internal Per event name, the matching subscriptions in order; rebuilt after a change. */
  _routes: Map<string, readonly Subscription[]> | null = null;
  /** @internal Subscriptions (at other publishers) whose subscriber is this gobj. */
  _subscribedTo: Set<Subscription> | null = null;
  /** @internal */
  _ownedEventFilter: ((result: unknown) => boolean) | null = null;
  /** @internal */
  _reName: RegExp | null = null;

  /** Builds the machine and writes the defaults; gobjs are normally made by `createGObj`. */
  constructor() {
    const gclass = new.target as unknown as GClass;
    super(gclass.fsm as F);
    this._template = templateOf(gclass);
    initParameters(this);
  }

  /** Hook called once after creation (create children, timers, subscriptions here). */
  startUp(): void {}

  /** Hook called at the end of destruction. */
  goOut(): void {}

  // ---- tree ---------------------------------------------------------------------------

  /** The children, in creation order. */
  get children(): readonly GObj[] {
    return this._children === null ? [] : [...this._children];
  }

  [Symbol.iterator](): IterableIterator<GObj> {
    return (this._children ?? new Set<GObj>()).values();
  }

  /** @internal */
  _addChild(child: GObj): void {
    if (child.parent !== null) {
      throw new GObjError(
        'GOBJ_ALREADY_HAS_PARENT',
        `${child._label()} already has parent ${child.parent._label()}; cannot add it to ${this._label()}`,
      );
    }
    (this._children ??= new Set()).add(child);
    child.parent = this;
  }

  /** @internal Ignores gobjs that are not children. */
  _removeChild(child: GObj): void {
    if (this._children?.delete(child) === true) child.parent = null;
  }

  /** The child named `name` (exact names first, then `reName` patterns), or `undefined`. */
  getChild(name: string): GObj | undefined {
    return getChild(this, name);
  }

  /** Names from the root to this gobj joined by `sep` (`/a/b` under an unnamed root). */
  resourcePath(sep = '/'): string {
    return resourcePath(this, sep);
  }

  /** This gobj, its parent, and so on up to the root. */
  *lineage(): Generator<GObj> {
    yield this;
    for (let g = this.parent; g !== null; g = g.parent) yield g;
  }

  /** Dotted path of names from the root (`root.child.grandchild`). */
  override toString(): string {
    return resourcePath(this, '.').replace(/^\./, '');
  }

  /** `Class:name.Class:name: Lived|Destroyed` from the root down to this gobj. */
  repr(): string {
    const path = [...this.lineage()].reverse().map((g) => `${g.constructor.name}:${g.name}`);
    return `${path.join('.')}: ${this.destroyed ? 'Destroyed' : 'Lived'}`;
  }

  /** @internal Short label for log lines: `Class:name`. */
  override _label(): string {
    return `${this.constructor.name}:${this.name}`;
  }

  // ---- creation -----------------------------------------------------------------------

  /** Creates a gobj in this gobj's gaplic (or without one). See the module `createGObj`. */
  createGObj<G extends GObj>(
    name: string | null,
    gclass: GClass<G>,
    parent: GObj | null,
    kw?: Readonly<Kw>,
  ): G {
    return createGObjIn(this.gaplic, name, gclass, parent, kw);
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
  sendEvent<D extends GObj>(
    destination: D | string,
    event: EventNameOf<D> | GEvent,
    kw?: Kw,
  ): unknown {
    const dest = destination instanceof GObj ? destination : this._resolve(destination);
    const ev = this._makeEvent(dest, event, kw);
    if (dest.destroyed) {
      this.logger.warn(
        `${this._label()}: event '${ev.eventName}' not sent: ${dest._label()} is destroyed`,
      );
      return EventNotAccepted;
    }
    return dest._dispatch(ev.eventName, ev);
  }

  /**
   * Appends an event to the gaplic queue; it is delivered after the current event has
   * run to completion, in posting order. A string destination is resolved at delivery.
   */
  postEvent<D extends GObj>(
    destination: D | string,
    event: EventNameOf<D> | GEvent,
    kw?: Kw,
  ): void {
    if (typeof destination !== 'string' && !(destination instanceof GObj)) {
      throw badDestination(destination);
    }
    this._enqueue(this._makeEvent(destination, event, kw));
  }

  /** @internal Queues `event` in its destination's gaplic (or this gobj's, for a name). */
  _enqueue(event: GEvent): void {
    const gaplic = this.gaplic;
    if (gaplic === null) {
      throw new GObjError(
        'GOBJ_NO_GAPLIC',
        `${this._label()}: postEvent needs a gaplic; this gobj was built outside any`,
      );
    }
    const dest = event.destination;
    (typeof dest === 'string' ? gaplic : (dest.gaplic ?? gaplic))._push(event);
  }

  /** Publishes an output event to every matching subscription, in subscription order. */
  broadcastEvent(event: EventNames<F> | GEvent, kw?: Kw): void {
    const idle = this._subscriptions.length === 0;
    if (typeof event === 'string') {
      if (!idle) broadcast(this, event, [this], kw ?? {});
    } else if (event instanceof GEvent) {
      if (!idle)
        broadcast(this, event.eventName, forwardedSource(event, this), mergeKw(event.kw, kw));
    } else {
      throw badEvent(this, event);
    }
  }

  /**
   * Injects an event into this gobj's machine directly (a name is wrapped into a
   * `GEvent` with no source). Prefer `sendEvent` from another gobj.
   */
  override injectEvent(event: string | GEvent): unknown {
    const ev = typeof event === 'string' ? new GEvent(event, this, [], {}) : event;
    return this._dispatch(eventNameOf(ev), ev);
  }

  /** @internal Builds the event to deliver (a new one when forwarding). */
  _makeEvent(destination: GObj | string, event: string | GEvent, kw: Kw | undefined): GEvent {
    if (typeof event === 'string') return new GEvent(event, destination, [this], kw ?? {});
    if (event instanceof GEvent) {
      return new GEvent(
        event.eventName,
        destination,
        forwardedSource(event, this),
        mergeKw(event.kw, kw),
      );
    }
    throw badEvent(this, event);
  }

  /** @internal Resolves a non-gobj destination (a unique name). */
  _resolve(destination: unknown): GObj {
    if (typeof destination !== 'string') throw badDestination(destination);
    if (this.gaplic === null) {
      throw new GObjError(
        'GOBJ_NO_GAPLIC',
        `${this._label()}: cannot resolve unique name '${destination}' without a gaplic`,
      );
    }
    const found = this.gaplic.findUniqueGObj(destination);
    if (found === undefined) {
      throw new GObjError(
        'GOBJ_UNKNOWN_UNIQUE_NAME',
        `${this._label()}: no gobj has the unique name '${destination}'`,
      );
    }
    return found;
  }

  // ---- subscriptions ------------------------------------------------------------------

  /**
   * Subscribes `subscriber` (a gobj, a unique name, a Deferred; `null` = the parent) to
   * output events: a name, a list of names, or `null` for all. Re-subscribing the same
   * names with the same subscriber replaces the old subscription.
   */
  subscribeEvent(
    eventNames: EventNames<F> | readonly (EventNames<F> | null)[] | null,
    subscriber: Subscriber | null,
    options?: SubscriptionOptions,
  ): Subscription {
    return subscribeEvent(this, eventNames, subscriber, options);
  }

  /** Removes the subscription with these names and subscriber; false if absent or hard. */
  deleteSubscription(
    eventNames: EventNames<F> | readonly (EventNames<F> | null)[] | null,
    subscriber: Subscriber,
  ): boolean {
    return deleteSubscription(this, eventNames, subscriber);
  }

  /** Removes one subscription object; false if absent or hard. */
  deleteSubscriptionByObject(subscription: Subscription): boolean {
    return deleteSubscriptionByObject(this, subscription, false);
  }

  /** Removes every subscription (hard ones too when `force`). */
  deleteAllSubscriptions(force = false): void {
    deleteAllSubscriptions(this, force);
  }

  /** The subscriptions to this gobj's events, in subscription order. */
  getSubscriptions(): readonly Subscription[] {
    return this._subscriptions;
  }

  /**
   * Sets the broadcast filter: after each *sent* delivery it receives the action's
   * result; returning `true` means "owned" and stops the broadcast. `null` removes it.
   */
  setOwnedEventFilter(filter: ((result: unknown) => boolean) | null): void {
    this._ownedEventFilter = filter;
  }

  // ---- parameters ---------------------------------------------------------------------

  /** Writes parameters through the pipeline; bad values are logged and the old value kept. */
  writeParameters(kw: Readonly<Kw>): void {
    writeParameters(this, kw, false);
  }

  /** Writes only the parameters named in `names`. */
  writeFewParameters(names: Iterable<string>, kw: Readonly<Kw>): void {
    writeParameters(this, kw, false, new Set(names));
  }

  /** Writes one parameter; returns true when stored. */
  writeParameter(name: string, value: unknown): boolean {
    return writeParameter(this, name, value, false);
  }

  /** One parameter's value (direct or in `config`); unknown names log and give `undefined`. */
  readParameter(name: string): unknown {
    return readParameter(this, name);
  }

  /** A copy of `config` (direct parameters are not included). */
  readParameters(): Kw {
    return readParameters(this);
  }

  resetParameter(name: string): boolean {
    return resetParameter(this, name);
  }

  resetAllParameters(): void {
    resetAllParameters(this);
  }

  /** The values of dotted `settings` that apply to this gobj, after precedence. */
  filterParameters(settings: Readonly<Kw>): Kw {
    const out: Kw = {};
    for (const s of this._settingsFor(new DottedSettings(settings))) out[s.param] = s.value;
    return out;
  }

  /**
   * Writes the dotted `settings` that apply to this gobj, then to its descendants down
   * `level` generations (0 or -1: this gobj only; `Infinity`: the whole subtree).
   */
  overwriteParameters(level: number, settings: Readonly<Kw>): void {
    this._overwrite(level, new DottedSettings(settings), undefined);
  }

  /** Like `overwriteParameters(0, settings)`, writing only the parameters in `names`. */
  overwriteFewParameters(names: Iterable<string>, settings: Readonly<Kw>): void {
    this._overwrite(0, new DottedSettings(settings), new Set(names));
  }

  /** @internal */
  _overwrite(
    level: number,
    settings: DottedSettings,
    names: ReadonlySet<string> | undefined,
  ): void {
    for (const s of this._settingsFor(settings)) {
      if (names === undefined || names.has(s.param)) writeParameter(this, s.param, s.value, false);
    }
    if (level > 0) for (const child of this) child._overwrite(level - 1, settings, names);
  }

  /** @internal */
  _settingsFor(settings: DottedSettings) {
    return settings.resolve(this.constructor, this.name, (p) => this._template.entries.has(p));
  }
}

function badDestination(destination: unknown): GObjError {
  return new GObjError(
    'GOBJ_BAD_DESTINATION',
    `destination must be a gobj or a unique name (string), got ${describeValue(destination)}`,
  );
}

function badEvent(gobj: GObj, event: unknown): EventError {
  return new EventError(
    'EVENT_BAD_TYPE',
    `${gobj._label()}: event must be a name (string) or a GEvent, got ${describeValue(event)}`,
  );
}

function forwardedSource(event: GEvent, forwarder: GObj): readonly GObj[] {
  const source = event.source;
  return source[source.length - 1] === forwarder ? source : [...source, forwarder];
}

function mergeKw(base: Kw, extra: Kw | undefined): Kw {
  return extra === undefined ? base : { ...base, ...extra };
}
