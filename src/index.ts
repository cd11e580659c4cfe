/**
 * ginsfsm: applications as trees of gobjs driven by declarative finite-state machines.
 * @module
 */
export { SMachine, type EventLike } from './fsm/smachine.js';
export { EMPTY_FSM } from './fsm/descriptor.js';
export { checkFsm, type CheckedMachine, type FsmCheck, type NotAsConst } from './fsm/check-fsm.js';
export type {
  Action,
  EventNames,
  FsmDescriptor,
  FsmShape,
  MachineRow,
  StateNames,
} from './fsm/descriptor.js';
export { EventNotAccepted } from './fsm/event-not-accepted.js';
export { filterEventAttrs, parseEventDeclaration } from './fsm/event-declaration.js';
export type { EventDeclaration } from './fsm/event-declaration.js';
export { setGlobalTraceMach, isGlobalTraceMach } from './fsm/trace.js';

export { GObj, type CommonConfig } from './gobj/gobj.js';
export { GEvent, type EventSource, type Kw } from './gobj/gevent.js';
export { createGObj, destroyGObj } from './gobj/create.js';
export { inside } from './gobj/traversal.js';
export type { GClass } from './gobj/gclass.js';
export { Subscription } from './gobj/subscription.js';
export type { Subscriber, SubscriptionOptions } from './gobj/subscription.js';
export type {
  ActionsAccept,
  CreateKw,
  EventKwMap,
  EventNameOf,
  GConfigInput,
  KwOf,
  OutputEventNames,
  Simplify,
  StateNameOf,
} from './gobj/types.js';

export { GConfig } from './gconfig/gconfig.js';
export { FLAG_DIRECT_ATTR, GCONFIG_TYPES } from './gconfig/template.js';
export type { GConfigEntry, GConfigTemplate, GConfigType } from './gconfig/template.js';
export type { GConfigValue, GConfigValues } from './gconfig/values.js';
export { GOBJ_GCONFIG } from './gconfig/common.js';
export { asBool } from './gconfig/coerce.js';

export { GAplic } from './gaplic/gaplic.js';
export type { ErrorContext, ErrorHook, GAplicOptions } from './gaplic/options.js';
export { MIN_PERIOD_SECONDS, realClock, type Clock } from './util/clock.js';
export type { ErrorKind, GObjHost, OutsideArgs, OutsideOptions, TimerHandle } from './gobj/host.js';
export { Callback } from './gaplic/callback.js';
export { Deferred, DeferredList, type DeferredCallback } from './gobj/deferred.js';
export {
  addGlobalGAplic,
  getGlobalApp,
  getGlobalGAplics,
  getGlobalMainGAplic,
  globalGetGAplic,
  globalGetGObj,
  listGlobals,
  postEventFromOutside,
  setGlobalApp,
  setGlobalMainGAplic,
  shutdown,
} from './gaplic/globals.js';

export { GTimer } from './gclasses/gtimer.js';

export { GRouter, routerOf, type RouteSpec, type StaticRouteInput } from './router/grouter.js';
export type { RouteInfo, RouteReport } from './router/report.js';
export type { GObjReport, GObjSummary, GObjsReport } from './router/inspect.js';
export { originOf } from './router/origin.js';
export type {
  QueuePolicy,
  Route,
  RouteCounters,
  RouteKind,
  RouteLimits,
  RouteState,
} from './router/route.js';
export { ROUTER_GCONFIG } from './router/router-config.js';
export { parseStaticRoutes, type StaticRouteSpec } from './router/static-routes.js';
export type { StaticRouteOptions } from './router/websocket-routes.js';
export { BaseLink, type Link } from './links/link.js';
export { createMemoryLinkPair } from './links/memory.js';
export { PortLink, type PortLike } from './links/port.js';
export { CLOSE, WebSocketLink } from './links/websocket.js';
export {
  setWebSocketTransport,
  webSocketTransport,
  type ConnectCallbacks,
  type ConnectOptions,
  type ListenOptions,
  type SocketHandlers,
  type WsServer,
  type WsSocket,
  type WsTransport,
} from './links/transport.js';
export { browserWebSocketTransport } from './links/browser-transport.js';
export {
  NatsFailure,
  natsTransport,
  setNatsTransport,
  type NatsConnection,
  type NatsConsumerConfig,
  type NatsConsumption,
  type NatsFailureKind,
  type NatsMessage,
  type NatsOptions,
  type NatsStatus,
  type NatsStoredMessage,
  type NatsStreamConfig,
  type NatsTransport,
} from './links/nats-transport.js';
export { natsSubject, type NatsRoutes, type NatsState } from './router/nats-routes.js';
export { decodeMessage } from './wire/decode.js';
export {
  decodeFrame,
  encodeV1,
  encodeV2,
  FrameError,
  SUBPROTOCOL_V2,
  type ProtocolVersion,
} from './wire/frames.js';
export {
  FIELD_SETS,
  INTRA_EVENT_KEY,
  type AckMessage,
  type CardV2Fields,
  type EventMessage,
  type IdentityCard,
  type IdentityCardAck,
  type IntraEvent,
  type NackMessage,
  type WireMessage,
} from './wire/messages.js';

export { consoleLogger, silentLogger, type Logger, type LogLevel } from './logger.js';
export {
  ConfigError,
  ConsoleError,
  ERROR_CODES,
  EventError,
  GAplicError,
  GConfigTemplateError,
  GConfigValidateError,
  GinsfsmError,
  GObjError,
  MachineError,
  NetError,
  RouterError,
  StateError,
  WorkerError,
  type CodeOf,
  type ErrorClassOf,
  type ErrorCode,
} from './errors.js';
export { FAULT_CODES, type Fault, type FaultCode, type FaultHook } from './faults.js';
