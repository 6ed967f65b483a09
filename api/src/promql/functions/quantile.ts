import { goSort } from './go-sort.js';

/** A classic histogram bucket: upper bound (`le`) and cumulative count. */
export interface Bucket {
  upperBound: number;
  count: number;
}

/** Prometheus's `vectorByValueHeap.Less`: NaN sorts first, then ascending. */
export function valueLess(a: number, b: number): boolean {
  if (Number.isNaN(a)) return true;
  return a < b;
}

/**
 * The φ-quantile of values as Prometheus's `quantile()` (quantile.go): NaN for no values or NaN φ, -Inf for
 * φ < 0, +Inf for φ > 1, otherwise linear interpolation between the two closest ranks. Sorts `values` in place.
 */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  goSort(values, valueLess);
  const n = values.length;
  const rank = q * (n - 1);
  const lowerIndex = Math.max(0, Math.floor(rank));
  const upperIndex = Math.min(n - 1, lowerIndex + 1);
  const weight = rank - Math.floor(rank);
  return values[lowerIndex] * (1 - weight) + values[upperIndex] * weight;
}

/**
 * The φ-quantile of a classic histogram as Prometheus's `bucketQuantile()`: buckets sorted by bound, the highest
 * bound must be +Inf (else NaN), equal bounds merged, counts forced monotonic, fewer than two buckets or zero
 * observations give NaN, and the quantile is interpolated linearly inside its bucket (the first bucket starts at
 * 0 unless its bound is ≤ 0; a rank in the +Inf bucket gives the second-highest bound).
 */
export function bucketQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  let buckets = input.map((b) => ({ upperBound: b.upperBound, count: b.count }));
  goSort(buckets, (a, b) => a.upperBound < b.upperBound);
  if (buckets[buckets.length - 1].upperBound !== Infinity) return NaN;
  buckets = coalesceBuckets(buckets);
  ensureMonotonic(buckets);
  if (buckets.length < 2) return NaN;
  const observations = buckets[buckets.length - 1].count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  const b = searchFirst(buckets.length - 1, (i) => buckets[i].count >= rank);
  if (b === buckets.length - 1) return buckets[buckets.length - 2].upperBound;
  if (b === 0 && buckets[0].upperBound <= 0) return buckets[0].upperBound;
  let bucketStart = 0;
  const bucketEnd = buckets[b].upperBound;
  let count = buckets[b].count;
  if (b > 0) {
    bucketStart = buckets[b - 1].upperBound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/** Go's `sort.Search`: the smallest i in [0, n) for which f is true, or n. */
function searchFirst(n: number, f: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (!f(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function coalesceBuckets(buckets: Bucket[]): Bucket[] {
  let last = buckets[0];
  let i = 0;
  for (const b of buckets.slice(1)) {
    if (b.upperBound === last.upperBound) {
      last = { upperBound: last.upperBound, count: last.count + b.count };
    } else {
      buckets[i] = last;
      last = b;
      i++;
    }
  }
  buckets[i] = last;
  return buckets.slice(0, i + 1);
}

function ensureMonotonic(buckets: Bucket[]): void {
  let max = buckets[0].count;
  for (let i = 1; i < buckets.length; i++) {
    if (buckets[i].count > max) max = buckets[i].count;
    else if (buckets[i].count < max) buckets[i].count = max;
  }
}
