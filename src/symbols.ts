/**
 * The framework's own members of its classes are keyed by these module symbols (as ws's
 * `kWebSocket` or fastify's `lib/symbols.js`), never by `_names`: a user's gclass may
 * declare a field of any name (`_state`, `_children`...) without shadowing the
 * framework's state. This module is not exported by the package entry points.
 * @internal
 * @module
 */

// SMachine (fsm layer)
/** The compiled machine of an SMachine. */
export const kMachine: unique symbol = Symbol('ginsfsm.machine');
/** `[kDispatch](name, event)`: the hot path of injectEvent/sendEvent (name validated). */
export const kDispatch: unique symbol = Symbol('ginsfsm.dispatch');
/** `[kLabel]()`: how log lines name an object (`Class` or `Class:name`). */
export const kLabel: unique symbol = Symbol('ginsfsm.label');
/** `[kFault](code, message, event?, error?)`: reports a run-time fault as data. */
export const kFault: unique symbol = Symbol('ginsfsm.fault');
/** Boolean state of a machine (and of a gobj) packed in one small integer. */
export const kFlags: unique symbol = Symbol('ginsfsm.flags');

// parameters (gconfig layer)
/** The compiled gconfig template of a parameter host. */
export const kTemplate: unique symbol = Symbol('ginsfsm.template');

// GObj (gobj layer)
/** The gaplic (host) of a gobj, or null. */
export const kHost: unique symbol = Symbol('ginsfsm.host');
/** The children of a gobj: a Set, or null while it has none. */
export const kChildren: unique symbol = Symbol('ginsfsm.children');
/** The publisher-side subscription state of a gobj, or null. */
export const kPublisher: unique symbol = Symbol('ginsfsm.publisher');
/** Subscriptions (at other publishers) whose subscriber is this gobj, or null. */
export const kSubscribedTo: unique symbol = Symbol('ginsfsm.subscribedTo');
/** The compiled `reName` pattern of a gobj, or null. */
export const kReName: unique symbol = Symbol('ginsfsm.reName');
/** The name under which a gobj is registered as unique, or null. */
export const kRegisteredName: unique symbol = Symbol('ginsfsm.registeredName');
/** True once `createGObj` has finished (writes of name/uniqueName re-register after it). */
export const kCreated: unique symbol = Symbol('ginsfsm.created');
/** What few gobjs have (a `reName` pattern, a registered unique name), or null. */
export const kRare: unique symbol = Symbol('ginsfsm.rare');
/**
 * The `config` values of a gobj: its own object once written or read by its user, until
 * then its gclass's defaults, shared (the framework reads it, never writes or gives it out).
 */
export const kConfig: unique symbol = Symbol('ginsfsm.config');
/** `[kFillConfig](config)`: a gobj's hook, called when it gets its own `config`. */
export const kFillConfig: unique symbol = Symbol('ginsfsm.fillConfig');

// the host a gobj sees (implemented by GAplic)
/** `[kEnqueue](name, destination, source, kw)`: appends an event to the host's queue. */
export const kEnqueue: unique symbol = Symbol('ginsfsm.enqueue');
/** `[kRegister](gobj, name)` / `[kDeregister](gobj)`: the unique-name registry. */
export const kRegister: unique symbol = Symbol('ginsfsm.register');
export const kDeregister: unique symbol = Symbol('ginsfsm.deregister');
/** `[kApplySettings](gobj)`: writes the host's dotted settings into a new gobj. */
export const kApplySettings: unique symbol = Symbol('ginsfsm.applySettings');
/** `[kReportFault](fault)`: the host's fault sink (logger + onFault). */
export const kReportFault: unique symbol = Symbol('ginsfsm.reportFault');
/**
 * `[kStartPending]()`: the gaplic will be started once something else is ready (gserve's
 * main gaplic waits for its workers); work queued meanwhile is not "never started".
 */
export const kStartPending: unique symbol = Symbol('ginsfsm.startPending');
/** `[kReportError](error, context)`: an uncaught exception, reported (never thrown). */
export const kReportError: unique symbol = Symbol('ginsfsm.reportError');
/** `[kDepth]`: actions of the host running from a direct sendEvent (run-to-completion guard). */
export const kDepth: unique symbol = Symbol('ginsfsm.depth');
/** `[kNextDeadline]()`: the earliest timer deadline (test kit). */
export const kNextDeadline: unique symbol = Symbol('ginsfsm.nextDeadline');
/** `[kRunning]`: true while the clock of a TestClock runs a callback (re-entrancy guard). */
export const kBusy: unique symbol = Symbol('ginsfsm.busy');

// Subscription (gobj layer)
/** The gobj a unique-name subscription is bound to once resolved, or null. */
export const kBound: unique symbol = Symbol('ginsfsm.bound');
/** Tree links of a gobj: its parent and whether it is destroyed. */
export const kParent: unique symbol = Symbol('ginsfsm.parent');
export const kDestroyed: unique symbol = Symbol('ginsfsm.destroyed');
/** `[kAddTimerFor](timer, seconds)`: schedules a GTimer, which is its own timer node (no allocation). */
export const kAddTimerFor: unique symbol = Symbol('ginsfsm.addTimerFor');
/** `[kRemoveTimerFor](timer)`: unschedules a GTimer scheduled by `kAddTimerFor`. */
export const kRemoveTimerFor: unique symbol = Symbol('ginsfsm.removeTimerFor');
/** `[kEnqueueCall](call, arg)`: queues `call(arg)` in order with events (GTimer's timeouts). */
export const kEnqueueCall: unique symbol = Symbol('ginsfsm.enqueueCall');

// timer nodes (gaplic/timer-lists.ts): the links a GTimer carries, being its own node
/** The deadline of a scheduled timer node (clock seconds). */
export const kDeadline: unique symbol = Symbol('ginsfsm.deadline');
/** The insertion number of a timer node (ties of equal deadlines fire in its order). */
export const kSeq: unique symbol = Symbol('ginsfsm.seq');
/** The neighbours of a timer node in its list's ring; null while not scheduled. */
export const kPrev: unique symbol = Symbol('ginsfsm.prev');
export const kNext: unique symbol = Symbol('ginsfsm.next');
/** True when a timer node repeats (every duration of its list). */
export const kPeriodic: unique symbol = Symbol('ginsfsm.periodic');
/** `[kExpire]()`: runs a timer node that is due (after it was popped or rescheduled). */
export const kExpire: unique symbol = Symbol('ginsfsm.expire');

// GHttpServer (net layer): what it keeps on the Node responses it serves
/** The exchange of a request served to a fetch handler or a gobj (none: a Node listener). */
export const kHttpExchange: unique symbol = Symbol('ginsfsm.httpExchange');
