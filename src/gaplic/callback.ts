/**
 * A periodic callback on a gaplic's timers (ginsfsm's tornado-style `Callback`). After
 * each run, a numeric return value is the delay before the next run; otherwise the
 * period applies. `delay()` pushes the next run a full period from now (for heartbeats
 * that only fire after a quiet period). Periods and returned delays are at least
 * 0.001 s (a shorter one would spin the loop): a shorter period is refused, a shorter
 * returned delay is raised to it.
 */
import { codedError } from '../errors.js';
import type { TimerHandle } from '../gobj/host.js';
import { kReportError } from '../symbols.js';
import { aDuration, aFunction, anInstanceOf, checkArgument, optional } from '../util/check.js';
import { MIN_PERIOD_SECONDS } from '../util/clock.js';
import { describeValue } from '../util/describe-value.js';
import { GAplic } from './gaplic.js';

export class Callback {
  readonly #callback: () => unknown;
  readonly #period: number;
  readonly #gaplic: GAplic;
  #handle: TimerHandle | null = null;
  #running = false;
  #notBefore = -Infinity;

  /** `period` in seconds (>= 0.001). Throws `GAplicError` for bad arguments. */
  constructor(callback: () => unknown, period: number, gaplic: GAplic) {
    checkArgument('GAPLIC_BAD_CALLBACK', 'Callback', 'callback', callback, aFunction);
    checkArgument('GAPLIC_BAD_TIMEOUT', 'Callback', 'period', period, aDuration);
    if (period < MIN_PERIOD_SECONDS) {
      throw codedError(
        'GAPLIC_BAD_TIMEOUT',
        `Callback: period got ${describeValue(period)}, expected at least ${MIN_PERIOD_SECONDS} s (a shorter period would spin the loop)`,
      );
    }
    checkArgument('GAPLIC_BAD_ARGUMENT', 'Callback', 'gaplic', gaplic, anInstanceOf(GAplic));
    this.#callback = callback;
    this.#period = period;
    this.#gaplic = gaplic;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Starts; the first run is after `timeout` seconds (default: the period). */
  start(timeout?: number): void {
    checkArgument('GAPLIC_BAD_TIMEOUT', 'Callback.start', 'timeout', timeout, optional(aDuration));
    this.stop();
    this.#running = true;
    this.#schedule(timeout ?? this.#period);
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
      this.#gaplic[kReportError](error, 'callback');
    }
    if (this.#running && this.#handle === null) {
      const delay = typeof next === 'number' && Number.isFinite(next) ? next : this.#period;
      this.#schedule(Math.max(delay, MIN_PERIOD_SECONDS));
    }
  }
}
