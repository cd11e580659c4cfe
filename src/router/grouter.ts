/**
 * GRouter: the unique `router` gobj of a gaplic, through which its gobjs reach gobjs of
 * other gaplics (ginsfsm's GRouter). It keeps one route per peer gaplic, each over a
 * link — a worker's port or IPC channel, a WebSocket to another host (see
 * `websocket-routes.ts`: the server, static and dynamic routes, reconnection), or NATS
 * (see `nats-routes.ts`: a route per gaplic name or role reached over a NATS server) — and
 * sends the events of `sendEventOutside`, delivers the events that come in for its own
 * gobjs, forwards the others one hop closer (store and forward), serves subscriptions of
 * remote gobjs and their responses, and turns every event that cannot be delivered into
 * an `EV_NACK` for the gobj that sent it.
 *
 * Incoming batches are handled from the gaplic's queue (an `EV_INPUT_BATCH` event), so a
 * remote event runs to completion like a local one; its kw carries where it came from in
 * `kw.__intra_event__` (see `originOf`).
 */
import type { GAplic } from '../gaplic/gaplic.js';
import { setOutsidePort } from '../gaplic/outside.js';
import type { GEvent, Kw } from '../gobj/gevent.js';
import type { GObjHost } from '../gobj/host.js';
import { GObj } from '../gobj/gobj.js';
import type { Link } from '../links/link.js';
import type { WsServer } from '../links/transport.js';
import { CLOSE, WebSocketLink } from '../links/websocket.js';
import { kDepth, kFault, kHost, kLabel, kReportError } from '../symbols.js';
import { errorMessage } from '../util/error-text.js';
import type { EventMessage } from '../wire/messages.js';
import { ExternalSubscriptions, newReference } from './external.js';
import { handleBatch } from './inbound.js';
import { gobjReport, gobjsReport, type GObjReport, type GObjsReport } from './inspect.js';
import { failEvent, nackLocal } from './notify.js';
import { routesReport, type RouteReport } from './report.js';
import { SubscriptionReferences } from './references.js';
import { NatsInput, NatsRoutes } from './nats-routes.js';
import { firstName } from './roles.js';
import { RouteTable } from './route-table.js';
import { Route, type QueuePolicy, type RouteKind, type RouteLimits } from './route.js';
import { ROUTER_GCONFIG } from './router-config.js';
import { checkStaticRoute, parseStaticRoutes } from './static-routes.js';
import { WebSocketRoutes, type StaticRouteOptions } from './websocket-routes.js';

function acInputBatch(router: GRouter, event: GEvent): void {
  const route = event.kw.route as Route;
  if (event.kw.posted === true && --route.pendingInput === 0) pauseInput(route, false);
  const batch = event.kw.batch;
  if (batch instanceof NatsInput) router.nats.handle(route, batch);
  else handleBatch(router, route, batch);
}

function acShowRoutes(router: GRouter, _event: GEvent): RouteReport {
  return router.report();
}

function acShowGObjs(router: GRouter, _event: GEvent): GObjsReport {
  return gobjsReport(router);
}

function acShowGObj(router: GRouter, event: GEvent): GObjReport | null {
  return gobjReport(router, String(event.kw.gobj));
}

function acAddStaticRoute(router: GRouter, event: GEvent): number {
  const { name, roles, urls, token, protocol } = event.kw;
  return router.addStaticRoute({
    name: name as string,
    roles: roles as string[],
    urls: urls as string[],
    ...(typeof token === 'string' ? { token } : {}),
    ...(protocol === 1 || protocol === 2 ? { protocol } : {}),
  }).id;
}

const fsm = {
  eventList: [
    'EV_INPUT_BATCH: bottom input',
    'EV_SHOW_ROUTES: top input',
    'EV_SHOW_GOBJS: top input',
    'EV_SHOW_GOBJ: top input',
    'EV_ADD_STATIC_ROUTE: top input',
    'EV_NEW_DYNAMIC_ROUTE: top output',
    'EV_STATIC_ROUTE_OPENED: top output',
    'EV_STATIC_ROUTE_CLOSED: top output',
    'EV_DYNAMIC_ROUTE_CLOSED: top output',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_INPUT_BATCH', acInputBatch, null],
      ['EV_SHOW_ROUTES', acShowRoutes, null],
      ['EV_SHOW_GOBJS', acShowGObjs, null],
      ['EV_SHOW_GOBJ', acShowGObj, null],
      ['EV_ADD_STATIC_ROUTE', acAddStaticRoute, null],
    ],
  },
} as const;

/** Batches waiting in the queue beyond which a WebSocket route stops reading its peer. */
const MAX_PENDING_INPUT = 16;

/** How a route is added. */
export interface RouteSpec {
  /** The peer gaplic's name and roles (an identity card updates them). */
  readonly name?: string;
  readonly roles?: readonly string[];
  /** The default route: where events go that no other route serves (a worker's main). */
  readonly upstream?: boolean;
  /** Flow-control limits (default: the router's `window`, `maxQueue` and `queuePolicy`). */
  readonly limits?: Partial<RouteLimits>;
  /** @internal What made the route. @default 'link' */
  readonly kind?: RouteKind;
}

/** A static route given as data (`addStaticRoute`, `EV_ADD_STATIC_ROUTE`). */
export interface StaticRouteInput extends StaticRouteOptions {
  /** The peer gaplic's name ('' to take the one it announces). */
  readonly name: string;
  readonly roles?: readonly string[];
  /** `ws://` or `wss://` URLs of the peer, tried in turn. */
  readonly urls: readonly string[];
}

export class GRouter extends GObj<typeof fsm, typeof ROUTER_GCONFIG> {
  static override fsm = fsm;
  static override gconfig = ROUTER_GCONFIG;
  readonly #table = new RouteTable();
  /** @internal Subscriptions of remote gobjs to local ones. */
  readonly externals = new ExternalSubscriptions();
  /** @internal The references of our subscriptions to remote gobjs. */
  readonly references = new SubscriptionReferences();
  /** This router's session: a new one each time it starts (v2 peers tell a restart by it). */
  readonly session = newReference();
  /** @internal The WebSocket side: server, static and dynamic routes. */
  readonly websockets = new WebSocketRoutes(this);
  /** The NATS side: the connection and a route per gaplic name or role reached there. */
  readonly nats = new NatsRoutes(this);
  readonly #natsRoute = (name: string, role: string): Route | undefined =>
    this.nats.routeFor(name, role);

  override startUp(): void {
    // First: a NATS configuration that cannot be used throws before anything starts.
    this.nats.start();
    this.websockets.start(parseStaticRoutes(this.config.staticRoutes ?? ''));
  }

  override goOut(): void {
    for (const route of this.routes) {
      route.flushNow(); // the acks and answers of the last turn still leave
      this.removeRoute(route, 'stopped');
    }
    this.websockets.stop().catch((error: unknown) => this.host[kReportError](error, 'callback'));
    this.nats.stop().catch((error: unknown) => this.host[kReportError](error, 'callback'));
  }

  /** Resolves with the server once it listens (`server = true`), else null. */
  get listening(): Promise<WsServer> | null {
    return this.websockets.listening;
  }

  /**
   * Resolves with the NATS server's URL once connected (and JetStream set up, with
   * `natsJetStream`); rejects with `ROUTER_NATS_AUTH_FAILED` or
   * `ROUTER_NATS_JETSTREAM_FAILED`; null without `natsServers`.
   */
  get natsReady(): Promise<string> | null {
    return this.nats.ready;
  }

  /** Adds a route to a peer we connect to over WebSocket (ginsfsm's EV_ADD_STATIC_ROUTE). */
  addStaticRoute(input: StaticRouteInput): Route {
    const spec = checkStaticRoute(input);
    return this.websockets.addStatic(spec, {
      ...(input.token !== undefined ? { token: input.token } : {}),
      ...(input.protocol !== undefined ? { protocol: input.protocol } : {}),
    });
  }

  /** The gaplic this router serves. */
  get host(): GAplic {
    return this[kHost] as unknown as GAplic;
  }

  /** The routes, in the order they were added. */
  get routes(): readonly Route[] {
    return this.#table.list;
  }

  /** Adds a route to a peer over `link` (or held, with no link yet, when `link` is null). */
  addRoute(link: Link | null, spec: RouteSpec = {}): Route {
    const limits = {
      window: this.config.window,
      maxQueue: this.config.maxQueue,
      queuePolicy: (this.config.queuePolicy ?? 'nack') as QueuePolicy,
      ...spec.limits,
    };
    const route = new Route(
      spec.name ?? '',
      spec.roles ?? [],
      spec.upstream === true,
      limits,
      (m, r) => this.fail(m, r),
      spec.kind,
    );
    route.tracer = (batch) => {
      if (this.config.traceRouter) for (const message of batch) this.trace('out', route, message);
    };
    this.#table.add(route);
    if (link !== null) this.attach(route, link);
    return route;
  }

  /** Puts `route` up on `link`: incoming batches are handled, the identity card is sent. */
  attach(route: Route, link: Link): void {
    this.bind(route, link);
    route.attach(link);
    route.sendControl({
      message_type: '__identity_card__',
      my_gaplic_name: this.host.name,
      my_roles: [...this.host.roles],
      protocol: 2,
    });
  }

  /** @internal Routes what `link` receives to `route` (while it is the route's link). */
  bind(route: Route, link: Link): void {
    link.onReceive((batch) => {
      if (route.link === link) postBatch(this, route, batch);
    });
    if (link instanceof WebSocketLink) {
      link.onReject((message, reason) => {
        const failed =
          message.message_type === '__event__' ? route.nack(message.serial) : undefined;
        // Its kw cannot go back either.
        if (failed !== undefined) this.fail(failed, `cannot be sent: ${reason}`, false);
      });
    }
  }

  /** @internal Hands a batch received on `route` to the router (from the event loop). */
  receive(route: Route, batch: unknown): void {
    postBatch(this, route, batch);
  }

  /** @internal A route that never carried anything (a refused or merged connection). */
  forgetRoute(route: Route): void {
    this.#table.delete(route);
    this.websockets.forget(route);
    route.close('forgotten');
  }

  /**
   * @internal The link of `route` is lost; its peer may come back. `left`: the peer
   * closed it on purpose (it stopped), which is no fault.
   */
  suspendRoute(route: Route, reason: string, left = false): void {
    const waiting = route.inflight;
    if (left) {
      this.logger.info(`${this[kLabel]()}: '${route.name}' closed the connection (${reason})`);
    } else if (route.state === 'up') {
      this[kFault](
        'LINK_LOST',
        `${this[kLabel]()}: connection to '${route.name}' lost (${reason})${waiting > 0 ? `; ${waiting} events in flight wait to be sent again` : ''}`,
        null,
      );
    }
    route.suspend();
  }

  /** @internal Broadcasts a router output event on the next turn of the loop. */
  notify(
    event:
      | 'EV_NEW_DYNAMIC_ROUTE'
      | 'EV_STATIC_ROUTE_OPENED'
      | 'EV_STATIC_ROUTE_CLOSED'
      | 'EV_DYNAMIC_ROUTE_CLOSED',
    kw: Kw,
  ): void {
    this.host.addCallback(() => {
      if (!this.destroyed) (this as GObj).broadcastEvent(event, kw);
    });
  }

  /** The peer of `route` will come back (a worker restarting): in-flight events fail. */
  hold(route: Route, reason: string): void {
    this.externals.removeRoute(route);
    this.#down(route, reason);
    route.hold(reason);
  }

  /** @internal `gaplic` sent an event that came through `route` (it is behind it). */
  learn(gaplic: string, route: Route): void {
    this.#table.learn(gaplic, route);
  }

  /** The peer of `route` is gone: everything it holds fails and the route is removed. */
  removeRoute(route: Route, reason: string): void {
    this.externals.removeRoute(route);
    this.#down(route, reason);
    this.#table.delete(route);
    this.websockets.forget(route);
    const link = route.link;
    route.close(reason);
    if (link instanceof WebSocketLink) {
      link.closeWith(reason === 'stopped' ? CLOSE.goingAway : CLOSE.normal, reason);
    }
  }

  #down(route: Route, reason: string): void {
    const lost = route.inflight;
    // A route closed on purpose with nothing in flight is no fault.
    if (route.state !== 'up' || (lost === 0 && reason === 'stopped')) return;
    this[kFault](
      'ROUTE_DOWN',
      `${this[kLabel]()}: route to '${route.name}' is down (${reason})${lost > 0 ? `; ${lost} events in flight are nacked` : ''}`,
      null,
    );
  }

  /** The route for a destination (see `route-table.ts`), never `except`. */
  search(gaplicName: string, role: string, except: Route | null = null): Route | undefined {
    return this.#table.search(
      gaplicName,
      role,
      except,
      this.config.defaultRoute ?? '',
      this.nats.state === 'off' ? null : this.#natsRoute,
    );
  }

  /** True when an event for (gaplic, role) is for this gaplic (ginsfsm: name or role). */
  isMine(gaplicName: string, role: string): boolean {
    const host = this.host;
    return (
      (gaplicName !== '' && firstName(gaplicName) === host.name) ||
      (role !== '' && host.roles.includes(role))
    );
  }

  /** @internal Sends an event of a local gobj (already checked by the gaplic). */
  sendOutside(
    gaplicName: string,
    role: string,
    gobjName: string,
    eventName: string,
    subscriber: string,
    originRole: string,
    kw: Kw,
  ): void {
    if (kw.__unsubscribe_event__ === true) {
      this.references.attach(gaplicName, role, gobjName, eventName, subscriber, kw);
    }
    const message: EventMessage = {
      message_type: '__event__',
      serial: 0,
      event_name: eventName,
      destination_gaplic: gaplicName,
      destination_role: role,
      destination_gobj: gobjName,
      origin_gaplic: this.host.name,
      origin_role: originRole,
      origin_gobj: subscriber,
      kw,
    };
    this.send(message, null);
  }

  /** @internal Sends `message` on the route serving its destination, or fails it. */
  send(message: EventMessage, except: Route | null): void {
    const route = this.search(message.destination_gaplic, message.destination_role, except);
    if (route === undefined) {
      const nats = this.nats.problem;
      this.fail(
        message,
        `no route to gaplic '${message.destination_gaplic}' or role '${message.destination_role}'${nats !== '' ? ` (${nats})` : ''}`,
      );
      return;
    }
    route.send(message);
  }

  /**
   * @internal An event that cannot be delivered: its sender gets `EV_NACK` (see
   * `notify.ts`).
   */
  fail(message: EventMessage, reason: string, withKw = true): void {
    failEvent(this, message, reason, withKw);
  }

  /** @internal Posts `EV_NACK` to a local subscriber, or reports why it cannot take it. */
  nackLocal(subscriber: string, kw: Kw): void {
    nackLocal(this, subscriber, kw);
  }

  /** @internal Delivers an event to a local gobj, as a nested call; its result. */
  deliver(gobj: GObj, message: EventMessage): unknown {
    try {
      return this.sendEvent(gobj, message.event_name, message.kw);
    } catch (error) {
      this.host[kReportError](error, 'event');
      return new DeliveryFailure(
        `'${message.event_name}' to ${gobj[kLabel]()} threw: ${errorMessage(error)}`,
      );
    }
  }

  /** @internal Logs one message in or out (as it crosses the link) when `traceRouter` is on. */
  trace(direction: 'in' | 'out', route: Route, message: unknown): void {
    if (!this.config.traceRouter) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      text = `(cannot be shown: ${String(error)})`;
    }
    this.logger.info(
      `${this.host.name || this[kLabel]()} ${direction === 'in' ? '<-' : '->'} '${route.name}' ${text}`,
    );
  }

  /** The routes report. */
  report(): RouteReport {
    return routesReport(this);
  }
}

/**
 * Hands an incoming batch to the router. A transport delivers it from the event loop,
 * never inside an action: when the gaplic runs and nothing waits in its queue, the batch
 * is handled at once (the order the queue would give, one hop of the loop less per
 * message); otherwise it waits in the queue behind what was posted before.
 */
function postBatch(router: GRouter, route: Route, batch: unknown): void {
  const host = router.host;
  if (host.running && host.queueLength === 0 && host[kDepth] === 0) {
    router.sendEvent(router, 'EV_INPUT_BATCH', { route, batch });
  } else {
    router.postEvent(router, 'EV_INPUT_BATCH', { route, batch, posted: true });
    if (++route.pendingInput === MAX_PENDING_INPUT) pauseInput(route, true);
  }
}

/** A WebSocket route whose batches pile up in the queue stops reading until they are handled. */
function pauseInput(route: Route, paused: boolean): void {
  const link = route.link;
  if (link instanceof WebSocketLink) link.pauseInput(paused);
}

/** What `deliver` returns when the action threw (the event is then nacked). */
export class DeliveryFailure {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

/** The router of `gaplic`: its unique gobj `router`, created on first use. */
export function routerOf(gaplic: GAplic | GObjHost): GRouter {
  const found = gaplic.findUniqueGObj('router');
  if (found instanceof GRouter) return found;
  // A gobj's host (`gobj.gaplic`) is its GAplic.
  const host = gaplic as GAplic;
  return host.createGObj('router', GRouter, host, { uniqueName: true });
}

setOutsidePort(routerOf);
