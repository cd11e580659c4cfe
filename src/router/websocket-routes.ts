/**
 * The WebSocket side of a router: the server that accepts peers (dynamic routes), the
 * connections it keeps to configured peers (static routes), the identity handshake
 * timers, the heartbeat, and what happens when a connection is lost:
 *
 *   static route lost    → suspended; events in flight are sent again after reconnecting
 *   dynamic route lost   → v2: suspended for `linger` seconds, for the peer to come back;
 *                          v1 (ginsfsm): removed, its events nacked
 *   peer back, same session   → resumes: the receiver drops what it already had
 *   peer back, new session    → it restarted: events in flight are nacked (they may or
 *                               may not have been handled), its subscriptions dropped
 */
import type { TimerHandle } from '../gobj/host.js';
import { CLOSE, WebSocketLink } from '../links/websocket.js';
import { kFault, kLabel } from '../symbols.js';
import { errorMessage } from '../util/error-text.js';
import { SUBPROTOCOL_V2, type ProtocolVersion } from '../wire/frames.js';
import type { IdentityCard } from '../wire/messages.js';
import { Connector } from './connector.js';
import type { GRouter } from './grouter.js';
import { cardFor } from './identity.js';
import type { Route } from './route.js';
import type { StaticRouteSpec } from './static-routes.js';
import { webSocketTransport, type WsServer, type WsSocket } from '../links/transport.js';

/** Per static route options besides the spec (default: the router's). */
export interface StaticRouteOptions {
  /** The token sent in the identity card. @default the router's authToken */
  readonly token?: string;
  /** The highest protocol offered (1: ginsfsm 0.7 only). @default the router's protocol */
  readonly protocol?: ProtocolVersion;
}

interface StaticState {
  readonly connector: Connector;
  readonly token: string;
  readonly protocol: ProtocolVersion;
  /** The handshake completed on the current link (its loss is reported). */
  opened: boolean;
}

export class WebSocketRoutes {
  readonly #router: GRouter;
  readonly #statics = new Map<Route, StaticState>();
  readonly #lingering = new Map<Route, TimerHandle>();
  #server: WsServer | null = null;
  #listening: Promise<WsServer> | null = null;
  #heartbeat: TimerHandle | null = null;
  #stopped = false;

  constructor(router: GRouter) {
    this.#router = router;
  }

  /** The server, once listening. */
  get server(): WsServer | null {
    return this.#server;
  }

  /** Resolves when the server listens (rejects when it cannot); null without `server`. */
  get listening(): Promise<WsServer> | null {
    return this.#listening;
  }

  /** Starts the server, the static routes of the config and the heartbeat. */
  start(statics: readonly StaticRouteSpec[]): void {
    const config = this.#router.config;
    if (config.server) {
      this.#listening = this.#listen();
      // Whoever awaits `listening` sees the error; the fault is logged either way.
      this.#listening.catch(() => {});
    }
    for (const spec of statics) this.addStatic(spec, {});
    if (config.heartbeat > 0) {
      const period = Math.min(config.heartbeat, config.heartbeatTimeout) / 2;
      this.#heartbeat = this.#router.host.addTimeout(period, () => this.#beat(), true);
    }
  }

  /** Stops everything: connections are closed, the server stops listening. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const host = this.#router.host;
    if (this.#heartbeat !== null) host.removeTimeout(this.#heartbeat);
    for (const timer of this.#lingering.values()) host.removeTimeout(timer);
    this.#lingering.clear();
    for (const state of this.#statics.values()) state.connector.stop();
    for (const route of this.#router.routes) {
      if (route.link instanceof WebSocketLink)
        route.link.closeWith(CLOSE.goingAway, 'router stopped');
    }
    const server = this.#server ?? (await this.#listening?.catch(() => null)) ?? null;
    this.#server = null;
    await server?.close();
  }

  /** Adds a route we connect to. */
  addStatic(spec: StaticRouteSpec, options: StaticRouteOptions): Route {
    webSocketTransport(); // throws ROUTER_NO_WEBSOCKET before any route is made
    const router = this.#router;
    const route = router.addRoute(null, { name: spec.name, roles: spec.roles, kind: 'static' });
    const config = router.config;
    const connector = new Connector(spec.urls, {
      open: (url, done) => this.#open(route, url, done),
      later: (seconds, callback) => router.host.addTimeout(seconds, callback),
      cancel: (timer) => router.host.removeTimeout(timer),
      reconnectMin: config.reconnectMin,
      reconnectMax: config.reconnectMax,
      failed: (url, reason, retryIn) =>
        router[kFault](
          'ROUTE_CONNECT_FAILED',
          `${router[kLabel]()}: cannot connect to '${spec.name}' at ${url}: ${reason}; next attempt in ${retryIn.toFixed(2)} s`,
          null,
        ),
    });
    this.#statics.set(route, {
      connector,
      token: options.token ?? config.authToken ?? '',
      protocol: options.protocol ?? (config.protocol as ProtocolVersion),
      opened: false,
    });
    if (!this.#stopped) connector.connect();
    return route;
  }

  /** Stops reconnecting a static route that is removed. */
  forget(route: Route): void {
    this.#statics.get(route)?.connector.stop();
    this.#statics.delete(route);
    const timer = this.#lingering.get(route);
    if (timer !== undefined) this.#router.host.removeTimeout(timer);
    this.#lingering.delete(route);
  }

  /** The token our card carries on `route`. */
  tokenOf(route: Route): string {
    return this.#statics.get(route)?.token ?? this.#router.config.authToken ?? '';
  }

  /** Who is at the other end of `route`, for messages. */
  peerOf(route: Route): string {
    const link = route.link;
    return link instanceof WebSocketLink ? link.socket.peer : `'${route.name}'`;
  }

  /** The URL a static route is connected (or connecting) to. */
  urlOf(route: Route): string | undefined {
    return this.#statics.get(route)?.connector.url;
  }

  /** Closes a connection still in its handshake; the pending route is dropped. */
  refuse(route: Route, code: number, reason: string): void {
    const link = route.link;
    this.#router.forgetRoute(route);
    if (link instanceof WebSocketLink) link.closeWith(code, reason);
  }

  /**
   * A peer presented a valid card on the server's pending route: the route it gets (its
   * route again when it comes back, the pending one made its own otherwise).
   */
  admit(pending: Route, card: IdentityCard): Route {
    const router = this.#router;
    const link = pending.link as WebSocketLink;
    const name = card.my_gaplic_name !== '' ? card.my_gaplic_name : `^${link.socket.peer}`;
    const known = router.routes.find(
      (r) =>
        r !== pending &&
        r.kind === 'dynamic' &&
        r.name === name &&
        r.state !== 'closed' &&
        r.state !== 'admitting',
    );
    let route = pending;
    if (known !== undefined) {
      router.forgetRoute(pending);
      const timer = this.#lingering.get(known);
      if (timer !== undefined) router.host.removeTimeout(timer);
      this.#lingering.delete(known);
      const old = known.link;
      known.suspend();
      if (old instanceof WebSocketLink)
        old.closeWith(CLOSE.policy, 'replaced by a new connection of the same gaplic');
      known.protocol = pending.protocol;
      router.bind(known, link);
      known.handshake(link, 'admitting');
      route = known;
    } else {
      pending.name = name;
      router.notify('EV_NEW_DYNAMIC_ROUTE', { gaplic_name: name, roles: [...card.my_roles] });
    }
    route.roles = card.my_roles;
    this.continueSession(route, card.session);
    if (card.max_frame !== undefined) this.limitFrame(route, card.max_frame);
    return route;
  }

  /** After a handshake: a peer with another session restarted and forgot what it had. */
  continueSession(route: Route, session: string | undefined): void {
    const next = route.protocol === 2 ? (session ?? '') : '';
    if (route.protocol === 2 && route.peerSession !== '' && route.peerSession !== next) {
      this.#router.externals.removeRoute(route);
      route.lastIn = 0;
      route.failInflight(`'${route.name}' restarted; it may not have handled the event`);
    }
    if (route.protocol === 1) route.lastIn = 0;
    route.peerSession = next;
  }

  /** Frames sent on `route` stay within the peer's limit too. */
  limitFrame(route: Route, peerMax: number): void {
    const link = route.link;
    if (link instanceof WebSocketLink)
      link.maxFrame = Math.min(this.#router.config.maxFrame, peerMax);
  }

  /** A static route completed its handshake. */
  opened(route: Route): void {
    const state = this.#statics.get(route);
    if (state === undefined) return;
    state.opened = true;
    state.connector.established();
    this.#router.notify('EV_STATIC_ROUTE_OPENED', {
      route: route.name,
      roles: [...route.roles],
      url: state.connector.url,
    });
  }

  async #listen(): Promise<WsServer> {
    const router = this.#router;
    const config = router.config;
    try {
      const server = await webSocketTransport().listen(
        {
          host: config.host ?? '127.0.0.1',
          port: config.port,
          maxFrame: config.maxFrame,
          protocols: config.protocol >= 2 ? [SUBPROTOCOL_V2] : [],
          ...(config.tlsCert ? { tls: { cert: config.tlsCert, key: config.tlsKey ?? '' } } : {}),
        },
        (socket) => this.#accept(socket),
      );
      if (this.#stopped) {
        await server.close();
        return server;
      }
      this.#server = server;
      router.logger.info(`${router[kLabel]()}: listening on ${server.url}`);
      return server;
    } catch (error) {
      router[kFault]('LISTEN_FAILED', `${router[kLabel]()}: ${errorMessage(error)}`, null, error);
      throw error;
    }
  }

  /** A peer connected to our server: a pending route until its identity card. */
  #accept(socket: WsSocket): void {
    if (this.#stopped) {
      socket.close(CLOSE.goingAway, 'router stopped');
      return;
    }
    const router = this.#router;
    const protocol: ProtocolVersion = socket.protocol === SUBPROTOCOL_V2 ? 2 : 1;
    const link = new WebSocketLink(socket, protocol, router.config.maxFrame);
    const route = router.addRoute(null, { kind: 'dynamic' });
    route.protocol = protocol;
    this.#handshake(route, link, 'admitting');
  }

  /** Opens a static route's connection; `done(null)` once open, `done(reason)` if not. */
  #open(route: Route, url: string, done: (failure: string | null) => void): () => void {
    const router = this.#router;
    const state = this.#statics.get(route)!;
    const config = router.config;
    return webSocketTransport().connect(
      url,
      {
        protocols: state.protocol >= 2 ? [SUBPROTOCOL_V2] : [],
        maxFrame: config.maxFrame,
        timeout: config.identityTimeout,
        ...(config.tlsCa ? { ca: config.tlsCa } : {}),
      },
      {
        open: (socket) => {
          done(null);
          if (this.#stopped || route.state === 'closed') {
            socket.close(CLOSE.goingAway, 'router stopped');
            return;
          }
          const protocol: ProtocolVersion = socket.protocol === SUBPROTOCOL_V2 ? 2 : 1;
          const link = new WebSocketLink(socket, protocol, config.maxFrame);
          route.protocol = protocol;
          this.#handshake(route, link, 'connecting');
          const card = cardFor(router, route, '__identity_card__', state.token);
          route.advertised = card.my_roles.join('+');
          route.sendControl(card);
        },
        fail: (reason) => done(reason),
      },
    );
  }

  /** Binds `link` to `route` for its handshake, which must end within identityTimeout. */
  #handshake(route: Route, link: WebSocketLink, state: 'admitting' | 'connecting'): void {
    const router = this.#router;
    router.bind(route, link);
    route.handshake(link, state);
    link.lastHeard = router.host.clock.now();
    const seconds = router.config.identityTimeout;
    router.host.addTimeout(seconds, () => {
      if (route.link !== link || route.state !== state) return;
      const what = state === 'admitting' ? 'identity card' : 'identity card ack';
      router[kFault](
        'HANDSHAKE_TIMEOUT',
        `${router[kLabel]()}: no ${what} from ${link.socket.peer} within ${seconds} s; connection closed`,
        null,
      );
      link.closeWith(CLOSE.policy, `no ${what} within ${seconds} s`);
    });
    void link.closed.then((reason) => this.#lost(route, link, reason));
  }

  /** A link is down: what becomes of its route depends on its kind (see the header). */
  #lost(route: Route, link: WebSocketLink, reason: string): void {
    if (route.link !== link) return; // replaced, or the route already went
    const router = this.#router;
    if (route.state === 'admitting') {
      router.forgetRoute(route);
      return;
    }
    const wasUp = route.state === 'up';
    // A peer that closes on purpose says so (1000, or 1001 when its router stops): it
    // left, nothing broke.
    const left = link.peerCloseCode === CLOSE.normal || link.peerCloseCode === CLOSE.goingAway;
    const state = this.#statics.get(route);
    if (state !== undefined) {
      router.suspendRoute(route, reason, left);
      const established = state.opened;
      if (established) {
        state.opened = false;
        router.notify('EV_STATIC_ROUTE_CLOSED', { route: route.name, reason });
      }
      state.connector.lost(established, `closed during the handshake: ${reason}`);
      return;
    }
    const linger = router.config.linger;
    if (left) {
      router.removeRoute(route, 'stopped');
    } else if (route.protocol === 2 && linger > 0 && wasUp && !this.#stopped) {
      router.suspendRoute(route, reason);
      this.#lingering.set(
        route,
        router.host.addTimeout(linger, () => {
          this.#lingering.delete(route);
          if (route.state === 'holding') {
            router.removeRoute(route, `'${route.name}' did not come back within ${linger} s`);
          }
        }),
      );
    } else {
      router.removeRoute(route, reason);
    }
    router.notify('EV_DYNAMIC_ROUTE_CLOSED', { route: route.name, reason });
  }

  /** The heartbeat: ping the silent, drop the dead. */
  #beat(): void {
    const router = this.#router;
    const now = router.host.clock.now();
    const { heartbeat, heartbeatTimeout } = router.config;
    for (const route of router.routes) {
      const link = route.link;
      if (!(link instanceof WebSocketLink) || !link.open) continue;
      if (link.takeHeard()) link.lastHeard = now;
      const silence = now - link.lastHeard;
      // A socket that cannot ping (a browser's) cannot tell silence from death: TCP will.
      if (silence >= heartbeat && !link.socket.ping()) {
        link.lastHeard = now;
        continue;
      }
      if (silence >= heartbeatTimeout) {
        router[kFault](
          'HEARTBEAT_TIMEOUT',
          `${router[kLabel]()}: '${route.name}' (${link.socket.peer}) silent for ${silence.toFixed(1)} s; connection dropped`,
          null,
        );
        link.terminate(`no answer for ${silence.toFixed(1)} s`);
      }
    }
  }
}
