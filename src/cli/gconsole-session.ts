/**
 * The console as a gaplic (ginsfsm's gconsole: a random name, the role `gcmd`, a router):
 * its router has one static route, to the target's router, and every command is an event
 * sent there with `sendEventOutside` — answered by the action's return
 * (`__subscribe_response__`) or by `EV_NACK` — or a subscription. Results are promises;
 * what fails rejects with a `ConsoleError` (`GCONSOLE_*`).
 */
import { randomBytes } from 'node:crypto';
import { codedError } from '../errors.js';
import type { Fault } from '../faults.js';
import { GAplic } from '../gaplic/gaplic.js';
import { Deferred } from '../gobj/deferred.js';
import type { GEvent, Kw } from '../gobj/gevent.js';
import '../links/node/register.js'; // ws for the router
import { silentLogger, type Logger } from '../logger.js';
import type { GObjReport, GObjsReport } from '../router/inspect.js';
import type { RouteReport } from '../router/report.js';
import { routerOf, type GRouter } from '../router/grouter.js';
import type { Route } from '../router/route.js';
import { errorMessage } from '../util/error-text.js';
import { Listener, Settler, listenerClass, type Heard } from './gconsole-listener.js';

/** How the console reaches its target. */
export interface ConsoleOptions {
  /** The target router's `ws://` or `wss://` URL. */
  readonly url: string;
  /** The target gaplic: by name (default: the one the route reaches) or by role. */
  readonly name?: string;
  readonly role?: string;
  /** The target's `authToken`. */
  readonly token?: string;
  /** Seconds a command (and the connection) waits for its answer. @default 10 */
  readonly timeout?: number;
  /** Where the console gaplic's faults and log lines go. @default silent */
  readonly logger?: Logger;
  /** Log every message in and out of the console's router (`traceRouter`). */
  readonly trace?: boolean;
  /** Told when the connection is lost or comes back (after it first opened). */
  readonly onStatus?: (line: string) => void;
}

/** A broadcast received through a subscription. */
export interface HeardEvent {
  readonly gaplic: string;
  readonly gobj: string;
  readonly event: string;
  /** The broadcast's kw without the router's own keys. */
  readonly kw: Kw;
}

/** The faults that mean the first connection cannot be made. */
const CONNECT_FAULTS = new Set(['ROUTE_CONNECT_FAILED', 'LINK_LOST', 'HANDSHAKE_TIMEOUT']);

interface Subscription {
  readonly gobj: string;
  readonly event: string;
  readonly listener: Listener;
}

export class ConsoleSession {
  readonly gaplic: GAplic;
  readonly url: string;
  readonly #router: GRouter;
  readonly #route: Route;
  readonly #settler: Settler;
  readonly #timeoutMs: number;
  readonly #running: Promise<void>;
  readonly #subscriptions = new Map<string, Subscription>();
  #target: { name: string; role: string; roles: readonly string[] } = {
    name: '',
    role: '',
    roles: [],
  };
  #listeners = 0;
  #closed = false;

  private constructor(options: ConsoleOptions, faults: (fault: Fault) => void) {
    this.url = options.url;
    this.#timeoutMs = (options.timeout ?? 10) * 1000;
    this.gaplic = new GAplic({
      name: `gconsole-${process.pid}-${randomBytes(3).toString('hex')}`,
      roles: ['gcmd'],
      logger: options.logger ?? silentLogger,
      onFault: faults,
      settings: { 'router.traceRouter': options.trace === true },
    });
    this.#settler = this.gaplic.createGObj('settler', Settler, this.gaplic, { uniqueName: true });
    this.#router = routerOf(this.gaplic);
    this.#running = this.gaplic.start();
    this.#route = this.#router.addStaticRoute({
      name: '',
      urls: [options.url],
      ...(options.token !== undefined ? { token: options.token } : {}),
    });
  }

  /** Connects to the target; rejects with `GCONSOLE_UNREACHABLE` (and closes) when it cannot. */
  static async open(options: ConsoleOptions): Promise<ConsoleSession> {
    let fail: (reason: string) => void = () => {};
    const failed = new Promise<never>((_, reject) => {
      fail = (reason) =>
        reject(codedError('GCONSOLE_UNREACHABLE', `cannot reach ${options.url}: ${reason}`));
    });
    let opened = false;
    const session = new ConsoleSession(options, (fault) => {
      if (!opened && CONNECT_FAULTS.has(fault.code)) fail(connectFailure(fault.message));
    });
    const router = session.#router;
    const open = new Promise<void>((resolve) => {
      router.subscribeEvent(
        'EV_STATIC_ROUTE_OPENED',
        new Deferred('opened', () => {
          if (opened) options.onStatus?.(`connection to '${session.#route.name}' open again`);
          opened = true;
          resolve();
        }),
      );
    });
    router.subscribeEvent(
      'EV_STATIC_ROUTE_CLOSED',
      new Deferred('closed', ({ event }: { event: GEvent }) => {
        if (opened && !session.#closed) {
          options.onStatus?.(
            `connection to '${session.#route.name}' lost (${String(event.kw.reason)}); connecting again`,
          );
        }
      }),
    );
    const seconds = options.timeout ?? 10;
    const timer = setTimeout(() => fail(`no answer within ${seconds} s`), seconds * 1000);
    try {
      await Promise.race([open, failed]);
    } catch (error) {
      await session.close();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    // Every destination goes through the target: gaplics behind it too (its workers).
    router.writeParameter('defaultRoute', session.#route.name);
    const roles = session.#route.roles;
    session.#target = {
      name:
        options.role !== undefined && options.name === undefined
          ? ''
          : (options.name ?? session.#route.name),
      role: options.role ?? '',
      roles,
    };
    return session;
  }

  /** The target (name or role) and the gaplic the route reached. */
  get target(): {
    readonly name: string;
    readonly role: string;
    readonly peer: string;
    readonly roles: readonly string[];
  } {
    return { ...this.#target, peer: this.#route.name };
  }

  /** How the target is named in messages: `Name` or `role 'x'`. */
  get targetLabel(): string {
    return this.#target.name !== '' ? this.#target.name : `role '${this.#target.role}'`;
  }

  /** The target's routes report. */
  async routes(): Promise<RouteReport> {
    return (await this.request('router', 'EV_SHOW_ROUTES', {})) as RouteReport;
  }

  /** The target's unique gobjs. */
  async gobjs(): Promise<GObjsReport> {
    return (await this.request('router', 'EV_SHOW_GOBJS', {})) as GObjsReport;
  }

  /** One gobj of the target in detail. */
  async gobj(name: string): Promise<GObjReport> {
    return (await this.request('router', 'EV_SHOW_GOBJ', { gobj: name })) as GObjReport;
  }

  /** Sends `event` to the target's `gobj`; resolves with the action's return. */
  request(gobj: string, event: string, kw: Kw): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#forget(listener);
        reject(this.#noReply(gobj, event));
      }, this.#timeoutMs);
      const listener = this.#listen(event, (answer) => {
        clearTimeout(timer);
        this.#forget(listener);
        if (answer.eventName === 'EV_NACK') reject(this.#nackError(answer));
        else resolve(answer.kw.__action_return__);
      });
      try {
        this.#outside('sendEventOutside', gobj, event, listener, {
          ...kw,
          __subscribe_response__: true,
        });
      } catch (error) {
        clearTimeout(timer);
        this.#forget(listener);
        // A coded error of the checks at the sender.
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /**
   * Subscribes to the output `event` of the target's `gobj`; `onEvent` gets each
   * broadcast. Resolves once the target took the subscription (a round trip after it:
   * FIFO between two gaplics, so its nack would have come first).
   */
  async subscribe(
    gobj: string,
    event: string,
    onEvent: (heard: HeardEvent) => void,
  ): Promise<boolean> {
    const key = `${gobj} ${event}`;
    if (this.#subscriptions.has(key)) return false;
    const refused: GEvent[] = [];
    const listener = this.#listen(event, (heard) => {
      if (heard.eventName === 'EV_NACK') refused.push(heard);
      else onEvent(broadcastOf(heard, event));
    });
    this.#subscriptions.set(key, { gobj, event, listener });
    try {
      this.#outside('subscribeEventOutside', gobj, event, listener, {});
      await this.#roundTrip();
    } catch (error) {
      this.#subscriptions.delete(key);
      this.#forget(listener);
      throw error;
    }
    if (refused.length > 0) {
      this.#subscriptions.delete(key);
      this.#forget(listener);
      throw this.#nackError(refused[0]!);
    }
    return true;
  }

  /** Ends a subscription of `subscribe`; resolves once the target took it. */
  async unsubscribe(gobj: string, event: string): Promise<boolean> {
    const key = `${gobj} ${event}`;
    const subscription = this.#subscriptions.get(key);
    if (subscription === undefined) return false;
    const refused: GEvent[] = [];
    subscription.listener.heard = (heard) => {
      if (heard.eventName === 'EV_NACK') refused.push(heard);
    };
    this.#outside('unsubscribeEventOutside', gobj, event, subscription.listener, {});
    try {
      await this.#roundTrip();
    } finally {
      this.#subscriptions.delete(key);
      this.#forget(subscription.listener);
    }
    if (refused.length > 0) throw this.#nackError(refused[0]!);
    return true;
  }

  /** The subscriptions, as `gobj EV_NAME`. */
  get subscriptions(): string[] {
    return [...this.#subscriptions.keys()];
  }

  /** Stops the console gaplic (its route closes). */
  async close(): Promise<void> {
    if (this.#closed) return;
    // A subscription left behind would stay with a gaplic behind the target (its route
    // is to the target, which stays): end them, waiting for the target a moment at most.
    const left = [...this.#subscriptions.values()];
    if (left.length > 0 && this.#route.state === 'up') {
      await Promise.all(
        left.map(({ gobj, event }) => this.unsubscribe(gobj, event).catch(() => false)),
      );
    }
    this.#closed = true;
    this.gaplic.destroyGObj(this.#router);
    this.gaplic.stop();
    await this.#running;
  }

  /** A request to the target's router that settles after what the target sent before. */
  async #roundTrip(): Promise<void> {
    await this.request('router', 'EV_SHOW_ROUTES', {});
    // The router posted the EV_NACKs of that batch to the queue: settle behind them.
    await new Promise<void>((settle) =>
      this.gaplic.postEvent(this.#settler, 'EV_SETTLE', { settle }),
    );
  }

  #outside(
    method: 'sendEventOutside' | 'subscribeEventOutside' | 'unsubscribeEventOutside',
    gobj: string,
    event: string,
    listener: Listener,
    kw: Kw,
  ): void {
    const { name, role } = this.#target;
    this.gaplic[method](name, role, gobj, event, listener, kw);
  }

  #listen(event: string, heard: Heard): Listener {
    const listener = this.gaplic.createGObj(
      `listener-${++this.#listeners}`,
      listenerClass(event),
      this.gaplic,
      { uniqueName: true },
    );
    listener.heard = heard;
    return listener;
  }

  #forget(listener: Listener): void {
    if (!listener.destroyed) this.gaplic.destroyGObj(listener);
  }

  #noReply(gobj: string, event: string): Error {
    return codedError(
      'GCONSOLE_NO_REPLY',
      `no answer to '${event}' from ${this.targetLabel}/${gobj} within ${this.#timeoutMs / 1000} s (--timeout)${this.#route.state === 'up' ? '' : `; the connection to '${this.#route.name}' is down`}`,
    );
  }

  #nackError(nack: GEvent): Error {
    const { event_name, destination_gobj, error_message } = nack.kw;
    const reason = String(error_message);
    if (reason.startsWith('inspection not allowed')) {
      const { name, role } = this.#target;
      return codedError(
        'GCONSOLE_INSPECTION_REFUSED',
        `the gaplic ${name !== '' ? name : `of role '${role}'`} does not allow inspection (its router parameter 'inspect' is false): set router.inspect = true in its ini file, or 'router.inspect': true in its settings`,
      );
    }
    return codedError(
      'GCONSOLE_NACKED',
      `'${String(event_name)}' to ${this.targetLabel}/${String(destination_gobj)} was nacked: ${reason}`,
    );
  }
}

/** The keys the router adds to a broadcast. */
const ROUTER_KEYS = new Set([
  '__intra_event__',
  '__subscription_reference__',
  'original_event_name',
]);

function broadcastOf(event: GEvent, name: string): HeardEvent {
  const origin = event.kw.__intra_event__ as
    { origin_gaplic?: string; origin_gobj?: string } | undefined;
  const kw: Kw = {};
  for (const [key, value] of Object.entries(event.kw)) if (!ROUTER_KEYS.has(key)) kw[key] = value;
  return {
    gaplic: origin?.origin_gaplic ?? '',
    gobj: origin?.origin_gobj ?? '',
    event: name,
    kw,
  };
}

/**
 * Why the connection failed, from the router's fault: `connect ECONNREFUSED ...`, not
 * the route's label nor its next attempt (the console gives up).
 */
function connectFailure(message: string): string {
  return message
    .replace(/^\S+: /, '')
    .replace(/^cannot connect to '[^']*' at \S+: /, '')
    .replace(/; next attempt in .*$/, '');
}

/** The message of an error, with its code. */
export function failureText(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${errorMessage(error)} [${code}]` : errorMessage(error);
}
