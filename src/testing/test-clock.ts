/**
 * TestClock: a Clock whose time moves only when the test says so. `advance(seconds)`
 * walks through every host timer due in that span in deadline order (ties in creation
 * order), running deferred callbacks (queue drains) after each, so a running gaplic
 * processes everything up to the new time synchronously and deterministically.
 */
import type { Clock } from '../gaplic/clock.js';

interface PendingTimer {
  readonly deadline: number;
  readonly seq: number;
  readonly callback: () => void;
}

/** Steps of deferred work or timers one `advance()` may run before it gives up. */
const MAX_STEPS = 10_000_000;

export class TestClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Set<PendingTimer>();
  #deferred: (() => void)[] = [];

  /** Starts at `start` seconds. */
  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, seconds: number): unknown {
    const timer = { deadline: this.#now + Math.max(0, seconds), seq: this.#seq++, callback };
    this.#timers.add(timer);
    return timer;
  }

  clearTimer(handle: unknown): void {
    this.#timers.delete(handle as PendingTimer);
  }

  defer(callback: () => void): void {
    this.#deferred.push(callback);
  }

  /** Host timers pending (a running gaplic keeps one armed). */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Runs deferred callbacks (and those they defer) until none is left. */
  flush(): void {
    for (let steps = 0; this.#deferred.length > 0; steps++) {
      if (steps > MAX_STEPS) throw new Error('TestClock.flush: deferred work never ends');
      const batch = this.#deferred;
      this.#deferred = [];
      for (const callback of batch) callback();
    }
  }

  /**
   * Moves time forward by `seconds`, firing each host timer at its own deadline and
   * flushing deferred work after each.
   */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(
        `TestClock.advance: seconds must be a finite number >= 0, got ${seconds}`,
      );
    }
    const target = this.#now + seconds;
    this.flush();
    for (let steps = 0; ; steps++) {
      if (steps > MAX_STEPS) throw new Error('TestClock.advance: timers never stop firing');
      const next = this.#earliest(target);
      if (next === undefined) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.deadline);
      next.callback();
      this.flush();
    }
    this.#now = target;
  }

  #earliest(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.#timers) {
      if (t.deadline > limit) continue;
      if (
        best === undefined ||
        t.deadline < best.deadline ||
        (t.deadline === best.deadline && t.seq < best.seq)
      ) {
        best = t;
      }
    }
    return best;
  }
}
