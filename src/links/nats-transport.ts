/**
 * The NATS seam of the router: how it connects to a NATS server (or cluster), publishes
 * requests and answers them, subscribes by subject and queue group, and uses JetStream
 * (a stream, durable pull consumers, publish with a message id), whatever implements it —
 * the official client (`@nats-io/transport-node` and `@nats-io/jetstream`) under Node,
 * registered by the node entry and loaded only when a router is configured for NATS — so
 * the router itself stays isomorphic and imports no NATS code.
 *
 * Payloads are text (the JSON of a batch); every callback is called from the event loop,
 * never inside an action.
 */
import { codedError } from '../errors.js';

/** How to connect; durations in seconds. */
export interface NatsOptions {
  /** Server URLs (`nats://host:port`, `tls://host:port`, or `host:port`), tried in turn. */
  readonly servers: readonly string[];
  /** The client name the server shows (the gaplic's name). */
  readonly name: string;
  readonly user: string;
  readonly password: string;
  readonly token: string;
  /** An nkey seed (`SU...`), or the path of a file holding it. */
  readonly nkeySeed: string;
  /** The path of a `.creds` file (a user JWT and its nkey seed). */
  readonly credsFile: string;
  /** PEM text or file paths; any of them (or a `tls://` URL) asks for TLS. */
  readonly tlsCa: string;
  readonly tlsCert: string;
  readonly tlsKey: string;
  /** Seconds a connection attempt may take. */
  readonly timeout: number;
  /** Seconds between two rounds of reconnection attempts. */
  readonly reconnectWait: number;
  /** Seconds between two pings of the server (a dead server is found after two more). */
  readonly pingInterval: number;
}

/** Why an operation failed, as the router needs to tell. */
export type NatsFailureKind =
  | 'noResponders' // nobody listens on the subject (or no stream takes it)
  | 'timeout' // no answer in time
  | 'closed' // the connection is closed or was lost meanwhile
  | 'auth' // the server refused the credentials
  | 'refused' // the server cannot be reached (refused, unreachable, TLS)
  | 'api' // JetStream refused (a stream or consumer error)
  | 'other';

/** A failure of the transport, classified. */
export class NatsFailure extends Error {
  readonly kind: NatsFailureKind;
  constructor(kind: NatsFailureKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
  }
}

/** A message received on a subscription. */
export interface NatsMessage {
  readonly subject: string;
  /** The payload as text. */
  text(): string;
  /** Answers a request (false when the message was no request). */
  respond(text: string): boolean;
}

/** A message of a JetStream consumer. */
export interface NatsStoredMessage {
  readonly subject: string;
  /** How many times it was delivered (1 the first time). */
  readonly deliveries: number;
  text(): string;
  /** Done with it: it is removed from the stream (work queue). */
  ack(): void;
  /** It can never be handled: not delivered again. */
  term(): void;
}

/** What the connection reports about itself. */
export type NatsStatus =
  | { readonly type: 'disconnect'; readonly server: string }
  | { readonly type: 'reconnect'; readonly server: string }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'slowConsumer'; readonly subject: string; readonly pending: number }
  | { readonly type: 'close'; readonly error: NatsFailure | null };

/** The stream of a realm. */
export interface NatsStreamConfig {
  readonly name: string;
  readonly subjects: readonly string[];
  /** Seconds a stored message may wait for its consumer (0: forever). */
  readonly maxAge: number;
  /** Seconds within which a message id is stored once only. */
  readonly duplicateWindow: number;
}

/** A durable pull consumer, created or updated to this configuration. */
export interface NatsConsumerConfig {
  readonly stream: string;
  readonly durable: string;
  readonly filter: string;
  /** Seconds a delivered message waits for its ack before it is delivered again. */
  readonly ackWait: number;
  /** Messages delivered and not yet acked, at most. */
  readonly maxAckPending: number;
  /** Messages fetched ahead. */
  readonly prefetch: number;
}

/** A consumer being read; `stop()` ends it (unacked messages go back to the stream). */
export interface NatsConsumption {
  stop(): void;
}

export interface NatsConnection {
  /** The server connected to now (`host:port`). */
  readonly server: string;
  /** The largest payload the server accepts, in bytes. */
  readonly maxPayload: number;
  /**
   * Publishes a request and calls `done` once: with the reply's text, or with the failure
   * (`noResponders` at once when nobody listens on `subject`).
   */
  request(
    subject: string,
    text: string,
    timeout: number,
    done: (failure: NatsFailure | null, reply: string) => void,
  ): void;
  /** Subscribes; with a `queue` group, each message goes to one member of the group. */
  subscribe(subject: string, queue: string, handler: (message: NatsMessage) => void): void;
  /** Resolves once the server has seen everything sent so far (subscriptions included). */
  flush(): Promise<void>;
  /** Sets who hears about disconnections, reconnections, errors and the close. */
  onStatus(handler: (status: NatsStatus) => void): void;
  /** Creates the stream, or updates it to `config`. */
  ensureStream(config: NatsStreamConfig): Promise<void>;
  /** Creates the durable consumer, or updates it to `config`. */
  ensureConsumer(config: NatsConsumerConfig): Promise<void>;
  /** Reads a durable consumer; each message goes to `handler`, which acks it (or not). */
  consume(
    config: NatsConsumerConfig,
    handler: (message: NatsStoredMessage) => void,
  ): Promise<NatsConsumption>;
  /**
   * Publishes to a stream with a message id (stored once within the duplicate window);
   * `done(null)` once stored.
   */
  publishStored(
    subject: string,
    text: string,
    id: string,
    timeout: number,
    done: (failure: NatsFailure | null) => void,
  ): void;
  /** Closes the connection (what was published is flushed first). */
  close(): Promise<void>;
}

export interface NatsTransport {
  /**
   * Checks the options that can be checked at once (files that must be read, a seed that
   * must parse); throws `ROUTER_NATS_BAD_CONFIG` naming the parameter.
   */
  check(owner: string, options: NatsOptions): void;
  /** Connects; rejects with a `NatsFailure` (`auth`, `refused`, `other`). */
  connect(options: NatsOptions): Promise<NatsConnection>;
}

let transport: NatsTransport | null = null;

/** Sets the NATS implementation of every router (the node entry sets the official client). */
export function setNatsTransport(implementation: NatsTransport): void {
  transport = implementation;
}

/** The NATS implementation in use; throws `ROUTER_NATS_UNAVAILABLE` when none is set. */
export function natsTransport(owner: string): NatsTransport {
  if (transport !== null) return transport;
  throw codedError(
    'ROUTER_NATS_UNAVAILABLE',
    `${owner}: natsServers is set but there is no NATS client on this platform: under Node import ginsfsm through its node entry (it registers @nats-io/transport-node)`,
  );
}
