/**
 * A gaplic's timers: its `addTimeout` entries (`entry-lists.ts`) and its GTimers, each its
 * own node (`timer-lists.ts`), fired in one (deadline, insertion) order, plus the one host
 * timer armed for the earliest deadline, on the gaplic's clock. While the gaplic runs, a timer is
 * always armed (far in the future when idle), which also keeps the host process alive.
 *
 * Periodic timers are rescheduled from their previous deadline, not from the time they
 * ran, so they do not drift; after a stall they fire once and rejoin their grid.
 * Deadlines are rounded to the nanosecond so that sums of decimal periods (0.1 + 0.2)
 * land on the deadline a reader expects.
 *
 * `stop()` suspends: the host timer is disarmed (nothing keeps the process alive) but
 * the timers stay scheduled; they fire, late, after the next `start()` or `runDue()`.
 * The host timer is re-armed on every exit of its callback, even one that throws, so
 * a failure can never leave the gaplic without a wake-up.
 */
import type { TimerHandle } from '../gobj/host.js';
import { MAX_TIMER_SECONDS, type Clock } from '../util/clock.js';
import { kDeadline, kExpire, kPeriodic, kSeq } from '../symbols.js';
import { EntryLists, type TimerEntry, type TimerSequence } from './entry-lists.js';
import { TimerLists, type TimerNode } from './timer-lists.js';

/** @internal */
export class Timers {
  readonly #seq: TimerSequence = { next: 0 };
  readonly #entries = new EntryLists(this.#seq);
  readonly #nodes = new TimerLists(this.#seq);
  readonly #clock: Clock;
  readonly #report: (error: unknown) => void;
  readonly #wake: () => void;
  #armed: unknown = null;
  #armedAt = Infinity;
  #running = false;
  readonly #onHostTimer = (): void => {
    this.#armed = null;
    this.#armedAt = Infinity;
    try {
      this.#wake();
    } finally {
      this.#arm();
    }
  };

  /** `report` receives timer callback errors; `wake` runs when the host timer fires. */
  constructor(clock: Clock, report: (error: unknown) => void, wake: () => void) {
    this.#clock = clock;
    this.#report = report;
    this.#wake = wake;
  }

  /** Live timers. */
  get size(): number {
    return this.#entries.size + this.#nodes.size;
  }

  /** Schedules `callback()` in `seconds`, then every `period` seconds if > 0. */
  add(seconds: number, callback: () => void, period: number): TimerHandle {
    const entry = this.#entries.schedule(
      roundNs(this.#clock.now() + seconds),
      callback,
      period,
      seconds,
    );
    if (this.#running && entry.deadline < this.#armedAt) this.#arm();
    return entry as unknown as TimerHandle;
  }

  /**
   * Schedules `node` (a GTimer: its own node) in `seconds`, cancelling its previous
   * scheduling; nothing is allocated. Its `[kPeriodic]` says whether it repeats.
   */
  schedule(node: TimerNode, seconds: number): void {
    const deadline = roundNs(this.#clock.now() + seconds);
    this.#nodes.reschedule(node, deadline, seconds);
    if (this.#running && deadline < this.#armedAt) this.#arm();
  }

  /** Unschedules `node`; false if it was not scheduled. */
  unschedule(node: TimerNode): boolean {
    return this.#nodes.remove(node);
  }

  remove(handle: TimerHandle): boolean {
    return this.#entries.cancel(handle as unknown as TimerEntry);
  }

  /** True when a timer is due now. */
  hasDue(): boolean {
    const deadline = this.nextDeadline();
    return deadline !== undefined && deadline <= this.#clock.now();
  }

  /** The earliest deadline (clock seconds), or undefined. */
  nextDeadline(): number | undefined {
    const entry = this.#entries.peek()?.deadline ?? Infinity;
    const node = this.#nodes.peek()?.[kDeadline] ?? Infinity;
    const earliest = Math.min(entry, node);
    return earliest === Infinity ? undefined : earliest;
  }

  /**
   * Fires every timer due now, in (deadline, insertion) order. Timers scheduled while
   * firing wait for the next pass, so a timer that re-adds itself cannot spin here.
   * A callback that throws is reported and the pass goes on.
   */
  runDue(): number {
    const now = this.#clock.now();
    const limit = this.#seq.next;
    const wasRunning = this.#running;
    let fired = 0;
    for (;;) {
      const entry = this.#entries.peek();
      const node = this.#nodes.peek();
      // The earlier of the two heads; a node only when it comes first.
      const byNode =
        node !== undefined &&
        (entry === undefined ||
          node[kDeadline] < entry.deadline ||
          (node[kDeadline] === entry.deadline && node[kSeq] < entry.seq));
      if (!byNode && entry === undefined) break;
      const deadline = byNode ? node[kDeadline] : entry!.deadline;
      const seq = byNode ? node[kSeq] : entry!.seq;
      if (deadline > now || seq >= limit || (wasRunning && !this.#running)) break;
      fired++;
      try {
        if (byNode) this.#fireNode(node, now);
        else this.#fireEntry(entry!, now);
      } catch (error) {
        this.#report(error);
      }
    }
    return fired;
  }

  #fireEntry(entry: TimerEntry, now: number): void {
    const callback = entry.callback!;
    if (entry.period > 0) {
      this.#entries.reschedule(entry, nextRun(entry.deadline, entry.period, now), entry.period);
    } else {
      this.#entries.pop();
      entry.callback = null;
    }
    callback();
  }

  #fireNode(node: TimerNode, now: number): void {
    const nodes = this.#nodes;
    if (node[kPeriodic]) {
      const period = nodes.firstKey;
      nodes.reschedule(node, nextRun(node[kDeadline], period, now), period);
    } else {
      nodes.pop();
    }
    node[kExpire]();
  }

  start(): void {
    this.#running = true;
    this.#arm();
  }

  /** Disarms the host timer; the timers stay scheduled. */
  stop(): void {
    this.#running = false;
    this.#disarm();
  }

  #arm(): void {
    if (!this.#running) return;
    const now = this.#clock.now();
    const deadline = this.nextDeadline() ?? now + MAX_TIMER_SECONDS;
    if (this.#armed !== null && this.#armedAt <= deadline) return;
    this.#disarm();
    this.#armedAt = deadline;
    this.#armed = this.#clock.setTimer(this.#onHostTimer, Math.max(0, deadline - now));
  }

  #disarm(): void {
    if (this.#armed !== null) this.#clock.clearTimer(this.#armed);
    this.#armed = null;
    this.#armedAt = Infinity;
  }
}

/** The next deadline of a periodic timer due at `deadline`: on its grid, after `now`. */
function nextRun(deadline: number, period: number, now: number): number {
  const next = roundNs(deadline + period);
  if (next > now) return next;
  const missed = Math.floor((now - deadline) / period);
  return roundNs(deadline + period * (missed + 1));
}

function roundNs(seconds: number): number {
  return Math.round(seconds * 1e9) / 1e9;
}
