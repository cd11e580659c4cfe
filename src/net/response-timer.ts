/**
 * responseTimeout without a timer per request. Every request has the same timeout, so
 * the one that arrived first expires first: requests are kept in arrival order (a Map
 * keeps its insertion order) with the time they arrived, and one timer of the gaplic is
 * armed for the oldest deadline. When it fires, it expires every request past its
 * deadline and is armed again for the oldest left, but never sooner than a sixteenth of
 * the timeout: under a steady load it fires about 16 times per timeout, and a request
 * expires at most that much after its deadline.
 *
 *   arrival order ─▶  [r1 t=0.0] [r2 t=0.4] [r3 t=2.1] ...      timeout 5 s
 *                       ▲ timer at 5.0: r1 expires, then armed at max(5.4, 5 + 5/16)
 *
 * A request answered (or gone) is deleted: O(1). The timer runs on the gaplic's clock,
 * so a TestClock drives it in tests.
 */
import type { GObjHost, TimerHandle } from '../gobj/host.js';

export class ResponseTimer<T> {
  readonly #host: GObjHost;
  readonly #seconds: number;
  readonly #expire: (item: T) => void;
  /** Each timed item and when it arrived, oldest first. */
  readonly #started = new Map<T, number>();
  #timer: TimerHandle | null = null;
  #stopped = false;
  readonly #tick = (): void => {
    this.#timer = null;
    this.#sweep();
  };

  /** Calls `expire(item)` for each item added and not deleted within `seconds`. */
  constructor(host: GObjHost, seconds: number, expire: (item: T) => void) {
    this.#host = host;
    this.#seconds = seconds;
    this.#expire = expire;
  }

  /** Starts timing `item` (its request arrived now). */
  add(item: T): void {
    this.#started.set(item, this.#host.clock.now());
    if (this.#timer === null && !this.#stopped) {
      this.#timer = this.#host.addTimeout(this.#seconds, this.#tick);
    }
  }

  /** Stops timing `item` (answered, refused, or gone); nothing if it is not timed. */
  delete(item: T): void {
    this.#started.delete(item);
  }

  /** Forgets every item and disarms the timer, for good. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#host.removeTimeout(this.#timer);
    this.#timer = null;
    this.#started.clear();
  }

  #sweep(): void {
    const seconds = this.#seconds;
    const now = this.#host.clock.now();
    for (const [item, started] of this.#started) {
      const wait = started + seconds - now;
      if (wait > 0) {
        if (!this.#stopped) {
          this.#timer = this.#host.addTimeout(Math.max(wait, seconds / 16), this.#tick);
        }
        return;
      }
      this.#started.delete(item);
      this.#expire(item);
    }
  }
}
