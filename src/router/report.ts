/**
 * The routes report of a router: its gaplic, and each route with its state, what it
 * holds and its counters. `EV_SHOW_ROUTES` returns it (answerable remotely, as data that
 * crosses: ginsfsm returned a text table).
 */
import type { ProtocolVersion } from '../wire/frames.js';
import type { GRouter } from './grouter.js';
import type { RouteCounters, RouteKind, RouteState } from './route.js';

/** One route, as the routes report shows it. */
export interface RouteInfo {
  readonly id: number;
  readonly name: string;
  readonly roles: readonly string[];
  readonly kind: RouteKind;
  readonly state: RouteState;
  readonly protocol: ProtocolVersion;
  readonly upstream: boolean;
  /** Static routes: the URL of the current connection (or attempt); NATS routes: the server's. */
  readonly url?: string;
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

/** The report of `router` now. */
export function routesReport(router: GRouter): RouteReport {
  return {
    gaplic: router.host.name,
    roles: [...router.host.roles],
    routes: router.routes.map((r) => {
      const url = r.kind === 'nats' ? router.nats.server : router.websockets.urlOf(r);
      return {
        id: r.id,
        name: r.name,
        roles: [...r.roles],
        kind: r.kind,
        state: r.state,
        protocol: r.protocol,
        upstream: r.upstream,
        ...(url !== undefined ? { url } : {}),
        inflight: r.inflight,
        queued: r.queued,
        counters: { ...r.counters },
      };
    }),
    externalSubscriptions: router.externals.size,
  };
}
