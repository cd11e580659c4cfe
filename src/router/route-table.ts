/**
 * The routes of a router and how a destination finds one (ginsfsm's search order,
 * §2.10.7, ranked): by gaplic name — a route we made before one a peer made — then by
 * role — the fewest hops (`*`, `^` prefixes), a route we made first, an up route first —
 * then a gaplic known to be behind a route, then NATS (any name or role there: the route
 * of that subject), else the default route.
 *
 * A gaplic is known to be behind a route when an event of it came that way (as a switch
 * learns addresses): an answer by name goes back the way its question came, across any
 * number of hops.
 */
import { firstName, hopsTo } from './roles.js';
import type { Route } from './route.js';

export class RouteTable {
  readonly #routes = new Set<Route>();
  readonly #learned = new Map<string, Route>();

  /** The routes, in the order they were added. */
  get list(): Route[] {
    return [...this.#routes];
  }

  add(route: Route): void {
    this.#routes.add(route);
  }

  delete(route: Route): void {
    this.#routes.delete(route);
    for (const [gaplic, through] of this.#learned) {
      if (through === route) this.#learned.delete(gaplic);
    }
  }

  /** `gaplic` sent an event that came through `route`: it is behind it. */
  learn(gaplic: string, route: Route): void {
    if (gaplic !== '' && gaplic !== route.name && this.#learned.get(gaplic) !== route) {
      this.#learned.set(gaplic, route);
    }
  }

  /**
   * The route for (gaplic name, role), never `except` (the route an event came on);
   * `fallback` names the default route ('' for none; a worker's upstream route is one).
   */
  search(
    gaplicName: string,
    role: string,
    except: Route | null,
    fallback: string,
    nats: ((name: string, role: string) => Route | undefined) | null = null,
  ): Route | undefined {
    const name = firstName(gaplicName);
    let best: Route | undefined;
    let bestRank = Infinity;
    let upstream: Route | undefined;
    for (const route of this.#routes) {
      const state = route.state;
      if (route === except || state === 'closed' || state === 'admitting') continue;
      if (route.kind === 'nats') continue; // after every direct route (below)
      const dynamic = route.kind === 'dynamic' ? 1 : 0;
      if (name !== '' && route.name === name) {
        if (dynamic === 0) return route;
        if (bestRank > 0) {
          best = route;
          bestRank = 0;
        }
        continue;
      }
      if (role !== '') {
        const hops = hopsTo(route.roles, role);
        if (hops >= 0) {
          const rank = 1 + hops * 4 + dynamic * 2 + (state === 'up' ? 0 : 1);
          if (rank < bestRank) {
            best = route;
            bestRank = rank;
          }
        }
      }
      if (
        upstream === undefined &&
        (route.upstream || (fallback !== '' && route.name === fallback))
      ) {
        upstream = route;
      }
    }
    if (best !== undefined) return best;
    if (name !== '') {
      const through = this.#learned.get(name);
      if (through !== undefined && through !== except && through.state !== 'closed') return through;
    }
    const network = nats?.(name, role);
    if (network !== undefined && network !== except) return network;
    return upstream;
  }
}
