/**
 * TestClock: a Clock whose time moves only when the test says so. `advance(seconds)`
 * walks through every host timer due in that span in deadline order (ties in creation
 * order), running deferred callbacks (queue drains) after each, so a running gaplic
 * processes everything up to the new time synchronously and deterministically.
 */
import { codedError } from '../errors.js';
import type { Clock } from '../util/clock.js';
import { checkArgument, type Expect } from '../util/check.js';
import { describeValue } from '../util/describe-value.js';

const aFiniteNumber: Expect = {
  test: (v) => typeof v === 'number' && Number.isFinite(v),
  expected: 'a finite number of seconds',
};

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
  /** True while this clock runs a callback: advancing from inside it would nest events. */
  #busy = false;

  /** Starts at `start` seconds. */
  constructor(start = 0) {
    checkArgument('GAPLIC_BAD_ARGUMENT', 'TestClock', 'start', start, aFiniteNumber);
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

  /**
   * Runs deferred callbacks (and those they defer) until none is left. Throws
   * `GAPLIC_REENTRANT_RUN` when called from inside a callback it runs.
   */
  flush(): void {
    this.#enter('flush');
    try {
      this.#flush();
    } finally {
      this.#busy = false;
    }
  }

  #flush(): void {
    for (let steps = 0; this.#deferred.length > 0; steps++) {
      if (steps > MAX_STEPS) throw neverIdle('TestClock.flush: deferred work never ends');
      const batch = this.#deferred;
      this.#deferred = [];
      for (let i = 0; i < batch.length; i++) {
        try {
          batch[i]!();
        } catch (error) {
          // Nothing deferred is lost: the callbacks not yet run stay first in line.
          this.#deferred = [...batch.slice(i + 1), ...this.#deferred];
          throw error;
        }
      }
    }
  }

  #enter(what: string): void {
    if (this.#busy) {
      throw codedError(
        'GAPLIC_REENTRANT_RUN',
        `TestClock.${what}() was called from inside a callback it runs (an action or timer); the event would run inside another`,
      );
    }
    this.#busy = true;
  }

  /**
   * Moves time forward by `seconds`, firing each host timer at its own deadline and
   * flushing deferred work after each.
   */
  advance(seconds: number): void {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw codedError(
        'GAPLIC_BAD_TIMEOUT',
        `TestClock.advance: seconds got ${describeValue(seconds)}, expected a finite number >= 0`,
      );
    }
    this.#enter('advance');
    try {
      const target = this.#now + seconds;
      this.#flush();
      for (let steps = 0; ; steps++) {
        if (steps > MAX_STEPS) throw neverIdle('TestClock.advance: timers never stop firing');
        const next = this.#earliest(target);
        if (next === undefined) break;
        this.#timers.delete(next);
        this.#now = Math.max(this.#now, next.deadline);
        next.callback();
        this.#flush();
      }
      this.#now = target;
    } finally {
      this.#busy = false;
    }
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

function neverIdle(message: string): Error {
  return codedError('GAPLIC_NEVER_IDLE', `${message} after ${MAX_STEPS} steps`);
}
