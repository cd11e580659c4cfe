/**
 * Round-trip latencies as a log-linear histogram (HdrHistogram's idea, small): each power
 * of two of microseconds is cut into SUB buckets, so memory stays constant however long the
 * demo runs (`rounds = 0` runs until Ctrl-C) and a percentile is within 1/SUB (1.6 %) of
 * the latency it stands for. The maximum is kept exactly.
 *
 *   µs:  1 2 3 4 5 6 7 8 ... 64 65 ... 127 128 130 ... 254 256 260 ...
 *        └ one bucket each ┘    └ 64 buckets ┘ └ 64 buckets ┘ └ ...
 */
const SUB = 64;
/** Powers of two of microseconds: up to 2^40 µs, about 12 days. */
const OCTAVES = 40;

export class LatencyHistogram {
  readonly #counts = new Uint32Array(SUB * OCTAVES);
  #count = 0;
  #maxMs = 0;

  /** Records one round trip of `ms` milliseconds. */
  record(ms: number): void {
    this.#counts[indexOf(ms)]! += 1;
    this.#count += 1;
    if (ms > this.#maxMs) this.#maxMs = ms;
  }

  get count(): number {
    return this.#count;
  }

  /** The largest latency recorded, exact (0 before any). */
  get maxMs(): number {
    return this.#maxMs;
  }

  /**
   * The nearest-rank `p`-th percentile (0 < p ≤ 100) in milliseconds: the upper bound of
   * the bucket holding it, never above the maximum; 0 before any round trip.
   */
  percentile(p: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.#count));
    let seen = 0;
    for (let i = 0; i < this.#counts.length; i++) {
      seen += this.#counts[i]!;
      if (seen >= rank) return Math.min(upperBoundMs(i), this.#maxMs);
    }
    return this.#maxMs;
  }
}

function indexOf(ms: number): number {
  const us = Math.max(1, ms * 1000);
  const octave = Math.min(OCTAVES - 1, Math.floor(Math.log2(us)));
  const base = 2 ** octave;
  const sub = Math.min(SUB - 1, Math.floor(((us - base) / base) * SUB));
  return octave * SUB + sub;
}

function upperBoundMs(index: number): number {
  const base = 2 ** Math.floor(index / SUB);
  return (base + ((index % SUB) + 1) * (base / SUB)) / 1000;
}
