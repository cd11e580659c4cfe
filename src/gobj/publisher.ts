/**
 * HOW a publisher keeps its subscriptions so that subscribe, unsubscribe and destroy
 * cost O(1) amortised, a broadcast iterates without copying, and a gobj with one or two
 * subscriptions stays small:
 *
 *   list      every subscription in subscription order; append-only, a deleted one is
 *             marked inactive and left in place (a tombstone)
 *   routes    per event name, the matching subscriptions in order (built on the first
 *             broadcast of that name, then appended to as subscriptions come)
 *   bySubscriber  subscriber → its subscriptions here (finds a duplicate in O(1))
 *
 * `routes` and `bySubscriber` exist only once the list outgrows SMALL entries; below
 * that, a broadcast filters the list and a lookup scans it, which is faster than a Map
 * and costs no memory. A gobj with a single subscription (most publishers: a timer, a
 * child reporting to its parent) has no Publisher at all: it holds the subscription
 * itself (see `publish.ts`), and gets a Publisher with the second.
 *
 * Cheaper still, the implicit subscription "the parent receives every output event, no
 * options" (a GTimer's, see `subscribeParentToAll`) is held as the parent gobj itself,
 * with no Subscription object. Broadcast delivers to it as it is; anything else that
 * looks at the subscriptions (`settledOf`) first replaces it by the equivalent
 * Subscription, kept from then on (its identity is stable):
 *
 *   kPublisher:  null | parent gobj (implicit) | Subscription (one) | Publisher (more)
 *
 * A broadcast reads a route up to the length it had when the broadcast began, so a
 * subscription made during it waits for the next one, and skips tombstones, so one
 * deleted during it is not served. Tombstones are swept out when they outnumber the
 * live entries, never while a broadcast is running (it would shift the indices).
 *
 *   route EV_X: [s1, s3(dead), s4, s7]    live 3, dead 1
 */
import { kPublisher } from '../symbols.js';
import type { GObj } from './gobj.js';
import { Subscription, type Subscriber } from './subscription.js';

/** Up to this many entries, no Map: scans are cheaper. */
const SMALL = 8;

const NONE: Subscription[] = [];

/** @internal The matching subscriptions of one event name. */
export interface Route {
  entries: Subscription[];
  dead: number;
}

/** @internal */
export class Publisher {
  list: Subscription[] = NONE;
  dead = 0;
  routes: Map<string, Route> | null = null;
  bySubscriber: Map<Subscriber, Subscription[]> | null = null;
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
    if (this.bySubscriber !== null) {
      return this.bySubscriber.get(subscriber)?.find((s) => s.sameAs(names, subscriber));
    }
    return this.list.find((s) => s.active && s.sameAs(names, subscriber));
  }

  add(s: Subscription): void {
    if (this.#countOf(s.subscriber) === 1) this.repeated++;
    // An exact one-element array for the first one: a gobj usually has one subscriber.
    if (this.list.length === 0) this.list = [s];
    else this.list.push(s);
    if (this.bySubscriber === null && this.list.length > SMALL) this.#index();
    else this.#indexOne(s);
    if (s.subscriberKind === 'name') this.byName++;
    if (this.routes === null) return;
    const names = s.nameList();
    if (names === null) {
      for (const route of this.routes.values()) route.entries.push(s);
    } else {
      for (const name of names) this.routes.get(name)?.entries.push(s);
    }
  }

  /** Marks `s` deleted (it must be live) and sweeps tombstones when they dominate. */
  remove(s: Subscription): void {
    s.active = false;
    this.dead++;
    const same = this.bySubscriber?.get(s.subscriber);
    if (same !== undefined) {
      same.splice(same.indexOf(s), 1);
      if (same.length === 0) this.bySubscriber!.delete(s.subscriber);
    }
    if (this.#countOf(s.subscriber) === 1) this.repeated--;
    if (s.subscriberKind === 'name') this.byName--;
    if (this.routes !== null) {
      const names = s.nameList();
      if (names === null) {
        for (const route of this.routes.values()) route.dead++;
      } else {
        for (const name of names) {
          const route = this.routes.get(name);
          if (route !== undefined) route.dead++;
        }
      }
    }
    this.sweep();
  }

  /**
   * The subscriptions to visit for `name`: its route, or the whole list while it is
   * small (the caller then checks `matches`).
   */
  entriesFor(name: string): readonly Subscription[] {
    if (this.list.length <= SMALL && this.routes === null) return this.list;
    const routes = (this.routes ??= new Map<string, Route>());
    let route = routes.get(name);
    if (route === undefined) {
      route = { entries: this.list.filter((s) => s.active && s.matches(name)), dead: 0 };
      routes.set(name, route);
    }
    return route.entries;
  }

  /** Drops tombstones that outnumber live entries (not during a broadcast). */
  sweep(): void {
    if (this.broadcasting > 0) return;
    if (this.dead > 0 && (this.dead > SMALL ? this.dead * 2 > this.list.length : this.live === 0)) {
      this.list = this.list.filter((s) => s.active);
      this.dead = 0;
    }
    if (this.routes === null) return;
    for (const route of this.routes.values()) {
      if (route.dead > SMALL && route.dead * 2 > route.entries.length) {
        route.entries = route.entries.filter((s) => s.active);
        route.dead = 0;
      }
    }
  }

  /** Live subscriptions of `subscriber` here. */
  #countOf(subscriber: Subscriber): number {
    if (this.bySubscriber !== null) return this.bySubscriber.get(subscriber)?.length ?? 0;
    let n = 0;
    for (const s of this.list) if (s.active && s.subscriber === subscriber) n++;
    return n;
  }

  #index(): void {
    this.bySubscriber = new Map();
    for (const s of this.list) if (s.active) this.#indexOne(s);
  }

  #indexOne(s: Subscription): void {
    const map = this.bySubscriber;
    if (map === null) return;
    const same = map.get(s.subscriber);
    if (same === undefined) map.set(s.subscriber, [s]);
    else if (!same.includes(s)) same.push(s);
  }
}

/**
 * @internal What a gobj's `kPublisher` slot holds: nothing, its single subscription, a
 * Publisher, or its parent (the implicit subscription of the parent to every event).
 */
export type Held = Publisher | Subscription | GObj | null;

/** @internal What `gobj` holds, the implicit form included (see the HOW above). */
export function heldOf(gobj: GObj): Held {
  return gobj[kPublisher];
}

/** @internal Holds the implicit subscription of `parent` (the caller checks it may). */
export function holdParent(gobj: GObj, parent: GObj): void {
  gobj[kPublisher] = parent;
}

/**
 * @internal What `gobj` holds, the implicit subscription replaced (once) by its
 * Subscription: bound to the parent, not registered there (see `bind` in publish.ts).
 */
export function settledOf(gobj: GObj): Publisher | Subscription | null {
  const held = heldOf(gobj);
  if (held === null || held instanceof Subscription || held instanceof Publisher) return held;
  const s = new Subscription(gobj, null, held, {});
  gobj[kPublisher] = s;
  return s;
}

/** @internal The Publisher of `gobj`, made (holding its single subscription, if any) when it has none. */
export function publisherOf(gobj: GObj): Publisher {
  const held = settledOf(gobj);
  if (held instanceof Publisher) return held;
  const state = new Publisher();
  if (held !== null) state.add(held);
  gobj[kPublisher] = state;
  return state;
}
