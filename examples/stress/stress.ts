/**
 * The stress client's gclass: `Stress` opens `connections` GSocks to an echo server; each
 * sends `messages` messages of `size` bytes, one at a time, and times each round trip
 * (sent → whole echo back). A connection is closed after its last echo; when all are, the
 * gaplic stops. Message k of a connection is `size` bytes of value k % 256, so an echo
 * that is not the message sent is counted as an error.
 */
import { performance } from 'node:perf_hooks';
import { GObj, GSock, type GConfigTemplate, type GEvent } from '../../src/node.js';

function acConnected(stress: Stress, event: GEvent): void {
  stress.next(event.kw.gsock as GSock);
}

function acRxData(stress: Stress, event: GEvent): void {
  stress.received(event.kw.gsock as GSock, event.kw.data as Buffer);
}

function acDisconnected(stress: Stress, event: GEvent): void {
  stress.ended(event.kw.gsock as GSock, event.kw.reason as string);
}

const fsm = {
  eventList: ['EV_CONNECTED', 'EV_RX_DATA', 'EV_TRANSMIT_READY', 'EV_DISCONNECTED'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_CONNECTED', acConnected, null],
      ['EV_RX_DATA', acRxData, null],
      ['EV_TRANSMIT_READY', null, null],
      ['EV_DISCONNECTED', acDisconnected, null],
    ],
  },
} as const;

const gconfig = {
  port: { type: 'int', default: 7000, description: "The echo server's port" },
  connections: { type: 'int', default: 10, description: 'Connections at once' },
  messages: { type: 'int', default: 1000, description: 'Messages per connection' },
  size: { type: 'int', default: 64, description: 'Bytes per message' },
} as const satisfies GConfigTemplate;

/** Where one connection is. */
interface Flow {
  sent: number;
  /** Bytes of the current echo received so far. */
  got: number;
  startedAt: number;
}

/** What a run measured. */
export interface StressResult {
  readonly connections: number;
  readonly messages: number;
  readonly size: number;
  readonly seconds: number;
  /** Round trips in milliseconds, sorted. */
  readonly latencies: Float64Array;
  readonly errors: number;
  readonly failed: readonly string[];
}

export class Stress extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = fsm;
  static override gconfig = gconfig;
  readonly #flows = new Map<GSock, Flow>();
  #latencies = new Float64Array(0);
  #done = 0;
  #ended = 0;
  #errors = 0;
  #failed: string[] = [];
  #startedAt = 0;
  #endedAt = 0;

  override startUp(): void {
    const { connections, messages, port } = this.config;
    this.#latencies = new Float64Array(connections * messages);
    this.#startedAt = performance.now();
    for (let i = 0; i < connections; i++) {
      const gsock = this.createGObj(`c${i}`, GSock, this, { port });
      this.#flows.set(gsock, { sent: 0, got: 0, startedAt: 0 });
      this.sendEvent(gsock, 'EV_CONNECT');
    }
  }

  /** Round trips completed so far, of `connections × messages`. */
  get done(): number {
    return this.#done;
  }

  get total(): number {
    return this.#latencies.length;
  }

  /** Sends the next message of `gsock`, or closes it after the last. */
  next(gsock: GSock): void {
    const flow = this.#flows.get(gsock)!;
    if (flow.sent === this.config.messages) {
      gsock.close();
      return;
    }
    flow.got = 0;
    flow.startedAt = performance.now();
    gsock.send(Buffer.alloc(this.config.size, flow.sent++ & 0xff));
  }

  received(gsock: GSock, data: Buffer): void {
    const flow = this.#flows.get(gsock)!;
    const expected = (flow.sent - 1) & 0xff;
    for (const byte of data) if (byte !== expected) this.#errors++;
    flow.got += data.length;
    if (flow.got < this.config.size) return; // the rest of the echo is on its way
    this.#latencies[this.#done++] = performance.now() - flow.startedAt;
    this.next(gsock);
  }

  ended(gsock: GSock, reason: string): void {
    const flow = this.#flows.get(gsock)!;
    if (flow.sent < this.config.messages || flow.got < this.config.size) {
      this.#failed.push(`${gsock.name}: ${reason} after ${flow.sent} messages`);
    }
    if (++this.#ended === this.#flows.size) {
      this.#endedAt = performance.now();
      this.gaplic!.stop();
    }
  }

  /** The figures of the run (so far, if it is not over). */
  result(): StressResult {
    const end = this.#endedAt || performance.now();
    return {
      connections: this.config.connections,
      messages: this.config.messages,
      size: this.config.size,
      seconds: (end - this.#startedAt) / 1000,
      latencies: this.#latencies.slice(0, this.#done).sort(),
      errors: this.#errors,
      failed: this.#failed,
    };
  }
}
