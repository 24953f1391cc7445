/** Pure statistics helpers for latency samples (milliseconds). */

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  /** null below MIN_P99_SAMPLES: from fewer samples the "99th percentile" is just the maximum. */
  p99: number | null;
  max: number;
  mean: number;
}

/**
 * The p-th percentile (0–100) of an ascending array, interpolating linearly between the two
 * nearest ranks (numpy's default), so p50 of [1, 2, 3, 4] is 2.5. NaN for an empty array.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (p <= 0) return sorted[0]!;
  if (p >= 100) return sorted[n - 1]!;
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

/** Fewest samples a p99 is reported from (with 100, one sample in a hundred lies above it). */
export const MIN_P99_SAMPLES = 100;

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const n = sorted.length;
  return {
    n,
    min: n ? sorted[0]! : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: n >= MIN_P99_SAMPLES ? percentile(sorted, 99) : null,
    max: n ? sorted[n - 1]! : Number.NaN,
    mean: n ? sum / n : Number.NaN,
  };
}

/** Rounds for reports: 3 significant decimals below 10, 2 below 100, 1 above; null stays null. */
export function round(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const abs = Math.abs(value);
  const digits = abs < 10 ? 3 : abs < 100 ? 2 : 1;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** a / b, or null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (
    a === null ||
    a === undefined ||
    b === null ||
    b === undefined ||
    !Number.isFinite(a) ||
    !Number.isFinite(b) ||
    b === 0
  )
    return null;
  return a / b;
}

/** Appends into a growable Float64Array-backed buffer (cheap to send over IPC with `advanced` serialization). */
export class Samples {
  private buf = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = value;
  }

  toArray(): Float64Array {
    return this.buf.slice(0, this.length);
  }
}
