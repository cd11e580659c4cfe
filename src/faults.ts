/**
 * Run-time faults: what the framework logs when something goes wrong at run time and
 * nothing can be thrown to the caller (an event nobody accepts, a subscriber that
 * fails, a write rejected at run time). Each has a stable code, catalogued here and
 * in `docs/errors.md`, and reaches the gaplic's `onFault` hook as data, so a router
 * or a console can count and show them. The log line is the message followed by
 * ` [CODE]`. (Misuse is not a fault: it throws a coded error; see `errors.ts`.)
 */

/** Every fault code, with its log level and a one-line meaning (see docs/errors.md). */
export const FAULT_CODES = {
  EVENT_NOT_ACCEPTED: ['warn', 'a declared event is not accepted in the current state'],
  EVENT_UNKNOWN: ['warn', 'an event is not declared by the machine that received it'],
  EVENT_TO_DESTROYED: ['warn', 'an event was sent, posted or broadcast to a destroyed gobj'],
  EVENT_NO_UNIQUE_NAME: [
    'error',
    'a posted event names a unique gobj that is not registered when it is delivered',
  ],
  BROADCAST_NOT_OUTPUT: [
    'warn',
    'a gobj broadcast an event that is not an output event of its machine (once per gclass and event)',
  ],
  DELIVERY_FAILED: [
    'error',
    'one subscriber of a broadcast could not take the event (its action or Deferred threw, or its queue is full); the others got it',
  ],
  SUBSCRIBER_UNKNOWN_NAME: [
    'error',
    'a subscription names a unique gobj that is not registered (once per subscription)',
  ],
  SUBSCRIPTION_REPLACED: ['warn', 'a subscription with the same events and subscriber replaced'],
  SUBSCRIPTION_NOT_FOUND: ['error', 'no such subscription to delete'],
  SUBSCRIPTION_HARD: [
    'error',
    'a hard subscription cannot be deleted (only destruction removes it)',
  ],
  PARAMETER_INVALID: ['error', 'a run-time parameter write was rejected; the old value is kept'],
  PARAMETER_UNKNOWN: ['error', 'a parameter read, write or reset names no parameter'],
  PARAMETER_KEEPS_FUNCTION: ['warn', 'a parameter holding a function was not overwritten'],
  SETTING_UNMATCHED: [
    'warn',
    "a dotted setting's target matched no gclass or gobj name while the gaplic ran",
  ],
  INI_SETTING_UNMATCHED: [
    'warn',
    'an ini setting of the main app matched no gobj name or gclass when it was built',
  ],
  DESTROYED_TWICE: ['error', 'destroyGObj was called on a gobj already destroyed'],
  GO_OUT_FAILED: ['error', "a gobj's goOut() threw; the rest of its subtree was destroyed"],
  ACTION_FAILED: ['error', 'an action run from the queue threw'],
  CALLBACK_FAILED: ['error', 'a callback of addCallback or a Callback threw'],
  TIMER_FAILED: ['error', 'a timer callback threw'],
  HOOK_FAILED: ['error', 'mtSubprocess() threw'],
  REPORTER_FAILED: ['error', 'an onError or onFault hook threw'],
  GAPLIC_NEVER_STARTED: [
    'warn',
    'a gaplic holds queued events, callbacks or timers but was never started nor run',
  ],
  GAPLIC_STOPPED_WITH_QUEUE: ['warn', 'a gaplic stopped with queued events (kept for later)'],
  GTIMER_BAD_SECONDS: ['error', 'EV_SET_TIMER got an invalid seconds; the timer stays disarmed'],
  GTIMER_UNKNOWN_KEYS: ['warn', 'EV_SET_TIMER got keys other than seconds and autostart'],
  DEFERRED_NOT_FOUND: ['error', 'DeferredList.call found no Deferred with that ref'],
  NACK_NOT_ACCEPTED: [
    'warn',
    'an event sent outside was nacked and its subscriber does not accept EV_NACK',
  ],
  MESSAGE_MALFORMED: ['warn', 'a message from a peer gaplic was malformed and dropped'],
  SUBSCRIPTION_KW_CANNOT_CROSS: [
    'error',
    'a broadcast for a remote subscriber had a kw that cannot cross; not sent',
  ],
  ROUTE_DOWN: ['warn', 'a route to another gaplic went down; its events in flight are nacked'],
  LINK_LOST: [
    'warn',
    'the connection of a route to another host was lost; its events in flight wait to be sent again',
  ],
  ROUTE_CONNECT_FAILED: [
    'warn',
    'a static route could not connect to one of its URLs; it tries again after a pause',
  ],
  ROUTE_NAME_MISMATCH: ['warn', 'a static route reached a gaplic with another name; it takes it'],
  ROUTE_ROLE_MISSING: ['warn', 'the peer of a static route does not announce a configured role'],
  PEER_REFUSED: [
    'warn',
    'a connection to the router server was refused during its handshake (token, first message)',
  ],
  HANDSHAKE_TIMEOUT: ['warn', 'a new connection did not complete the identity handshake in time'],
  HEARTBEAT_TIMEOUT: ['warn', 'a WebSocket peer was silent past heartbeatTimeout and was dropped'],
  LISTEN_FAILED: ['error', 'the router server cannot listen on its host and port'],
  NATS_CONNECT_FAILED: [
    'warn',
    'the router cannot reach a NATS server; it tries again after a pause',
  ],
  NATS_AUTH_FAILED: [
    'error',
    'the NATS server refused the credentials of the router; events for NATS are nacked',
  ],
  NATS_LOST: [
    'warn',
    'the connection to NATS was lost; plain events in flight are nacked, guaranteed ones are sent again',
  ],
  NATS_SERVER_ERROR: [
    'warn',
    'the NATS server reported an error (a permission violation) or dropped messages to a slow consumer',
  ],
  NATS_JETSTREAM_FAILED: [
    'error',
    'JetStream refused the stream, a consumer or a guaranteed event of the router',
  ],
  WORKER_CRASHED: ['error', 'a worker thread or process exited without being asked to'],
  WORKER_STOP_TIMEOUT: [
    'warn',
    'a worker did not stop gracefully within its stopTimeout and was killed',
  ],
  WORKER_GAVE_UP: [
    'error',
    'a worker crashed more often than its restart limit allows; it is not restarted',
  ],
  SOCK_CONNECT_FAILED: ['warn', 'a GSock could not connect (refused, unreachable, TLS handshake)'],
  SOCK_PEER_RESET: ['warn', 'the peer of a GSock reset the connection'],
  SOCK_ERROR: ['warn', 'a connection failed with another socket error (TLS, EPIPE...)'],
  SOCK_NOT_CONNECTED: ['warn', 'data was given to a GSock that is not connected; it is not sent'],
  SOCK_TX_OVERFLOW: [
    'error',
    'more than txQueueLimit bytes wait to be sent (the peer does not read); the connection is dropped',
  ],
  SOCK_IDLE_TIMEOUT: [
    'warn',
    'nothing was received or sent for idleTimeout seconds (a dead or half-open peer); dropped',
  ],
  SOCK_LISTEN_FAILED: ['error', 'a GServerSock cannot listen on its port nor any of its list'],
  SOCK_TOO_MANY_CONNECTIONS: [
    'warn',
    'a GServerSock refused a connection: maxConnections are open',
  ],
  CONNEX_QUEUE_FULL: [
    'error',
    'a GConnex refused data to send: its queue while disconnected is full (maxQueue bytes)',
  ],
  WS_CONNECT_FAILED: [
    'warn',
    'a GWebSocket client could not open its connection (refused, unreachable, TLS, handshake)',
  ],
  WS_PING_TIMEOUT: [
    'warn',
    'a WebSocket peer did not answer a ping within pingTimeout; the connection was dropped',
  ],
  WS_MESSAGE_TOO_LARGE: [
    'warn',
    'a WebSocket peer sent a message over maxPayload; the connection was closed with 1009',
  ],
  WS_WRONG_MESSAGE_TYPE: [
    'warn',
    'a WebSocket peer sent binary where text is accepted (or text where binary is); closed with 1003',
  ],
  WS_TX_OVERFLOW: [
    'warn',
    'a WebSocket peer does not read: messages beyond maxBuffered unsent bytes are dropped (once per congestion)',
  ],
  WS_LISTEN_FAILED: ['error', 'a GWebSocketServer cannot listen on its host and port'],
  HTTP_LISTEN_FAILED: ['error', 'a GHttpServer cannot listen on its host and port'],
  HTTP_BAD_REQUEST: [
    'warn',
    'a client sent a malformed HTTP request; answered 400, connection closed',
  ],
  HTTP_HEADERS_TOO_LARGE: [
    'warn',
    'a client sent a header block over maxHeaderSize; answered 431, connection closed',
  ],
  HTTP_REQUEST_TIMEOUT: [
    'warn',
    'a client did not send its request within headersTimeout or requestTimeout; answered 408',
  ],
  HTTP_BODY_TOO_LARGE: [
    'warn',
    'a request body is over maxBodySize; answered 413, connection closed',
  ],
  HTTP_TOO_MANY_CONNECTIONS: [
    'warn',
    'a GHttpServer refused a connection: maxConnections are open',
  ],
  HTTP_UNKNOWN_APP: [
    'error',
    'the application of a prefix names no registered global app nor live unique gobj, or is none; answered 500',
  ],
  HTTP_APP_FAILED: [
    'error',
    'an application threw, rejected, answered no Response, refused EV_HTTP_REQUEST, or its body stream failed; answered 500',
  ],
  HTTP_RESPONSE_TIMEOUT: [
    'warn',
    'an application did not start its response within responseTimeout; answered 503',
  ],
  HTTP_UNKNOWN_REQUEST: [
    'warn',
    'EV_HTTP_RESPONSE names a request that waits for no response (answered, timed out, its client gone, or never made)',
  ],
} as const satisfies Record<string, readonly ['warn' | 'error', string]>;

/** Every stable fault code. */
export type FaultCode = keyof typeof FAULT_CODES;

/** A run-time fault as data (given to `onFault`). */
export interface Fault {
  readonly code: FaultCode;
  readonly level: 'warn' | 'error';
  /** The log line without its ` [CODE]` suffix. */
  readonly message: string;
  /** `Class:name` of the gobj concerned, or `null`. */
  readonly gobj: string | null;
  /** The name of the event concerned, or `null`. */
  readonly event: string | null;
  /** The thrown value, for faults caused by an exception. */
  readonly error?: unknown;
}

/** Receives every fault of a gaplic (after it is logged). */
export type FaultHook = (fault: Fault) => void;

/** @internal Builds a fault (its level comes from the catalogue). */
export function makeFault(
  code: FaultCode,
  message: string,
  gobj: string | null,
  event: string | null,
  error?: unknown,
): Fault {
  const fault = { code, level: FAULT_CODES[code][0], message, gobj, event };
  return error === undefined ? fault : { ...fault, error };
}

/** @internal The log line of a fault. */
export function faultLine(fault: Fault): string {
  return `${fault.message} [${fault.code}]`;
}
