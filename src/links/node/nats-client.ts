/**
 * The router's NATS seam over the official client (`@nats-io/transport-node`,
 * `@nats-io/jetstream`), loaded by `nats-transport.ts` only when a router connects to
 * NATS. The client reconnects by itself (forever, `reconnectWait` apart) and subscribes
 * again; this module maps its options, its errors (to `NatsFailure` kinds) and its
 * status stream to the seam's.
 *
 * JetStream: the stream of a realm is a work queue (a message is removed once acked);
 * consumers are durable pull consumers with explicit acks, read with `consume()`, which
 * fetches ahead and resumes by itself after a reconnection.
 */
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import {
  AuthorizationError,
  ClosedConnectionError,
  connect,
  createInbox,
  credsAuthenticator,
  DrainingConnectionError,
  NoRespondersError,
  nkeyAuthenticator,
  RequestError,
  TimeoutError,
  UserAuthenticationExpiredError,
  type NatsConnection as Client,
  type NodeConnectionOptions,
} from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';
import {
  NatsFailure,
  type NatsConnection,
  type NatsConsumerConfig,
  type NatsConsumption,
  type NatsMessage,
  type NatsOptions,
  type NatsStatus,
  type NatsStoredMessage,
  type NatsStreamConfig,
} from '../nats-transport.js';
import { errorMessage } from '../../util/error-text.js';

const encoder = new TextEncoder();

/** Seconds as the nanoseconds JetStream counts in. */
function nanos(seconds: number): number {
  return Math.round(seconds * 1e9);
}

/** PEM text as given, or read from the file it names. */
function pemOrFile(value: string): string {
  return value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8');
}

/** The client's options for ours. */
function clientOptions(options: NatsOptions): NodeConnectionOptions {
  const tlsWanted =
    options.tlsCa !== '' ||
    options.tlsCert !== '' ||
    options.tlsKey !== '' ||
    options.servers.some((url) => url.startsWith('tls://'));
  const authenticator =
    options.credsFile !== ''
      ? credsAuthenticator(readFileSync(options.credsFile))
      : options.nkeySeed !== ''
        ? nkeyAuthenticator(encoder.encode(seedOf(options.nkeySeed)))
        : undefined;
  return {
    servers: [...options.servers],
    name: options.name,
    ...(options.user !== '' ? { user: options.user, pass: options.password } : {}),
    ...(options.token !== '' ? { token: options.token } : {}),
    ...(authenticator !== undefined ? { authenticator } : {}),
    ...(tlsWanted
      ? {
          tls: {
            ...(options.tlsCa !== '' ? { ca: pemOrFile(options.tlsCa) } : {}),
            ...(options.tlsCert !== '' ? { cert: pemOrFile(options.tlsCert) } : {}),
            ...(options.tlsKey !== '' ? { key: pemOrFile(options.tlsKey) } : {}),
          },
        }
      : {}),
    timeout: Math.max(1, Math.round(options.timeout * 1000)),
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: Math.max(1, Math.round(options.reconnectWait * 1000)),
    pingInterval: Math.max(1, Math.round(options.pingInterval * 1000)),
    maxPingOut: 2,
    noAsyncTraces: true,
  };
}

/** An nkey seed given as text, or the file holding it. */
export function seedOf(value: string): string {
  const text = value.trim();
  return text.startsWith('S') && !text.includes('/') ? text : readFileSync(text, 'utf8').trim();
}

/** The seam's kind of a client error. */
export function classify(error: unknown): NatsFailure {
  if (error instanceof NatsFailure) return error;
  const message = errorMessage(error);
  const kind =
    error instanceof AuthorizationError || error instanceof UserAuthenticationExpiredError
      ? 'auth'
      : error instanceof NoRespondersError ||
          (error instanceof RequestError && error.isNoResponders()) ||
          (error instanceof JetStreamApiError && error.code === 503)
        ? 'noResponders'
        : error instanceof TimeoutError ||
            (error instanceof RequestError && error.cause instanceof TimeoutError)
          ? 'timeout'
          : error instanceof ClosedConnectionError || error instanceof DrainingConnectionError
            ? 'closed'
            : error instanceof JetStreamApiError
              ? 'api'
              : /refused|ENOTFOUND|EHOSTUNREACH|ECONNRESET|ETIMEDOUT|TLS|certificate|tls/i.test(
                    message,
                  )
                ? 'refused'
                : 'other';
  return new NatsFailure(kind, message, { cause: error });
}

/** A request waiting for its reply. */
interface Pending {
  readonly done: (failure: NatsFailure | null, reply: string) => void;
  readonly deadline: number;
}

/** How often requests are looked at for their timeout, in ms. */
const SWEEP_MS = 50;
/** The longest a close waits for the connection to drain, in ms. */
const DRAIN_MS = 2000;

class NodeNatsConnection implements NatsConnection {
  readonly #client: Client;
  #status: ((status: NatsStatus) => void) | null = null;
  #manager: Promise<JetStreamManager> | null = null;
  #js: JetStreamClient | null = null;
  /**
   * Requests: published with a reply subject under one inbox of this connection, read by
   * one subscription (the client's `request()` makes a promise, a timer and two error
   * objects with their stacks per request; a router sends one per batch, and two per
   * round trip). The server answers a request nobody listens to with a 503 status.
   */
  readonly #inbox = createInbox();
  readonly #pending = new Map<number, Pending>();
  #nextRequest = 1;
  #sweep: ReturnType<typeof setTimeout> | null = null;
  /** Connected now (false between a disconnection and the reconnection). */
  #up = true;

  constructor(client: Client) {
    this.#client = client;
    void this.#watch();
    const prefix = this.#inbox.length + 1;
    client.subscribe(`${this.#inbox}.*`, {
      callback: (error, msg) => {
        if (error !== null) return;
        const pending = this.#pending.get(Number(msg.subject.slice(prefix)));
        if (pending === undefined) return; // timed out meanwhile
        this.#pending.delete(Number(msg.subject.slice(prefix)));
        if (msg.data.length === 0 && msg.headers?.code === 503) {
          pending.done(new NatsFailure('noResponders', 'no responders'), '');
        } else {
          pending.done(null, msg.string());
        }
      },
    });
    void client.closed().then((error) => {
      this.#failPending(new NatsFailure('closed', 'connection closed'));
      this.#status?.({ type: 'close', error: error ? classify(error) : null });
    });
  }

  get server(): string {
    return this.#client.getServer();
  }

  get maxPayload(): number {
    return this.#client.info?.max_payload ?? 1024 * 1024;
  }

  request(
    subject: string,
    text: string,
    timeout: number,
    done: (failure: NatsFailure | null, reply: string) => void,
  ): void {
    const id = this.#nextRequest++;
    try {
      this.#client.publish(subject, encoder.encode(text), { reply: `${this.#inbox}.${id}` });
    } catch (error) {
      done(classify(error), '');
      return;
    }
    this.#pending.set(id, { done, deadline: Date.now() + timeout * 1000 });
    this.#sweep ??= setTimeout(() => this.#timeOut(), SWEEP_MS);
  }

  /** Fails the requests past their deadline; looks again while some wait. */
  #timeOut(): void {
    this.#sweep = null;
    const now = Date.now();
    for (const [id, pending] of this.#pending) {
      if (pending.deadline > now) continue;
      this.#pending.delete(id);
      pending.done(new NatsFailure('timeout', 'timeout'), '');
    }
    if (this.#pending.size > 0) this.#sweep = setTimeout(() => this.#timeOut(), SWEEP_MS);
  }

  #failPending(failure: NatsFailure): void {
    if (this.#sweep !== null) clearTimeout(this.#sweep);
    this.#sweep = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.done(failure, '');
  }

  subscribe(subject: string, queue: string, handler: (message: NatsMessage) => void): void {
    this.#client.subscribe(subject, {
      ...(queue !== '' ? { queue } : {}),
      callback: (error, msg) => {
        if (error !== null) {
          this.#status?.({ type: 'error', message: errorMessage(error) });
          return;
        }
        handler({
          subject: msg.subject,
          text: () => msg.string(),
          respond: (reply) => msg.respond(encoder.encode(reply)),
        });
      },
    });
  }

  async flush(): Promise<void> {
    try {
      await this.#client.flush();
    } catch (error) {
      throw classify(error);
    }
  }

  onStatus(handler: (status: NatsStatus) => void): void {
    this.#status = handler;
  }

  async ensureStream(config: NatsStreamConfig): Promise<void> {
    const manager = await this.#jsm();
    const wanted: Partial<StreamConfig> & { name: string } = {
      name: config.name,
      subjects: [...config.subjects],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      max_age: nanos(config.maxAge),
      duplicate_window: nanos(config.duplicateWindow),
    };
    try {
      await manager.streams.add(wanted);
    } catch (error) {
      if (!(error instanceof JetStreamApiError)) throw classify(error);
      try {
        await manager.streams.update(config.name, wanted);
      } catch (again) {
        throw classify(again);
      }
    }
  }

  async ensureConsumer(config: NatsConsumerConfig): Promise<void> {
    const manager = await this.#jsm();
    const wanted: Partial<ConsumerConfig> = {
      durable_name: config.durable,
      filter_subject: config.filter,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(config.ackWait),
      max_ack_pending: config.maxAckPending,
    };
    try {
      await manager.consumers.add(config.stream, wanted);
    } catch (error) {
      if (!(error instanceof JetStreamApiError)) throw classify(error);
      try {
        await manager.consumers.update(config.stream, config.durable, wanted);
      } catch (again) {
        throw classify(again);
      }
    }
  }

  async consume(
    config: NatsConsumerConfig,
    handler: (message: NatsStoredMessage) => void,
  ): Promise<NatsConsumption> {
    try {
      const consumer = await this.#jetstream().consumers.get(config.stream, config.durable);
      const messages = await consumer.consume({
        max_messages: config.prefetch,
        callback: (msg) =>
          handler({
            subject: msg.subject,
            deliveries: msg.info.deliveryCount,
            text: () => msg.string(),
            ack: () => msg.ack(),
            term: () => msg.term(),
          }),
      });
      return { stop: () => void messages.close().catch(() => {}) };
    } catch (error) {
      throw classify(error);
    }
  }

  publishStored(
    subject: string,
    text: string,
    id: string,
    timeout: number,
    done: (failure: NatsFailure | null) => void,
  ): void {
    let publish: Promise<unknown>;
    try {
      publish = this.#jetstream().publish(subject, encoder.encode(text), {
        msgID: id,
        timeout: Math.max(1, Math.round(timeout * 1000)),
      });
    } catch (error) {
      done(classify(error));
      return;
    }
    publish.then(
      () => done(null),
      (error: unknown) => done(classify(error)),
    );
  }

  /**
   * Drains (what was published is flushed, what was received is handled) when connected;
   * closes at once when not (a drain waits for the server), or when draining takes more
   * than a few seconds.
   */
  async close(): Promise<void> {
    const client = this.#client;
    if (client.isClosed()) return;
    if (!this.#up) {
      await client.close();
      return;
    }
    const late = setTimeout(() => void client.close(), DRAIN_MS);
    try {
      await client.drain();
    } catch {
      await client.close();
    } finally {
      clearTimeout(late);
    }
  }

  #jsm(): Promise<JetStreamManager> {
    this.#manager ??= jetstreamManager(this.#client, { checkAPI: false });
    return this.#manager;
  }

  #jetstream(): JetStreamClient {
    this.#js ??= jetstream(this.#client, { checkAPI: false });
    return this.#js;
  }

  async #watch(): Promise<void> {
    for await (const status of this.#client.status()) {
      if (status.type === 'disconnect') this.#up = false;
      else if (status.type === 'reconnect') this.#up = true;
      const report = this.#status;
      if (report === null) continue;
      switch (status.type) {
        case 'disconnect':
        case 'reconnect':
          report({ type: status.type, server: status.server });
          break;
        case 'error':
          report({ type: 'error', message: errorMessage(status.error) });
          break;
        case 'slowConsumer':
          report({
            type: 'slowConsumer',
            subject: status.sub.getSubject(),
            pending: status.pending,
          });
          break;
        default:
          break;
      }
    }
  }
}

/** Connects with the client; rejects with a classified `NatsFailure`. */
export async function connectNats(options: NatsOptions): Promise<NatsConnection> {
  try {
    return new NodeNatsConnection(await connect(clientOptions(options)));
  } catch (error) {
    throw classify(error);
  }
}
