/**
 * One catalogue of every error this package throws. Each error carries a stable `code`
 * (never reused once retired) and a message naming the key, the value received and
 * what was expected. A code belongs to exactly one class and can only be thrown with it
 * (as fastify's `createError`): the constructors accept only their own codes, checked
 * by the compiler and again at run time. `docs/errors.md` lists every code; a test keeps
 * the two in step.
 */

/** The classes of the catalogue, by name. */
type ErrorClassName =
  | 'MachineError'
  | 'EventError'
  | 'StateError'
  | 'GObjError'
  | 'GConfigTemplateError'
  | 'GConfigValidateError'
  | 'GAplicError'
  | 'RouterError'
  | 'WorkerError'
  | 'NetError'
  | 'ConfigError'
  | 'ConsoleError';

/** The codes of one class. */
export type CodeOf<N extends ErrorClassName> = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C][0] extends N ? C : never;
}[ErrorCode];

/** Base class: every error thrown by ginsfsm has a stable `code`. */
export class GinsfsmError<C extends ErrorCode = ErrorCode> extends Error {
  /** Stable machine-readable code, e.g. `MACHINE_UNKNOWN_NEXT_STATE`. */
  readonly code: C;
  constructor(code: C, message: string, options?: ErrorOptions) {
    super(message, options);
    const owner = (ERROR_CODES as Record<string, readonly [string, string]>)[code]?.[0];
    if (owner === undefined || (new.target !== GinsfsmError && owner !== new.target.name)) {
      throw new TypeError(`error code ${String(code)} cannot be thrown as ${new.target.name}`);
    }
    this.code = code;
    this.name = owner;
  }
}

/** An FSM descriptor is invalid (raised by `new SMachine()` and gclass construction). */
export class MachineError extends GinsfsmError<CodeOf<'MachineError'>> {}
/** An event argument has the wrong type, or an event cannot be subscribed. */
export class EventError extends GinsfsmError<CodeOf<'EventError'>> {}
/** A state name has the wrong type or is not declared. */
export class StateError extends GinsfsmError<CodeOf<'StateError'>> {}
/** A gobj operation is misused (bad gclass, parent, destination, subscriber, unique name). */
export class GObjError extends GinsfsmError<CodeOf<'GObjError'>> {}
/** A gconfig template is invalid. */
export class GConfigTemplateError extends GinsfsmError<CodeOf<'GConfigTemplateError'>> {}
/** A parameter value is invalid or a parameter name is unknown. */
export class GConfigValidateError extends GinsfsmError<CodeOf<'GConfigValidateError'>> {}
/** A gaplic, timer or callback option is invalid, or the gaplic cannot accept work. */
export class GAplicError extends GinsfsmError<CodeOf<'GAplicError'>> {}
/**
 * An event for another gaplic is misused at the sender (names, subscriber, kw), a static
 * route is wrong, or the router cannot reach the network here (no WebSocket, cannot listen).
 */
export class RouterError extends GinsfsmError<CodeOf<'RouterError'>> {}
/** A gaplic in a worker thread or child process cannot be set up or started. */
export class WorkerError extends GinsfsmError<CodeOf<'WorkerError'>> {}
/**
 * A networking gobj (Node only: GSock, GServerSock, GConnex, GWebSocket...) is misused: a bad
 * option, event kw or data, an address or TLS file it cannot use.
 */
export class NetError extends GinsfsmError<CodeOf<'NetError'>> {}
/**
 * An ini file of a composite (`loadApp`, `gserve`) is wrong: its syntax, a section, a `use`,
 * a module or export it names, a factory that throws, a setting of the wrong type. The
 * message names the file, the line and the key.
 */
export class ConfigError extends GinsfsmError<CodeOf<'ConfigError'>> {}
/**
 * `gconsole` cannot do what it was asked: a bad option or console line, a target it cannot
 * reach, an event the target nacked or did not answer, inspection the target refuses.
 */
export class ConsoleError extends GinsfsmError<CodeOf<'ConsoleError'>> {}

const CLASSES = {
  MachineError,
  EventError,
  StateError,
  GObjError,
  GConfigTemplateError,
  GConfigValidateError,
  GAplicError,
  RouterError,
  WorkerError,
  NetError,
  ConfigError,
  ConsoleError,
} as const;

/** The class that throws code `C`. */
export type ErrorClassOf<C extends ErrorCode> = InstanceType<
  (typeof CLASSES)[(typeof ERROR_CODES)[C][0]]
>;

/**
 * The one way the framework builds an error: the class comes from the catalogue, so a
 * code cannot be thrown with another class.
 */
export function codedError<C extends ErrorCode>(
  code: C,
  message: string,
  options?: ErrorOptions,
): ErrorClassOf<C> {
  const Class = CLASSES[ERROR_CODES[code][0]] as unknown as new (
    code: C,
    message: string,
    options?: ErrorOptions,
  ) => ErrorClassOf<C>;
  return new Class(code, message, options);
}

/** Every error code, with the name of its class and a one-line meaning (see docs/errors.md). */
export const ERROR_CODES = {
  MACHINE_NOT_AN_OBJECT: ['MachineError', 'the FSM descriptor is not a plain object'],
  MACHINE_BAD_SHAPE: [
    'MachineError',
    'eventList / stateList is not an array of strings, or machine is not an object of rows',
  ],
  MACHINE_BAD_ROW: ['MachineError', 'a machine row is not a triple [event, action, nextState]'],
  MACHINE_UNDECLARED_STATE: ['MachineError', 'a machine key is not declared in stateList'],
  MACHINE_UNDESCRIBED_STATE: ['MachineError', 'a state of stateList has no entry in machine'],
  MACHINE_DUPLICATED_STATE: ['MachineError', 'a state is declared twice in stateList'],
  MACHINE_UNDECLARED_EVENT: ['MachineError', 'a machine row uses an event not in eventList'],
  MACHINE_UNUSED_EVENT: [
    'MachineError',
    'an event of eventList is neither used in machine nor marked output',
  ],
  MACHINE_DUPLICATED_EVENT: ['MachineError', 'an event is declared twice in eventList'],
  MACHINE_DUPLICATED_TRANSITION: ['MachineError', 'one state has two rows for the same event'],
  MACHINE_UNKNOWN_NEXT_STATE: ['MachineError', 'a next state is neither null nor a declared state'],
  MACHINE_BAD_ARGUMENT: ['MachineError', 'an argument of a machine function has the wrong type'],
  MACHINE_ACTION_NOT_CALLABLE: ['MachineError', 'an action is neither null nor a function'],
  EVENT_BAD_TYPE: ['EventError', 'an event is neither a name (string) nor an event object'],
  EVENT_BAD_DECLARATION: ['EventError', 'an event declaration is not a string'],
  EVENT_NOT_OUTPUT: ['EventError', 'a subscription names an event that is not an output event'],
  STATE_BAD_TYPE: ['StateError', 'a state name is not a string'],
  STATE_UNKNOWN: ['StateError', 'a state name is not declared in stateList'],
  GOBJ_BAD_GCLASS: ['GObjError', 'the gclass is missing or is not a subclass of GObj'],
  GOBJ_BAD_NAME: ['GObjError', 'a gobj name is not a string'],
  GOBJ_BAD_PARENT: ['GObjError', 'the parent is neither null nor a live gobj'],
  GOBJ_ALREADY_HAS_PARENT: ['GObjError', 'the child already has a parent'],
  GOBJ_UNIQUE_NAME_TAKEN: ['GObjError', 'another live gobj already has this unique name'],
  GOBJ_UNIQUE_NAME_EMPTY: ['GObjError', 'a unique-named gobj was created without a name'],
  GOBJ_UNKNOWN_UNIQUE_NAME: ['GObjError', 'a destination string is not a registered unique name'],
  GOBJ_BAD_DESTINATION: ['GObjError', 'a destination is neither a gobj nor a unique name'],
  GOBJ_BAD_SUBSCRIBER: [
    'GObjError',
    'a subscriber is neither a gobj, a unique name nor a Deferred',
  ],
  GOBJ_BAD_SUBSCRIPTION_OPTION: [
    'GObjError',
    'a subscription option is unknown or has a wrong value',
  ],
  GOBJ_BAD_KW: ['GObjError', 'the kw argument is not a plain object'],
  GOBJ_NO_GAPLIC: ['GObjError', 'the operation needs a gaplic and the gobj has none'],
  GOBJ_BAD_ARGUMENT: ['GObjError', 'an argument of a gobj operation has the wrong type'],
  GOBJ_DESTROYED: ['GObjError', 'a subscription was asked of or for a destroyed gobj'],
  GCONFIG_TEMPLATE_NOT_AN_OBJECT: ['GConfigTemplateError', 'the template is not a plain object'],
  GCONFIG_TEMPLATE_BAD_NAME: ['GConfigTemplateError', 'a parameter name is empty'],
  GCONFIG_TEMPLATE_BAD_ENTRY: [
    'GConfigTemplateError',
    'a template entry is not an object, lacks a field or has an unknown field',
  ],
  GCONFIG_TEMPLATE_BAD_TYPE: [
    'GConfigTemplateError',
    'a template type is not one of the known types',
  ],
  GCONFIG_TEMPLATE_BAD_FLAG: ['GConfigTemplateError', 'a template flag is not a number'],
  GCONFIG_TEMPLATE_BAD_VALIDATOR: ['GConfigTemplateError', 'a validator is not a function'],
  GCONFIG_TEMPLATE_BAD_DESCRIPTION: ['GConfigTemplateError', 'a description is not a string'],
  GCONFIG_INVALID_VALUE: [
    'GConfigValidateError',
    'a value cannot be coerced to the parameter type, names no registered global app, or its validator rejected it',
  ],
  GCONFIG_BAD_ARGUMENT: [
    'GConfigValidateError',
    'a parameter name or a GConfig argument has the wrong type',
  ],
  GCONFIG_BAD_KW: ['GConfigValidateError', 'the parameters argument is not a plain object'],
  GCONFIG_UNKNOWN_PARAMETER: ['GConfigValidateError', 'a parameter name is not in the template'],
  GAPLIC_BAD_OPTION: ['GAplicError', 'a gaplic option has a wrong value'],
  GAPLIC_UNKNOWN_OPTION: ['GAplicError', 'an option name is not known'],
  GAPLIC_BAD_TIMEOUT: ['GAplicError', 'a timeout is not a finite number of seconds >= 0'],
  GAPLIC_BAD_CALLBACK: ['GAplicError', 'a callback is not a function'],
  GAPLIC_BAD_ARGUMENT: ['GAplicError', 'an argument of a gaplic operation has the wrong type'],
  GAPLIC_REENTRANT_RUN: [
    'GAplicError',
    'runOnce(), drain() or TestClock.advance() was called from inside an action, callback or timer',
  ],
  GAPLIC_NEVER_IDLE: [
    'GAplicError',
    'drain() or a TestClock still found work after its step limit (work that never settles)',
  ],
  GAPLIC_QUEUE_FULL: ['GAplicError', 'the event queue holds maxQueueLength events'],
  GAPLIC_UNKNOWN_GAPLIC: ['GAplicError', 'no registered gaplic has this name'],
  ROUTER_BAD_ARGUMENT: [
    'RouterError',
    'a gaplic, role, gobj or event name of an outside event is not a string, or both gaplic and role are empty',
  ],
  ROUTER_TO_SELF: [
    'RouterError',
    "an outside event names the sender's own gaplic or one of its roles",
  ],
  ROUTER_BAD_ORIGIN_ROLE: ['RouterError', 'the origin role is not one of the sender gaplic roles'],
  ROUTER_BAD_SUBSCRIBER: [
    'RouterError',
    'the subscriber of an outside event is not a gobj with a unique name of this gaplic, nor such a name',
  ],
  ROUTER_KW_CANNOT_CROSS: [
    'RouterError',
    'the kw of an outside event holds a value that cannot cross to another gaplic (function, gobj, symbol, class instance, cycle...)',
  ],
  ROUTER_BAD_STATIC_ROUTE: [
    'RouterError',
    'a static route (ini string or EV_ADD_STATIC_ROUTE) has a wrong name, roles or URL',
  ],
  ROUTER_NO_WEBSOCKET: ['RouterError', 'this platform has no WebSocket implementation'],
  ROUTER_SERVER_UNAVAILABLE: ['RouterError', 'a router cannot listen on this platform (a browser)'],
  ROUTER_LISTEN_FAILED: [
    'RouterError',
    'the router server cannot listen (address in use, bad TLS certificate or key)',
  ],
  ROUTER_NATS_UNAVAILABLE: [
    'RouterError',
    'natsServers is set but this platform has no NATS client (import the node entry)',
  ],
  ROUTER_NATS_BAD_CONFIG: [
    'RouterError',
    'a NATS parameter of the router names a file that cannot be read, or holds no credentials',
  ],
  ROUTER_NATS_AUTH_FAILED: [
    'RouterError',
    'the NATS server refused the credentials of the router (what `router.natsReady` rejects with)',
  ],
  ROUTER_NATS_JETSTREAM_FAILED: [
    'RouterError',
    'the router cannot set up its JetStream stream or consumers (what `router.natsReady` rejects with)',
  ],
  WORKER_BAD_SPEC: ['WorkerError', 'a worker spec has a missing or wrong field'],
  WORKER_MODULE_NOT_FOUND: ['WorkerError', 'the module of a worker spec cannot be imported'],
  WORKER_BAD_EXPORT: ['WorkerError', 'the export of a worker spec is not a function'],
  WORKER_FACTORY_FAILED: [
    'WorkerError',
    'the factory of a worker threw, or did not return a GAplic',
  ],
  WORKER_EXITED: ['WorkerError', 'a worker exited before its gaplic was running'],
  WORKER_NAME_TAKEN: ['WorkerError', 'another gaplic of the process tree has this name'],
  NET_BAD_DATA: ['NetError', 'data to send is neither bytes (a Uint8Array) nor a string'],
  NET_BAD_DESTINATION: ['NetError', 'a host or port to connect to is missing or wrong'],
  NET_BAD_TLS: [
    'NetError',
    'a TLS certificate, key or CA cannot be read, or the key does not fit the certificate',
  ],
  NET_LISTEN_FAILED: [
    'NetError',
    'a server cannot listen on its port, nor on any port of its list (in use, not allowed)',
  ],
  NET_WS_BAD_MESSAGE: [
    'NetError',
    'EV_SEND_MESSAGE got data that is neither text, bytes nor a value JSON can write',
  ],
  NET_WS_BAD_CLOSE: [
    'NetError',
    'EV_DROP got a close code other than 1000 or 3000-4999, or a reason over 123 bytes',
  ],
  NET_WS_BAD_OPTION: [
    'NetError',
    'a GWebSocket or GWebSocketServer option is wrong (a URL that is not ws:// or wss://, an httpServer that is not one, a path without /)',
  ],
  NET_WS_LISTEN_FAILED: [
    'NetError',
    'a GWebSocketServer cannot listen (address in use, bad TLS certificate or key)',
  ],
  NET_HTTP_BAD_OPTION: [
    'NetError',
    'a GHttpServer option is wrong (an app that is none, a prefix without /, a limit out of range)',
  ],
  NET_HTTP_BAD_RESPONSE: [
    'NetError',
    'EV_HTTP_RESPONSE got a kw it cannot answer with (no request id, a bad status, headers or body)',
  ],
  NET_HTTP_LISTEN_FAILED: ['NetError', 'a GHttpServer cannot listen (address in use, not allowed)'],
  INI_SYNTAX: [
    'ConfigError',
    'an ini file cannot be read: a bad line, a section or key set twice, a bad %(name)s',
  ],
  INI_UNKNOWN_SECTION: [
    'ConfigError',
    'an ini section is of no known kind, or a composite names a section that does not exist',
  ],
  INI_MISSING_USE: ['ConfigError', "a [composite:...] or [app:...] section has no 'use' key"],
  INI_BAD_MODULE: [
    'ConfigError',
    "the module of a 'use' (or of ginsfsm draw) is missing or cannot be imported",
  ],
  INI_BAD_EXPORT: [
    'ConfigError',
    "the export a 'use' names does not exist or is not what is expected",
  ],
  INI_FACTORY_FAILED: [
    'ConfigError',
    'the factory of the main app threw, or did not return a GAplic of the right name',
  ],
  INI_BAD_SETTING: [
    'ConfigError',
    'a key of a composite or app section has a wrong value or type, or a setting is rejected by a gobj',
  ],
  GCONSOLE_BAD_OPTION: [
    'ConsoleError',
    'gconsole got an option or argument it does not know, or a bad value (a URL that is not ws:// or wss://, a timeout that is not a positive number)',
  ],
  GCONSOLE_BAD_COMMAND: [
    'ConsoleError',
    'a console line is not a command: an unknown command, a missing or extra argument, a kw that is not a JSON object',
  ],
  GCONSOLE_UNREACHABLE: [
    'ConsoleError',
    'the target gaplic cannot be reached: the connection failed, or its router did not answer in time',
  ],
  GCONSOLE_NACKED: [
    'ConsoleError',
    "the target nacked a command's event (no such gobj, an event not accepted, an action that threw...)",
  ],
  GCONSOLE_INSPECTION_REFUSED: [
    'ConsoleError',
    "the target gaplic does not allow inspection (its router parameter 'inspect' is false)",
  ],
  GCONSOLE_NO_REPLY: ['ConsoleError', 'the target did not answer a command within the timeout'],
} as const satisfies Record<string, readonly [ErrorClassName, string]>;

/** Every stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;
