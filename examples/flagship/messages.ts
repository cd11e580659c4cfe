/**
 * What the flagship's gaplics tell each other: the kw of the events that cross between
 * Demo (the main gaplic), Echo (a child process) and Stress (a worker thread). All JSON
 * data, as every kw that leaves a gaplic must be.
 *
 *   Stress ──EV_GET_ADDRESS (a response asked)──▶ Echo       by role 'echo', through Demo
 *   Stress ──EV_PROGRESS, EV_REPORT──────────────▶ Demo       by role 'front'
 *   Echo   ──EV_ECHO_STATS (a subscription)──────▶ Demo       every interval
 *   Demo   ──EV_GET_STATS (a response asked)─────▶ Echo       once Stress has reported
 */

/** Where a gaplic runs, as it says itself. */
export interface Placement {
  readonly placement: 'main' | 'thread' | 'process';
  /** The process id (main, process) or the thread id (thread). */
  readonly id: number;
}

/** Latency percentiles of the round trips so far, in milliseconds. */
export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Echo's answer to `EV_GET_ADDRESS`: where its server listens. */
export interface EchoAddress {
  readonly host: string;
  readonly port: number;
}

/** `EV_ECHO_STATS` (broadcast every interval) and Echo's answer to `EV_GET_STATS`. */
export interface EchoStats extends Placement {
  readonly address: string;
  /** Connections open now. */
  readonly connections: number;
  /** Connections accepted since the start. */
  readonly accepted: number;
  /** Bytes sent back since the start. */
  readonly bytes: number;
}

/** `EV_PROGRESS`: Stress's figures every interval, and once more at the end. */
export interface StressProgress extends Placement {
  readonly phase: 'asking' | 'running' | 'done';
  /** Seconds since the connections were opened. */
  readonly elapsed: number;
  /** Connections asked for, and connected now. */
  readonly connections: number;
  readonly open: number;
  /** Round trips completed, and to do in all (0: until stopped). */
  readonly done: number;
  readonly total: number;
  /** Round trips per second over the last interval. */
  readonly rate: number;
  readonly latencyMs: Percentiles;
  /** Bytes echoed back that were not the bytes sent. */
  readonly errors: number;
}

/** `EV_REPORT`: the end of the run. */
export interface StressReport extends StressProgress {
  /** Round trips per connection, and bytes per message. */
  readonly rounds: number;
  readonly size: number;
  /** Messages sent whose echo never came back (a connection cut in the middle). */
  readonly lost: number;
  /** Connections that ended before their last round trip. */
  readonly cutShort: number;
}
