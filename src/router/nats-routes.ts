/**
 * The NATS side of a router: one connection to a NATS server (or cluster) through which
 * this gaplic reaches every gaplic of its realm by name or role, and is reached.
 *
 *   <realm>.gaplic.<name>     this gaplic's subject (a queue group of its name)
 *   <realm>.role.<role>       one per role, queue group <role>: a role is load-balanced
 *   <realm>.g.gaplic.<name>   guaranteed events: the JetStream stream <realm> holds them,
 *   <realm>.g.role.<role>     a durable consumer per gaplic name and per role reads them
 *
 * To the router, NATS is a route per destination (a gaplic name or a role), made on first
 * use and searched after every direct route (a WebSocket or worker route to the same
 * gaplic is preferred). Each route has its serials, window and queue as any; its link
 * (`links/nats.ts`) sends plain events as requests, whose reply is the receiver's answer,
 * and guaranteed ones to JetStream. The connection's ups and downs are the routes':
 *
 *   connected      routes up; EV_STATIC_ROUTE_OPENED { route: 'nats', transport: 'nats' }
 *   disconnected   plain events in flight are nacked (they may have been delivered),
 *                  guaranteed ones wait; new events wait in the routes' queues;
 *                  EV_STATIC_ROUTE_CLOSED (the client reconnects by itself)
 *   reconnected    routes up again; guaranteed events in flight are published again
 *   refused        (wrong credentials) the routes close, their events are nacked
 *
 * What comes in is handled from the gaplic's queue like any batch (`handle`): a request
 * is answered once its events were delivered (their actions ran), with the nacks and
 * subscription references; a guaranteed batch is acked to JetStream once its events were
 * delivered, and an event delivered again (after a crash, a lost ack, a publish repeated)
 * is recognized by its sender's session and serial and not applied twice.
 */
import { codedError } from '../errors.js';
import type { TimerHandle } from '../gobj/host.js';
import { NatsLink, type NatsLane } from '../links/nats.js';
import {
  NatsFailure,
  natsTransport,
  type NatsConnection,
  type NatsConsumerConfig,
  type NatsConsumption,
  type NatsMessage,
  type NatsOptions,
  type NatsStatus,
  type NatsStoredMessage,
  type NatsTransport,
} from '../links/nats-transport.js';
import { kFault, kLabel, kReportError } from '../symbols.js';
import { errorMessage } from '../util/error-text.js';
import { queueMicrotask } from '../util/host-services.js';
import { decodeBatch } from '../wire/compact.js';
import { decodeMessage } from '../wire/decode.js';
import type { EventMessage, WireMessage } from '../wire/messages.js';
import type { GRouter } from './grouter.js';
import { handleEvent } from './inbound.js';
import { bareRole, firstName } from './roles.js';
import type { Route } from './route.js';
import { parseNatsServers } from './router-config.js';

/** Where the connection stands. */
export type NatsState = 'off' | 'connecting' | 'up' | 'down' | 'failed' | 'stopped';

/** The name of the route of the connection in the router's events. */
export const NATS_ROUTE = 'nats';

/** Stored messages a consumer fetches ahead, and leaves unacked at most. */
const PREFETCH = 64;
const MAX_ACK_PENDING = 1024;
/** Seconds within which JetStream stores a message id once only. */
const DUPLICATE_WINDOW = 120;

/**
 * A gaplic name or role as one token of a subject (and of a consumer name): letters,
 * digits, `-` and `_` as they are, anything else `~` and its UTF-8 bytes in hex.
 */
export function subjectToken(name: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(name)) return name;
  return encodeURIComponent(name).replace(/[.!~*'()%]/g, (c) =>
    c === '%' ? '~' : `~${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The subjects of a realm. */
export function natsSubject(
  realm: string,
  kind: 'gaplic' | 'role',
  name: string,
  stored = false,
): string {
  return `${realm}${stored ? '.g' : ''}.${kind}.${subjectToken(name)}`;
}

/**
 * The event ids a consumer saw lately (`limit` at most, the oldest forgotten first): a
 * set, and a ring of the same ids in arrival order that says which one to forget (taking
 * the first of a Set that keeps losing its first would walk over every deleted entry).
 */
class SeenIds {
  readonly #ids = new Set<string>();
  readonly #ring: string[] = [];
  readonly #limit: number;
  #next = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    const ids = this.#ids;
    if (ids.has(id)) return false;
    ids.add(id);
    const ring = this.#ring;
    if (ring.length < this.#limit) {
      ring.push(id);
    } else {
      ids.delete(ring[this.#next]!);
      ring[this.#next] = id;
      this.#next = (this.#next + 1) % this.#limit;
    }
    return true;
  }
}

/** A NATS message that came in, handled from the gaplic's queue (`EV_INPUT_BATCH`). */
export class NatsInput {
  readonly messages: readonly unknown[];
  readonly session: string;
  /** Answers a plain request (null for a stored message). */
  readonly reply: ((text: string) => void) | null;
  /** A guaranteed batch: its message (acked once handled) and its consumer's ids. */
  readonly stored: { readonly message: NatsStoredMessage; readonly seen: SeenIds } | null;

  constructor(
    messages: readonly unknown[],
    session: string,
    reply: NatsInput['reply'],
    stored: NatsInput['stored'],
  ) {
    this.messages = messages;
    this.session = session;
    this.reply = reply;
    this.stored = stored;
  }
}

interface Envelope {
  readonly sender: string;
  readonly session: string;
  readonly messages: readonly unknown[];
}

/** `natsGuaranteed`: event names, or every event. */
function parseGuaranteed(text: string): ReadonlySet<string> | 'all' {
  const names = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return names.includes('*') ? 'all' : new Set(names);
}

export class NatsRoutes {
  readonly #router: GRouter;
  #state: NatsState = 'off';
  #transport: NatsTransport | null = null;
  #options: NatsOptions | null = null;
  #connection: NatsConnection | null = null;
  /** Why NATS carries nothing now (after a refusal), for the nacks. */
  #problem = '';
  /** Why guaranteed events cannot be sent (null: they can). */
  #storedProblem: string | null = 'JetStream is off for this router (natsJetStream = false)';
  #guaranteed: ReadonlySet<string> | 'all' = new Set();
  readonly #named = new Map<string, Route>();
  readonly #roles = new Map<string, Route>();
  readonly #links = new Map<Route, NatsLink>();
  readonly #seen = new Map<string, SeenIds>();
  #consumptions: NatsConsumption[] = [];
  #retry: TimerHandle | null = null;
  #ready: Promise<string> | null = null;
  /** When the connection was last made (the router's clock, seconds). */
  #upSince = 0;
  #settle: { resolve(url: string): void; reject(error: Error): void } | null = null;

  constructor(router: GRouter) {
    this.#router = router;
  }

  /** Where the connection stands ('off' without natsServers). */
  get state(): NatsState {
    return this.#state;
  }

  /**
   * Resolves with the server's URL once connected (and JetStream set up, with
   * natsJetStream); rejects when the server refuses the credentials or JetStream cannot
   * be set up; null without natsServers.
   */
  get ready(): Promise<string> | null {
    return this.#ready;
  }

  /** The server connected to (`nats://host:port`), while connected. */
  get server(): string | undefined {
    const connection = this.#connection;
    return connection !== null && this.#state === 'up' ? `nats://${connection.server}` : undefined;
  }

  /** Checks the configuration (throws coded errors) and starts connecting. */
  start(): void {
    const router = this.#router;
    const config = router.config;
    const servers = parseNatsServers(config.natsServers ?? '');
    if (servers.length === 0) return;
    const owner = router[kLabel]();
    const transport = natsTransport(owner);
    const options: NatsOptions = {
      servers,
      name: router.host.name,
      user: config.natsUser ?? '',
      password: config.natsPassword ?? '',
      token: config.natsToken ?? '',
      nkeySeed: config.natsNkeySeed ?? '',
      credsFile: config.natsCredsFile ?? '',
      tlsCa: config.natsTlsCa ?? '',
      tlsCert: config.natsTlsCert ?? '',
      tlsKey: config.natsTlsKey ?? '',
      timeout: config.identityTimeout,
      reconnectWait: config.natsReconnectWait,
      pingInterval: config.heartbeat > 0 ? config.heartbeat : 120,
    };
    transport.check(owner, options);
    this.#transport = transport;
    this.#options = options;
    this.#guaranteed = parseGuaranteed(config.natsGuaranteed ?? '');
    this.#state = 'connecting';
    this.#ready = new Promise<string>((resolve, reject) => (this.#settle = { resolve, reject }));
    // Whoever awaits `ready` sees the error; the fault is logged either way.
    this.#ready.catch(() => {});
    this.#connect();
  }

  /** Closes the connection; the routes were removed by the router. */
  async stop(): Promise<void> {
    if (this.#state === 'off' || this.#state === 'stopped') return;
    this.#state = 'stopped';
    if (this.#retry !== null) this.#router.host.removeTimeout(this.#retry);
    this.#retry = null;
    for (const consumption of this.#consumptions) consumption.stop();
    this.#consumptions = [];
    for (const link of this.#links.values()) link.close('router stopped');
    this.#links.clear();
    this.#named.clear();
    this.#roles.clear();
    const connection = this.#connection;
    this.#connection = null;
    await connection?.close();
  }

  /**
   * The route of a destination over NATS (made on first use): by gaplic name when one is
   * given, else by role; undefined when NATS cannot carry it.
   */
  routeFor(gaplicName: string, role: string): Route | undefined {
    const state = this.#state;
    if (state === 'off' || state === 'failed' || state === 'stopped') return undefined;
    const name = firstName(gaplicName);
    if (name !== '') return this.#route(name, '');
    const bare = bareRole(role);
    return bare !== '' ? this.#route('', bare) : undefined;
  }

  /** Why NATS carries nothing (a refusal), or ''. */
  get problem(): string {
    return this.#problem;
  }

  /** Handles an incoming NATS message (see the header); called from the gaplic's queue. */
  handle(route: Route, input: NatsInput): void {
    const router = this.#router;
    const stored = input.stored;
    const answers: WireMessage[] = [];
    for (const raw of input.messages) {
      const message = decodeMessage(raw);
      if (typeof message === 'string' || message.message_type !== '__event__') {
        const reason =
          typeof message === 'string' ? message : `'${message.message_type}' over NATS`;
        this.#malformed(route.name, reason);
        const { serial, event_name: name } = (raw ?? {}) as {
          serial?: unknown;
          event_name?: unknown;
        };
        if (stored === null && typeof serial === 'number') {
          answers.push({
            message_type: '__event_nack__',
            serial,
            event_name: typeof name === 'string' ? name : '',
            error_message: `malformed: ${reason}`,
          });
        }
        continue;
      }
      router.trace('in', route, message);
      route.counters.received++;
      if (stored !== null && !stored.seen.add(`${input.session}.${message.serial}`)) {
        route.counters.duplicates++; // delivered again: it was applied already
        continue;
      }
      const answer = handleEvent(router, route, message);
      if (answer === null) continue;
      if (stored === null) answers.push(answer);
      else if (answer.message_type === '__event_nack__') router.fail(message, answer.error_message);
    }
    if (stored !== null) {
      stored.message.ack();
      return;
    }
    for (const answer of answers) router.trace('out', route, answer);
    // On a microtask: an event sent in this turn in answer (a response, a promise that
    // continues) joins the reply in the connection's next write.
    const reply = input.reply;
    if (reply !== null) queueMicrotask(() => reply(JSON.stringify(answers)));
  }

  // ---- connecting ------------------------------------------------------------------

  #connect(): void {
    this.#transport!.connect(this.#options!).then(
      (connection) => {
        this.#connected(connection).catch((error: unknown) =>
          this.#router.host[kReportError](error, 'callback'),
        );
      },
      (error: unknown) => this.#connectFailed(error),
    );
  }

  #connectFailed(error: unknown): void {
    if (this.#state !== 'connecting') return;
    const failure =
      error instanceof NatsFailure ? error : new NatsFailure('other', errorMessage(error));
    if (failure.kind === 'auth') {
      this.#refused(failure);
      return;
    }
    const router = this.#router;
    const wait = router.config.natsReconnectWait;
    router[kFault](
      'NATS_CONNECT_FAILED',
      `${router[kLabel]()}: cannot connect to NATS at ${this.#where()}: ${failure.message}; next attempt in ${wait.toFixed(2)} s`,
      null,
    );
    this.#retry = router.host.addTimeout(wait, () => {
      this.#retry = null;
      if (this.#state === 'connecting') this.#connect();
    });
  }

  /** The server refused the credentials: nothing goes over NATS any more. */
  #refused(failure: NatsFailure): void {
    const router = this.#router;
    const text = `NATS at ${this.#where()} refused the credentials ${this.#who()}: ${failure.message}`;
    this.#state = 'failed';
    this.#problem = text;
    router[kFault](
      'NATS_AUTH_FAILED',
      `${router[kLabel]()}: ${text}; events for NATS are nacked`,
      null,
    );
    this.#settle?.reject(
      codedError('ROUTER_NATS_AUTH_FAILED', `${router[kLabel]()}: ${text}`, { cause: failure }),
    );
    this.#settle = null;
    const routes = [...this.#named.values(), ...this.#roles.values()];
    this.#named.clear();
    this.#roles.clear();
    for (const link of this.#links.values()) link.close(text);
    this.#links.clear();
    for (const route of routes) router.removeRoute(route, text);
    const connection = this.#connection;
    this.#connection = null;
    void connection?.close().catch(() => {});
  }

  async #connected(connection: NatsConnection): Promise<void> {
    if (this.#state !== 'connecting') {
      await connection.close();
      return;
    }
    this.#connection = connection;
    connection.onStatus((status) => this.#status(status));
    const router = this.#router;
    const host = router.host;
    const realm = this.#realm;
    if (host.name !== '') {
      const name = subjectToken(host.name);
      connection.subscribe(natsSubject(realm, 'gaplic', host.name), name, (m) => this.#incoming(m));
    }
    for (const role of host.roles) {
      connection.subscribe(natsSubject(realm, 'role', role), subjectToken(role), (m) =>
        this.#incoming(m),
      );
    }
    let jetStreamError: Error | null = null;
    if (router.config.natsJetStream) {
      try {
        await this.#setUpJetStream(connection);
        this.#storedProblem = null;
      } catch (error) {
        jetStreamError = this.#jetStreamFailed(error);
      }
    }
    try {
      await connection.flush(); // the server has our subscriptions: we can be reached
    } catch {
      // Lost meanwhile: the status says so.
    }
    if (this.#state !== 'connecting') return;
    this.#state = 'up';
    this.#upSince = router.host.clock.now();
    for (const route of [...this.#named.values(), ...this.#roles.values()])
      this.#attach(route, false);
    router.logger.info(`${router[kLabel]()}: connected to NATS at ${this.server!}`);
    this.#opened();
    if (jetStreamError !== null) this.#settle?.reject(jetStreamError);
    else this.#settle?.resolve(this.server!);
    this.#settle = null;
  }

  async #setUpJetStream(connection: NatsConnection): Promise<void> {
    const router = this.#router;
    const config = router.config;
    const realm = this.#realm;
    const maxAge = config.natsMaxAge;
    await connection.ensureStream({
      name: realm,
      subjects: [`${realm}.g.>`],
      maxAge,
      duplicateWindow: maxAge > 0 ? Math.min(DUPLICATE_WINDOW, maxAge) : DUPLICATE_WINDOW,
    });
    for (const consumer of this.#consumers()) {
      await connection.ensureConsumer(consumer);
      if (this.#state !== 'connecting' && this.#state !== 'up') return;
      this.#consumptions.push(
        await connection.consume(consumer, (m) => this.#storedIncoming(m, consumer.durable)),
      );
    }
  }

  /** The durable consumers of this gaplic: its name's, and one per role. */
  #consumers(): NatsConsumerConfig[] {
    const router = this.#router;
    const realm = this.#realm;
    const ackWait = router.config.natsAckWait;
    const host = router.host;
    const make = (kind: 'gaplic' | 'role', name: string): NatsConsumerConfig => ({
      stream: realm,
      durable: `${kind}_${subjectToken(name)}`,
      filter: natsSubject(realm, kind, name, true),
      ackWait,
      maxAckPending: MAX_ACK_PENDING,
      prefetch: PREFETCH,
    });
    return [
      ...(host.name !== '' ? [make('gaplic', host.name)] : []),
      ...host.roles.map((role) => make('role', role)),
    ];
  }

  #jetStreamFailed(error: unknown): Error {
    const router = this.#router;
    const text = `JetStream of NATS at ${this.#where()}: stream '${this.#realm}' or its consumers cannot be set up: ${errorMessage(error)}`;
    this.#storedProblem = text;
    router[kFault](
      'NATS_JETSTREAM_FAILED',
      `${router[kLabel]()}: ${text}; guaranteed events are nacked`,
      null,
    );
    return codedError('ROUTER_NATS_JETSTREAM_FAILED', `${router[kLabel]()}: ${text}`, {
      cause: error,
    });
  }

  // ---- the connection's ups and downs -------------------------------------------------

  #status(status: NatsStatus): void {
    const router = this.#router;
    switch (status.type) {
      case 'disconnect':
        this.#lost(`connection to NATS at ${status.server} lost`);
        break;
      case 'reconnect':
        this.#back();
        break;
      case 'error':
        router[kFault]('NATS_SERVER_ERROR', `${router[kLabel]()}: NATS: ${status.message}`, null);
        break;
      case 'slowConsumer':
        router[kFault](
          'NATS_SERVER_ERROR',
          `${router[kLabel]()}: NATS: messages on '${status.subject}' are read too slowly (${status.pending} pending); the server may drop some`,
          null,
        );
        break;
      case 'close':
        this.#closed(status.error);
        break;
    }
  }

  /** The connection is lost; the client reconnects by itself. */
  #lost(reason: string): void {
    if (this.#state !== 'up') return;
    const router = this.#router;
    this.#state = 'down';
    let plain = 0;
    let stored = 0;
    for (const [route, link] of this.#links) {
      const unanswered = link.unanswered;
      plain += unanswered;
      stored += route.inflight - unanswered;
    }
    const what = [
      ...(plain > 0 ? [`${plain} plain events in flight are nacked`] : []),
      ...(stored > 0 ? [`${stored} guaranteed events wait to be sent again`] : []),
    ];
    router[kFault](
      'NATS_LOST',
      `${router[kLabel]()}: ${reason}${what.length > 0 ? `; ${what.join(', ')}` : ''}`,
      null,
    );
    for (const [route, link] of this.#links) {
      route.suspend(); // what is in flight stays, for the next link
      link.close(reason); // its plain requests fail (nacked): they may have been delivered
    }
    this.#links.clear();
    router.notify('EV_STATIC_ROUTE_CLOSED', { route: NATS_ROUTE, reason, transport: 'nats' });
  }

  /** Connected again: the routes go up, guaranteed events in flight are published again. */
  #back(): void {
    if (this.#state !== 'down') return;
    const router = this.#router;
    this.#state = 'up';
    this.#upSince = router.host.clock.now();
    for (const route of [...this.#named.values(), ...this.#roles.values()])
      this.#attach(route, true);
    router.logger.info(`${router[kLabel]()}: connected to NATS again at ${this.server!}`);
    this.#opened();
    const connection = this.#connection;
    if (connection !== null && router.config.natsJetStream && this.#storedProblem === null) {
      // A server that restarted without its storage has lost the stream: set it up again.
      void this.#reSetUp(connection);
    }
  }

  async #reSetUp(connection: NatsConnection): Promise<void> {
    try {
      const config = this.#router.config;
      const maxAge = config.natsMaxAge;
      await connection.ensureStream({
        name: this.#realm,
        subjects: [`${this.#realm}.g.>`],
        maxAge,
        duplicateWindow: maxAge > 0 ? Math.min(DUPLICATE_WINDOW, maxAge) : DUPLICATE_WINDOW,
      });
      for (const consumer of this.#consumers()) await connection.ensureConsumer(consumer);
    } catch (error) {
      if (this.#state === 'up') this.#jetStreamFailed(error);
    }
  }

  /** The client closed the connection for good (not on our request). */
  #closed(error: NatsFailure | null): void {
    const state = this.#state;
    if (state === 'stopped' || state === 'failed' || state === 'off') return;
    if (state === 'up') this.#lost(`connection to NATS closed${error ? `: ${error.message}` : ''}`);
    for (const consumption of this.#consumptions) consumption.stop();
    this.#consumptions = [];
    this.#connection = null;
    if (error?.kind === 'auth') {
      this.#state = 'connecting';
      this.#refused(error);
      return;
    }
    // Start again with a new connection.
    this.#state = 'connecting';
    this.#retry = this.#router.host.addTimeout(this.#router.config.natsReconnectWait, () => {
      this.#retry = null;
      if (this.#state === 'connecting') this.#connect();
    });
  }

  #opened(): void {
    this.#router.notify('EV_STATIC_ROUTE_OPENED', {
      route: NATS_ROUTE,
      roles: [],
      url: this.server!,
      transport: 'nats',
    });
  }

  // ---- routes ----------------------------------------------------------------------

  #route(name: string, role: string): Route {
    const map = name !== '' ? this.#named : this.#roles;
    const key = name !== '' ? name : role;
    let route = map.get(key);
    if (route !== undefined) return route;
    route = this.#router.addRoute(null, {
      name,
      roles: role !== '' ? [role] : [],
      kind: 'nats',
    });
    map.set(key, route);
    if (this.#state === 'up') this.#attach(route, false);
    return route;
  }

  /** Puts `route` up on a link of the current connection (`again`: send what is in flight). */
  #attach(route: Route, again: boolean): void {
    const router = this.#router;
    const config = router.config;
    const realm = this.#realm;
    const name = route.name;
    const kind = name !== '' ? 'gaplic' : 'role';
    const target = name !== '' ? name : route.roles[0]!;
    const link = new NatsLink(
      this.#connection!,
      {
        sender: router.host.name,
        session: router.session,
        subject: natsSubject(realm, kind, target),
        storedSubject: natsSubject(realm, kind, target, true),
        timeout: config.natsRequestTimeout,
        idPrefix: `${router.session}.${route.id}`,
        lane: (message) => this.#lane(message),
        settling: () => router.host.clock.now() - this.#upSince < config.natsSettle,
      },
      {
        answered: (events, reply) => this.#answered(route, events, reply),
        stored: (events) => route.settle(events.map((e) => e.serial)),
        refused: (events, reason) => {
          for (const event of events) {
            const failed = route.nack(event.serial);
            if (failed !== undefined) router.fail(failed, reason);
          }
        },
      },
    );
    this.#links.set(route, link);
    if (again) {
      route.handshake(link, 'connecting');
      route.resume();
    } else {
      route.attach(link);
    }
  }

  #lane(message: EventMessage): NatsLane {
    const guaranteed =
      message.kw.__guaranteed__ === true ||
      this.#guaranteed === 'all' ||
      this.#guaranteed.has(message.event_name);
    if (!guaranteed) return 'plain';
    const problem = this.#storedProblem;
    return problem === null ? 'stored' : { refuse: `not stored: ${problem}` };
  }

  /** A receiver answered a request: its nacks fail their events, the others are acked. */
  #answered(route: Route, events: readonly EventMessage[], reply: string): void {
    const router = this.#router;
    let answers: unknown;
    try {
      answers = JSON.parse(reply);
    } catch {
      answers = null;
    }
    if (!Array.isArray(answers)) {
      const refused = (answers as { refused?: unknown } | null)?.refused;
      const reason =
        typeof refused === 'string'
          ? `refused by ${route.label}: ${refused}`
          : `the answer from ${route.label} over NATS is malformed: ${reply.slice(0, 80)}`;
      if (typeof refused !== 'string') this.#malformed(route.name, reason);
      for (const event of events) {
        const failed = route.nack(event.serial);
        if (failed !== undefined) router.fail(failed, reason);
      }
      return;
    }
    const acked = new Set(events.map((e) => e.serial));
    for (const raw of answers as unknown[]) {
      const answer = decodeMessage(raw);
      if (typeof answer === 'string') {
        this.#malformed(route.name, answer);
        continue;
      }
      router.trace('in', route, answer);
      if (answer.message_type === '__event_nack__') {
        acked.delete(answer.serial);
        const failed = route.nack(answer.serial);
        if (failed !== undefined) router.fail(failed, answer.error_message);
      } else if (answer.message_type === '__event_ack__' && typeof answer.reference === 'string') {
        const subscription = route.inflightAt(answer.serial);
        if (subscription?.kw.__subscribe_event__ === true)
          router.references.remember(subscription, answer.reference);
      }
    }
    route.settle(acked);
  }

  // ---- what comes in -----------------------------------------------------------------

  #incoming(message: NatsMessage): void {
    const envelope = this.#open(message.text(), message.subject);
    if (envelope === null) {
      message.respond(JSON.stringify({ refused: 'malformed NATS message' }));
      return;
    }
    const route = this.#route(envelope.sender, '');
    if (route.peerSession !== envelope.session) {
      // The sender restarted: its subscriptions to our gobjs went with it.
      if (route.peerSession !== '') this.#router.externals.removeRoute(route);
      route.peerSession = envelope.session;
    }
    this.#router.receive(
      route,
      new NatsInput(
        envelope.messages,
        envelope.session,
        (text) => void message.respond(text),
        null,
      ),
    );
  }

  #storedIncoming(message: NatsStoredMessage, consumer: string): void {
    const envelope = this.#open(message.text(), message.subject);
    if (envelope === null) {
      message.term(); // never readable: not delivered again
      return;
    }
    let seen = this.#seen.get(consumer);
    if (seen === undefined) {
      seen = new SeenIds(this.#router.config.natsDedup);
      this.#seen.set(consumer, seen);
    }
    this.#router.receive(
      this.#route(envelope.sender, ''),
      new NatsInput(envelope.messages, envelope.session, null, { message, seen }),
    );
  }

  /** The sender, session and messages of a NATS message, or null (logged). */
  #open(text: string, subject: string): Envelope | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.#malformed(`subject '${subject}'`, `not JSON (${errorMessage(error)})`, true);
      return null;
    }
    const { f, s, w, c } = (value ?? {}) as { f?: unknown; s?: unknown; w?: unknown; c?: unknown };
    const messages = w !== undefined ? w : c !== undefined ? decodeBatch(c) : undefined;
    if (typeof f !== 'string' || f === '' || typeof s !== 'string' || !Array.isArray(messages)) {
      this.#malformed(
        `subject '${subject}'`,
        'not a message of a ginsfsm router (sender, session and batch expected)',
        true,
      );
      return null;
    }
    return { sender: f, session: s, messages };
  }

  #malformed(from: string, reason: string, subject = false): void {
    const router = this.#router;
    router[kFault](
      'MESSAGE_MALFORMED',
      `${router[kLabel]()}: message from ${subject ? from : `'${from}'`} over NATS dropped: ${reason}`,
      null,
    );
  }

  // ---- texts -------------------------------------------------------------------------

  get #realm(): string {
    return this.#router.config.natsRealm ?? 'ginsfsm';
  }

  #where(): string {
    return this.#options!.servers.join(', ');
  }

  #who(): string {
    const o = this.#options!;
    if (o.credsFile !== '') return `of creds file '${o.credsFile}'`;
    if (o.nkeySeed !== '') return 'of the nkey';
    if (o.user !== '') return `of user '${o.user}'`;
    if (o.token !== '') return 'of the token';
    return '(none given)';
  }
}
