/**
 * A periodic callback on a gaplic's timers (ginsfsm's tornado-style `Callback`). After
 * each run, a numeric return value is the delay before the next run; otherwise the
 * period applies. `delay()` pushes the next run a full period from now (for heartbeats
 * that only fire after a quiet period).
 */
import { GAplicError } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import type { GAplic } from './gaplic.js';
import type { TimerHandle } from './timers.js';

export class Callback {
  readonly #callback: () => unknown;
  readonly #period: number;
  readonly #gaplic: GAplic;
  #handle: TimerHandle | null = null;
  #running = false;
  #notBefore = -Infinity;

  /** `period` in seconds (> 0). */
  constructor(callback: () => unknown, period: number, gaplic: GAplic) {
    if (typeof callback !== 'function') {
      throw new GAplicError(
        'GAPLIC_BAD_CALLBACK',
        `Callback got ${describeValue(callback)}, expected a function`,
      );
    }
    if (typeof period !== 'number' || !Number.isFinite(period) || period <= 0) {
      throw new GAplicError(
        'GAPLIC_BAD_TIMEOUT',
        `Callback period got ${describeValue(period)}, expected a finite number of seconds > 0`,
      );
    }
    this.#callback = callback;
    this.#period = period;
    this.#gaplic = gaplic;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Starts; the first run is after `timeout` seconds (default: the period). */
  start(timeout: number = this.#period): void {
    this.stop();
    this.#running = true;
    this.#schedule(timeout);
  }

  stop(): void {
    this.#running = false;
    if (this.#handle !== null) this.#gaplic.removeTimeout(this.#handle);
    this.#handle = null;
  }

  /** Postpones the next run to one full period from now. */
  delay(): void {
    this.#notBefore = this.#gaplic.clock.now() + this.#period;
  }

  #schedule(seconds: number): void {
    this.#handle = this.#gaplic.addTimeout(Math.max(0, seconds), () => this.#run());
  }

  #run(): void {
    this.#handle = null;
    if (!this.#running) return;
    const wait = this.#notBefore - this.#gaplic.clock.now();
    if (wait > 0) {
      this.#schedule(wait);
      return;
    }
    let next: unknown;
    try {
      next = this.#callback();
    } catch (error) {
      this.#gaplic._report(error, { kind: 'callback', gaplic: this.#gaplic });
    }
    if (this.#running && this.#handle === null) {
      this.#schedule(typeof next === 'number' && Number.isFinite(next) ? next : this.#period);
    }
  }
}
