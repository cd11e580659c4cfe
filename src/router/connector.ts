/**
 * The connection side of a static route: it connects to the route's URLs in turn and,
 * whenever the connection is lost, connects again. A failed attempt moves to the next
 * URL at once; when a whole round of URLs has failed it pauses, from `reconnectMin`
 * doubling up to `reconnectMax` seconds, with ±20% jitter so that many clients of one
 * restarted server do not come back in step. A connection that completes the identity
 * handshake resets the pause.
 */
import type { TimerHandle } from '../gobj/host.js';

/** What the connector needs from the router's WebSocket side. */
export interface ConnectorHost {
  /** Opens a connection to `url`; returns how to abandon it. */
  open(url: string, done: (failure: string | null) => void): () => void;
  /** Runs `callback` in `seconds` (on the gaplic's timers). */
  later(seconds: number, callback: () => void): TimerHandle;
  cancel(timer: TimerHandle): void;
  readonly reconnectMin: number;
  readonly reconnectMax: number;
  /** Reports an attempt that failed. */
  failed(url: string, reason: string, retryIn: number): void;
}

export class Connector {
  readonly urls: readonly string[];
  readonly #host: ConnectorHost;
  #index = 0;
  /** Attempts failed in a row since the last handshake that completed. */
  #failures = 0;
  #timer: TimerHandle | null = null;
  #abandon: (() => void) | null = null;
  #stopped = false;

  constructor(urls: readonly string[], host: ConnectorHost) {
    this.urls = urls;
    this.#host = host;
  }

  /** The URL of the current (or last) attempt. */
  get url(): string {
    return this.urls[this.#index]!;
  }

  /** Connects now. */
  connect(): void {
    if (this.#stopped || this.#abandon !== null) return;
    this.#timer = null;
    const url = this.url;
    let settled = false;
    this.#abandon = this.#host.open(url, (failure) => {
      if (settled) return;
      settled = true;
      this.#abandon = null;
      if (failure !== null) this.#retry(url, failure);
    });
  }

  /** The handshake completed: the next loss reconnects quickly. */
  established(): void {
    this.#failures = 0;
  }

  /**
   * The connection was lost: after a completed handshake, connect again after the
   * shortest pause; before it (refused: a wrong token, a peer that is not a router) this
   * was a failed attempt.
   */
  lost(established: boolean, reason: string): void {
    if (this.#stopped) return;
    if (established) this.#schedule(this.#host.reconnectMin);
    else this.#retry(this.url, reason);
  }

  /** Stops connecting (the route is removed or the router stops). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#host.cancel(this.#timer);
    this.#timer = null;
    this.#abandon?.();
    this.#abandon = null;
  }

  #retry(url: string, reason: string): void {
    if (this.#stopped) return;
    this.#failures++;
    this.#index = (this.#index + 1) % this.urls.length;
    const delay = this.#delay();
    this.#host.failed(url, reason, delay);
    this.#schedule(delay);
  }

  /** No pause within a round of URLs; then doubling pauses with jitter. */
  #delay(): number {
    const n = this.urls.length;
    if (this.#failures % n !== 0) return 0;
    const rounds = this.#failures / n;
    const base = Math.min(this.#host.reconnectMax, this.#host.reconnectMin * 2 ** (rounds - 1));
    return base * (0.8 + 0.4 * Math.random());
  }

  #schedule(seconds: number): void {
    if (this.#timer !== null) this.#host.cancel(this.#timer);
    this.#timer = this.#host.later(seconds, () => this.connect());
  }
}
