/**
 * HOW a publisher keeps its subscriptions so that subscribe, unsubscribe and destroy
 * cost O(1) amortised and a broadcast iterates without copying:
 *
 *   list      every subscription in subscription order; append-only, a deleted one is
 *             marked inactive and left in place (a tombstone)
 *   routes    per event name, the matching subscriptions in order (built on the first
 *             broadcast of that name, then appended to as subscriptions come)
 *   bySubscriber  subscriber → its subscriptions here (finds a duplicate in O(1))
 *
 * A broadcast reads a route up to the length it had when the broadcast began, so a
 * subscription made during it waits for the next one, and skips tombstones, so one
 * deleted during it is not served. Tombstones are swept out when they outnumber the
 * live entries, never while a broadcast is running (it would shift the indices).
 *
 *   route EV_X: [s1, s3(dead), s4, s7]    live 3, dead 1
 */
import type { Subscriber, Subscription } from './subscription.js';

/** @internal The matching subscriptions of one event name. */
export interface Route {
  entries: Subscription[];
  dead: number;
}

/** @internal */
export class Publisher {
  list: Subscription[] = [];
  dead = 0;
  readonly routes = new Map<string, Route>();
  readonly bySubscriber = new Map<Subscriber, Subscription[]>();
  /** Subscribers with more than one live subscription here. */
  repeated = 0;
  /** Live subscriptions whose subscriber is a unique name. */
  byName = 0;
  /** Broadcasts in progress (re-entrant broadcasts nest). */
  broadcasting = 0;
  ownedEventFilter: ((result: unknown) => boolean) | null = null;

  get live(): number {
    return this.list.length - this.dead;
  }

  /** True when one broadcast may reach a gobj twice (dedup needed). */
  get mayRepeat(): boolean {
    return this.repeated > 0 || (this.byName > 0 && this.live > 1);
  }

  /** The subscription with these names and subscriber, if any. */
  find(names: ReadonlySet<string> | null, subscriber: Subscriber): Subscription | undefined {
    return this.bySubscriber.get(subscriber)?.find((s) => s.sameAs(names, subscriber));
  }

  add(s: Subscription): void {
    this.list.push(s);
    const same = this.bySubscriber.get(s.subscriber);
    if (same === undefined) this.bySubscriber.set(s.subscriber, [s]);
    else if (same.push(s) === 2) this.repeated++;
    if (s.subscriberKind === 'name') this.byName++;
    if (s.eventNames === null) {
      for (const route of this.routes.values()) route.entries.push(s);
    } else {
      for (const name of s.eventNames) this.routes.get(name)?.entries.push(s);
    }
  }

  /** Marks `s` deleted (it must be live) and sweeps tombstones when they dominate. */
  remove(s: Subscription): void {
    s.active = false;
    this.dead++;
    const same = this.bySubscriber.get(s.subscriber)!;
    same.splice(same.indexOf(s), 1);
    if (same.length === 0) this.bySubscriber.delete(s.subscriber);
    else if (same.length === 1) this.repeated--;
    if (s.subscriberKind === 'name') this.byName--;
    if (s.eventNames === null) {
      for (const route of this.routes.values()) route.dead++;
    } else {
      for (const name of s.eventNames) {
        const route = this.routes.get(name);
        if (route !== undefined) route.dead++;
      }
    }
    this.sweep();
  }

  /** The route of `name`, built on first use. */
  route(name: string): Route {
    let route = this.routes.get(name);
    if (route === undefined) {
      route = { entries: this.list.filter((s) => s.active && s.matches(name)), dead: 0 };
      this.routes.set(name, route);
    }
    return route;
  }

  /** Drops tombstones that outnumber live entries (not during a broadcast). */
  sweep(): void {
    if (this.broadcasting > 0) return;
    if (this.dead > 8 && this.dead * 2 > this.list.length) {
      this.list = this.list.filter((s) => s.active);
      this.dead = 0;
    }
    for (const route of this.routes.values()) {
      if (route.dead > 8 && route.dead * 2 > route.entries.length) {
        route.entries = route.entries.filter((s) => s.active);
        route.dead = 0;
      }
    }
  }
}
