/**
 * ginsfsm for Node: everything of the isomorphic entry, plus gaplics in worker threads
 * and child processes. `import ... from 'ginsfsm'` gives this entry under Node.
 * @module
 */
import './links/node/register.js';

export * from './index.js';
export { setupGAplicThread, setupGAplicProcess } from './hosts/node/setup.js';
export type { RestartPolicy, WorkerSpec } from './hosts/spec.js';
export type { GAplicWorker, WorkerEvents, WorkerExit, WorkerStatus } from './hosts/supervisor.js';
export { nodeWebSocketTransport } from './links/node/ws-transport.js';
export { nodeNatsTransport } from './links/node/nats-transport.js';
export { GSock, type DisconnectReason, type GSockCounters, type GSockEvents } from './net/gsock.js';
export { GServerSock } from './net/gserver-sock.js';
export type { Destination } from './net/address.js';
export { GConnex, type GConnexEvents } from './net/gconnex.js';
export { GWebSocket, type GWebSocketKw, type WsAccept, type WsCounters } from './net/gwebsocket.js';
export { GWebSocketServer, type WsAddress } from './net/gwebsocket-server.js';
export type {
  WsHttpServer,
  WsUpgradeListener,
  WsUpgradeRequest,
  WsUpgradeSocket,
} from './net/ws-shapes.js';
export { GHttpServer, type GHttpServerKw } from './net/ghttp-server.js';
export type {
  HttpAddress,
  HttpApp,
  HttpFetchApp,
  HttpFetchInfo,
  HttpFetchRequest,
  HttpFetchResponse,
  HttpIncoming,
  HttpNodeListener,
  HttpOutgoing,
  HttpRequest,
  HttpStats,
} from './net/http-shapes.js';
export { loadApp, type ComposedApp, type LoadAppOptions } from './config/load-app.js';
export type { CompositeHttpApp, HttpServing } from './config/http.js';
export { ghttpServing } from './config/ghttp-serving.js';
export { applyLogging, type LoggingConfig } from './config/logging.js';
export { describeGClass } from './cli/describe.js';
export { fsmToMermaid, fsmToSvg } from './cli/fsm-draw.js';
