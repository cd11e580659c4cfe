/**
 * GRouter: the unique `router` gobj of a gaplic, through which its gobjs reach gobjs of
 * other gaplics (ginsfsm's GRouter). It keeps one route per peer gaplic, each over a
 * link; it sends the events of `sendEventOutside`, delivers the events that come in for
 * its own gobjs, forwards the others one hop closer (store and forward), serves
 * subscriptions of remote gobjs and their responses, and turns every event that cannot
 * be delivered into an `EV_NACK` for the gobj that sent it.
 *
 * Incoming batches are handled from the gaplic's queue (an `EV_INPUT_BATCH` event), so a
 * remote event runs to completion like a local one; its kw carries where it came from in
 * `kw.__intra_event__` (see `originOf`).
 */
import type { GAplic } from '../gaplic/gaplic.js';
import { setOutsidePort } from '../gaplic/outside.js';
import type { GEvent, Kw } from '../gobj/gevent.js';
import { GObj } from '../gobj/gobj.js';
import type { GConfigTemplate } from '../gconfig/template.js';
import type { Link } from '../links/link.js';
import { kDepth, kFault, kHost, kLabel, kReportError } from '../symbols.js';
import { errorMessage } from '../util/error-text.js';
import type { EventMessage } from '../wire/messages.js';
import { ExternalSubscriptions } from './external.js';
import { handleBatch } from './inbound.js';
import { isNotifiable, nackKw } from './notify.js';
import {
  DEFAULT_LIMITS,
  Route,
  type RouteCounters,
  type RouteLimits,
  type RouteState,
} from './route.js';

function acInputBatch(router: GRouter, event: GEvent): void {
  handleBatch(router, event.kw.route as Route, event.kw.batch);
}

function acShowRoutes(router: GRouter, _event: GEvent): RouteReport {
  return router.report();
}

const fsm = {
  eventList: ['EV_INPUT_BATCH: bottom input', 'EV_SHOW_ROUTES: top input'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_INPUT_BATCH', acInputBatch, null],
      ['EV_SHOW_ROUTES', acShowRoutes, null],
    ],
  },
} as const;

const gconfig = {
  window: {
    type: 'int',
    default: DEFAULT_LIMITS.window,
    description: 'Events in flight per route before the others wait',
    validate: (n: number) => positive(n),
  },
  maxQueue: {
    type: 'int',
    default: DEFAULT_LIMITS.maxQueue,
    description: 'Events waiting per route; beyond it an event is nacked to its sender',
    validate: (n: number) => positive(n),
  },
  traceRouter: { type: 'bool', default: false, description: 'Log every message in and out' },
} as const satisfies GConfigTemplate;

function positive(n: number): number {
  if (n < 1) throw new Error('must be >= 1');
  return n;
}

/** One route, as the routes report shows it. */
export interface RouteInfo {
  readonly name: string;
  readonly roles: readonly string[];
  readonly state: RouteState;
  readonly upstream: boolean;
  readonly inflight: number;
  readonly queued: number;
  readonly counters: Readonly<RouteCounters>;
}

/** The routes report (`EV_SHOW_ROUTES`, answerable remotely). */
export interface RouteReport {
  readonly gaplic: string;
  readonly roles: readonly string[];
  readonly routes: readonly RouteInfo[];
  readonly externalSubscriptions: number;
}

/** How a route is added. */
export interface RouteSpec {
  /** The peer gaplic's name and roles (an identity card updates them). */
  readonly name?: string;
  readonly roles?: readonly string[];
  /** The default route: where events go that no other route serves (a worker's main). */
  readonly upstream?: boolean;
  /** Flow-control limits (default: the router's `window` and `maxQueue`). */
  readonly limits?: Partial<RouteLimits>;
}

export class GRouter extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = fsm;
  static override gconfig = gconfig;
  readonly #routes = new Set<Route>();
  /** @internal */
  readonly externals = new ExternalSubscriptions();

  /** The gaplic this router serves. */
  get host(): GAplic {
    return this[kHost] as unknown as GAplic;
  }

  /** The routes, in the order they were added. */
  get routes(): readonly Route[] {
    return [...this.#routes];
  }

  /** Adds a route to a peer over `link` (or held, with no link yet, when `link` is null). */
  addRoute(link: Link | null, spec: RouteSpec = {}): Route {
    const limits = {
      window: this.config.window,
      maxQueue: this.config.maxQueue,
      ...spec.limits,
    };
    const route = new Route(
      spec.name ?? '',
      spec.roles ?? [],
      spec.upstream === true,
      limits,
      (m, r) => this.fail(m, r),
    );
    this.#routes.add(route);
    if (link !== null) this.attach(route, link);
    return route;
  }

  /** Puts `route` up on `link`: incoming batches are handled, the identity card is sent. */
  attach(route: Route, link: Link): void {
    link.onReceive((batch) => {
      if (route.link === link) postBatch(this, route, batch);
    });
    route.attach(link);
    route.sendControl({
      message_type: '__identity_card__',
      my_gaplic_name: this.host.name,
      my_roles: [...this.host.roles],
      protocol: 2,
    });
  }

  /** The peer of `route` will come back (a worker restarting): in-flight events fail. */
  hold(route: Route, reason: string): void {
    this.externals.removeRoute(route);
    this.#down(route, reason);
    route.hold(reason);
  }

  /** The peer of `route` is gone: everything it holds fails and the route is removed. */
  removeRoute(route: Route, reason: string): void {
    this.externals.removeRoute(route);
    this.#down(route, reason);
    this.#routes.delete(route);
    route.close(reason);
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

  /**
   * The route for a destination: by gaplic name first, then by role (ginsfsm's search
   * order), else the upstream route. Never `except` (the route an event came on).
   */
  search(gaplicName: string, role: string, except: Route | null = null): Route | undefined {
    let byRole: Route | undefined;
    let upstream: Route | undefined;
    for (const route of this.#routes) {
      if (route === except || route.state === 'closed') continue;
      if (gaplicName !== '' && route.name === gaplicName) return route;
      if (byRole === undefined && role !== '' && route.roles.includes(role)) byRole = route;
      if (upstream === undefined && route.upstream) upstream = route;
    }
    return byRole ?? upstream;
  }

  /** True when an event for (gaplic, role) is for this gaplic (ginsfsm: name or role). */
  isMine(gaplicName: string, role: string): boolean {
    const host = this.host;
    return (
      (gaplicName !== '' && gaplicName === host.name) || (role !== '' && host.roles.includes(role))
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
      this.fail(
        message,
        `no route to gaplic '${message.destination_gaplic}' or role '${message.destination_role}'`,
      );
      return;
    }
    this.trace('out', route, message);
    route.send(message);
  }

  /**
   * @internal An event that cannot be delivered: its sender gets `EV_NACK` (locally, or
   * on the way back to its gaplic). Responses, pushed broadcasts and nacks are never
   * nacked in turn: they are reported here.
   */
  fail(message: EventMessage, reason: string): void {
    if (!isNotifiable(message)) {
      this[kFault](
        'ROUTE_DOWN',
        `${this[kLabel]()}: '${message.event_name}' for '${message.destination_gaplic || message.destination_role}' lost: ${reason}`,
        message.event_name,
      );
      return;
    }
    const kw = nackKw(message, reason);
    if (message.origin_gaplic === this.host.name) {
      this.nackLocal(message.origin_gobj, kw);
      return;
    }
    this.send(
      {
        message_type: '__event__',
        serial: 0,
        event_name: 'EV_NACK',
        destination_gaplic: message.origin_gaplic,
        destination_role: '',
        destination_gobj: message.origin_gobj,
        origin_gaplic: this.host.name,
        origin_role: this.host.roles[0] ?? '',
        origin_gobj: this.name,
        kw,
      },
      null,
    );
  }

  /** @internal Posts `EV_NACK` to a local subscriber, or reports why it cannot take it. */
  nackLocal(subscriber: string, kw: Kw): void {
    const gobj = this.host.findUniqueGObj(subscriber);
    const about = `'${String(kw.event_name)}' to '${String(kw.destination_gaplic || kw.destination_role)}'/${String(kw.destination_gobj)}`;
    if (gobj === undefined || !gobj.hasEvent('EV_NACK')) {
      this[kFault](
        'NACK_NOT_ACCEPTED',
        `${this[kLabel]()}: ${about} was nacked (${String(kw.error_message)}) but ${gobj === undefined ? `no gobj is named '${subscriber}'` : `${gobj[kLabel]()} does not accept EV_NACK`}`,
        String(kw.event_name),
      );
      return;
    }
    this.postEvent(gobj, 'EV_NACK', kw);
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

  /** @internal Logs one message in or out when `traceRouter` is on. */
  trace(direction: 'in' | 'out', route: Route, message: unknown): void {
    if (!this.config.traceRouter) return;
    this.logger.info(
      `${this[kLabel]()} ${direction === 'in' ? '<-' : '->'} '${route.name}' ${JSON.stringify(message)}`,
    );
  }

  /** The routes report. */
  report(): RouteReport {
    return {
      gaplic: this.host.name,
      roles: this.host.roles,
      routes: this.routes.map((r) => ({
        name: r.name,
        roles: r.roles,
        state: r.state,
        upstream: r.upstream,
        inflight: r.inflight,
        queued: r.queued,
        counters: { ...r.counters },
      })),
      externalSubscriptions: this.externals.size,
    };
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
    router.postEvent(router, 'EV_INPUT_BATCH', { route, batch });
  }
}

/** What `deliver` returns when the action threw (the event is then nacked). */
export class DeliveryFailure {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

/** The router of `gaplic`: its unique gobj `router`, created on first use. */
export function routerOf(gaplic: GAplic): GRouter {
  const found = gaplic.findUniqueGObj('router');
  if (found instanceof GRouter) return found;
  return gaplic.createGObj('router', GRouter, gaplic, { uniqueName: true });
}

setOutsidePort(routerOf);
