/**
 * Stress, the flagship's load client, in a worker thread. Its gobj `stress` asks Echo (by
 * role, with a response) where it listens, opens `connections` GConnex to it, and on each
 * does `rounds` ping-pong round trips of `size` bytes (0: until stopped), one at a time,
 * timing each and checking that the echo is the message sent. Every `interval` it tells
 * the main gaplic (role 'front') how far it is (`EV_PROGRESS`); at the end it sends a last
 * progress and its report (`EV_REPORT`), then closes its connections.
 *
 * Message k of a connection is `size` bytes of value k % 256, so an echo that is not the
 * message sent, or comes in the wrong order, is counted as an error.
 */
import { performance } from 'node:perf_hooks';
import {
  GAplic,
  GConnex,
  GObj,
  GTimer,
  checkFsm,
  type GConfigTemplate,
  type GEvent,
  type Kw,
} from '../../src/node.js';
import type { LocalConf } from '../compose/front.js';
import { LatencyHistogram } from './latency.js';
import { atLeast } from './at-least.js';
import type { EchoAddress, StressProgress, StressReport } from './messages.js';
import { whereAmI } from './placement.js';

function acBegin(stress: StressClient): void {
  // By role: whichever gaplic has the role 'echo' answers, however far it is.
  stress.gaplic!.sendEventOutside('', 'echo', 'echo', 'EV_GET_ADDRESS', stress, {
    __subscribe_response__: true,
  });
}

function acAddress(stress: StressClient, event: GEvent): void {
  stress.open(event.kw.__action_return__ as EchoAddress);
}

function acConnected(stress: StressClient, event: GEvent): void {
  stress.connected(event.kw.connex as GConnex);
}

function acRxData(stress: StressClient, event: GEvent): void {
  stress.received(event.kw.connex as GConnex, event.kw.data as Buffer);
}

function acDisconnected(stress: StressClient, event: GEvent): void {
  stress.disconnected(event.kw.connex as GConnex);
}

function acTimeout(stress: StressClient): void {
  stress.tellFront('EV_PROGRESS', stress.progress(stress.intervalRate()));
}

function acNack(stress: StressClient, event: GEvent): void {
  stress.logger.warn(
    `Stress: '${String(event.kw.event_name)}' was not delivered: ${String(event.kw.error_message)}`,
  );
}

const fsm = {
  eventList: [
    'EV_BEGIN: top input',
    'EV_GET_ADDRESS: bottom input',
    'EV_CONNECTED: bottom input',
    'EV_RX_DATA: bottom input',
    'EV_TRANSMIT_READY: bottom input',
    'EV_DISCONNECTED: bottom input',
    'EV_TIMEOUT: bottom input',
    'EV_NACK: bottom input',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_BEGIN', acBegin, null],
      ['EV_GET_ADDRESS', acAddress, null], // Echo's response
      ['EV_CONNECTED', acConnected, null],
      ['EV_RX_DATA', acRxData, null],
      ['EV_TRANSMIT_READY', null, null],
      ['EV_DISCONNECTED', acDisconnected, null],
      ['EV_TIMEOUT', acTimeout, null],
      ['EV_NACK', acNack, null],
    ],
  },
} as const;

const gconfig = {
  connections: {
    type: 'int',
    default: 50,
    validate: atLeast(1),
    description: 'Connections to Echo, at once',
  },
  rounds: {
    type: 'int',
    default: 2000,
    validate: atLeast(0, '>= 0 (0: until stopped)'),
    description: 'Round trips per connection (0: until stopped)',
  },
  size: { type: 'int', default: 256, validate: atLeast(1), description: 'Bytes per message' },
  interval: {
    type: 'float',
    default: 0.5,
    validate: atLeast(0.01),
    description: 'Seconds between EV_PROGRESS',
  },
} as const satisfies GConfigTemplate;

/** Where one connection is. */
interface Flow {
  /** Messages sent; the last one is in flight while `got < size`. */
  sent: number;
  /** Bytes of the current echo received so far. */
  got: number;
  startedAt: number;
  finished: boolean;
}

export class StressClient extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  readonly #flows = new Map<GConnex, Flow>();
  readonly #latencies = new LatencyHistogram();
  #timer: GTimer | null = null;
  #phase: StressProgress['phase'] = 'asking';
  #open = 0;
  #done = 0;
  #errors = 0;
  #lost = 0;
  #cutShort = 0;
  #finished = 0;
  #startedAt = 0;
  #endedAt = 0;
  #lastTick = { at: 0, done: 0 };

  /** Opens the connections to Echo at `address`, and starts the progress timer. */
  open(address: EchoAddress): void {
    this.#phase = 'running';
    this.#startedAt = performance.now();
    this.#lastTick = { at: this.#startedAt, done: 0 };
    for (let i = 0; i < this.config.connections; i++) {
      const connex = this.createGObj(`c${i}`, GConnex, this, {
        destinations: [`${address.host}:${address.port}`],
        timeoutBetweenConnections: 0.5,
      });
      this.#flows.set(connex, { sent: 0, got: 0, startedAt: 0, finished: false });
    }
    this.#timer = this.createGObj('timer', GTimer, this);
    this.sendEvent(this.#timer, 'EV_SET_TIMER', { seconds: this.config.interval, autostart: true });
  }

  connected(connex: GConnex): void {
    this.#open += 1;
    this.#next(connex, this.#flows.get(connex)!);
  }

  received(connex: GConnex, data: Buffer): void {
    const flow = this.#flows.get(connex)!;
    const expected = (flow.sent - 1) & 0xff;
    for (const byte of data) if (byte !== expected) this.#errors++;
    flow.got += data.length;
    if (flow.got < this.config.size) return; // the rest of the echo is on its way
    this.#latencies.record(performance.now() - flow.startedAt);
    this.#done += 1;
    this.#next(connex, flow);
  }

  disconnected(connex: GConnex): void {
    this.#open -= 1;
    const flow = this.#flows.get(connex)!;
    if (flow.finished) return;
    // Cut in the middle: the message in flight is lost; GConnex connects again.
    if (flow.sent > 0 && flow.got < this.config.size) {
      this.#lost += 1;
      flow.sent -= 1;
    }
    this.#cutShort += 1;
  }

  /** Sends the next message of a connection, or ends it after its last. */
  #next(connex: GConnex, flow: Flow): void {
    const { rounds, size } = this.config;
    if (rounds > 0 && flow.sent === rounds) {
      flow.finished = true;
      if (++this.#finished === this.#flows.size) this.#end();
      return;
    }
    flow.got = 0;
    flow.startedAt = performance.now();
    this.sendEvent(connex, 'EV_SEND_DATA', { data: Buffer.alloc(size, flow.sent++ & 0xff) });
  }

  #end(): void {
    this.#endedAt = performance.now();
    this.#phase = 'done';
    this.sendEvent(this.#timer!, 'EV_SET_TIMER', { seconds: -1 });
    this.tellFront('EV_PROGRESS', this.progress(this.intervalRate()));
    this.tellFront('EV_REPORT', this.report());
    for (const connex of this.#flows.keys()) this.sendEvent(connex, 'EV_DISABLE');
  }

  /** Sends an event to the main gaplic's `monitor`, by role. */
  tellFront(event: 'EV_PROGRESS' | 'EV_REPORT', kw: StressProgress): void {
    this.gaplic!.sendEventOutside('', 'front', 'monitor', event, this, { ...kw });
  }

  /** Round trips per second since the last call. */
  intervalRate(): number {
    const now = this.#endedAt || performance.now();
    const seconds = (now - this.#lastTick.at) / 1000;
    const rate = seconds > 0 ? (this.#done - this.#lastTick.done) / seconds : 0;
    this.#lastTick = { at: now, done: this.#done };
    return Math.round(rate);
  }

  /** The figures so far, with `rate` round trips per second. */
  progress(rate: number): StressProgress {
    const now = this.#endedAt || performance.now();
    const { connections, rounds } = this.config;
    const h = this.#latencies;
    return {
      ...whereAmI(),
      phase: this.#phase,
      elapsed: this.#startedAt === 0 ? 0 : round3((now - this.#startedAt) / 1000),
      connections,
      open: this.#open,
      done: this.#done,
      total: connections * rounds,
      rate,
      latencyMs: {
        p50: round3(h.percentile(50)),
        p90: round3(h.percentile(90)),
        p99: round3(h.percentile(99)),
        max: round3(h.maxMs),
      },
      errors: this.#errors,
    };
  }

  /** The figures of the whole run, once it is over. */
  report(): StressReport {
    const elapsed = (this.#endedAt - this.#startedAt) / 1000;
    return {
      ...this.progress(Math.round(this.#done / elapsed)),
      rounds: this.config.rounds,
      size: this.config.size,
      lost: this.#lost,
      cutShort: this.#cutShort,
    };
  }
}

/** Milliseconds to the microsecond, seconds to the millisecond: what the figures show. */
function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** `[app:stress] use = call:.../stress-client.js#stressMain`. */
export function stressMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf; // settings: { 'stress.rounds': '2000', ... }
  const gaplic = new GAplic({ name, roles, settings });
  const stress = gaplic.createGObj('stress', StressClient, gaplic, { uniqueName: true });
  gaplic.postEvent(stress, 'EV_BEGIN'); // delivered once the gaplic runs, linked to the others
  return gaplic;
}
