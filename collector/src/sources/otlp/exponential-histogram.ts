import type { OtlpExponentialBuckets, OtlpExponentialHistogramDataPoint } from './otlp-model.js';

/**
 * An OTLP exponential histogram point with sparse buckets: bucket `i` at scale `s` holds the values whose absolute
 * value lies in (base^i, base^(i+1)], base = 2^(2^-s); `negative` the same for values below zero.
 */
export interface ExponentialBuckets {
  readonly scale: number;
  readonly zeroCount: number;
  readonly zeroThreshold: number;
  readonly positive: ReadonlyMap<number, number>;
  readonly negative: ReadonlyMap<number, number>;
}

/** One cumulative bucket of a classic (explicit-bound) histogram: the count of values <= `le`. */
export interface CumulativeBucket {
  readonly le: number;
  readonly count: number;
}

/** The sparse buckets of a decoded OTLP point, brought down to at most `maxScale` (see downscale). */
export function exponentialBucketsOf(p: OtlpExponentialHistogramDataPoint, maxScale: number): ExponentialBuckets {
  const scale = p.scale ?? 0;
  const b: ExponentialBuckets = {
    scale,
    zeroCount: Number(p.zeroCount ?? 0),
    zeroThreshold: p.zeroThreshold ?? 0,
    positive: sparse(p.positive),
    negative: sparse(p.negative),
  };
  return scale > maxScale ? downscale(b, maxScale) : b;
}

/**
 * The same histogram at a coarser scale: each new bucket is the merge of 2^(scale - newScale) old ones (index
 * `i` becomes `i >> (scale - newScale)`), exactly as the SDKs downscale. Bucket bounds at a coarser scale are a
 * subset of those at a finer one, so a series' `le` values keep their meaning when a point's scale changes.
 */
export function downscale(b: ExponentialBuckets, newScale: number): ExponentialBuckets {
  if (newScale >= b.scale) return b;
  const shift = b.scale - newScale;
  const merge = (m: ReadonlyMap<number, number>): Map<number, number> => {
    const out = new Map<number, number>();
    for (const [i, c] of m) {
      const j = Math.floor(i / 2 ** shift);
      out.set(j, (out.get(j) ?? 0) + c);
    }
    return out;
  };
  return { ...b, scale: newScale, positive: merge(b.positive), negative: merge(b.negative) };
}

/** Adds `delta` to `acc` (both brought to the coarser of the two scales); used to accumulate delta points. */
export function addExponentialBuckets(acc: ExponentialBuckets, delta: ExponentialBuckets): ExponentialBuckets {
  const scale = Math.min(acc.scale, delta.scale);
  const a = downscale(acc, scale);
  const d = downscale(delta, scale);
  const add = (x: ReadonlyMap<number, number>, y: ReadonlyMap<number, number>): Map<number, number> => {
    const out = new Map(x);
    for (const [i, c] of y) out.set(i, (out.get(i) ?? 0) + c);
    return out;
  };
  return {
    scale,
    zeroCount: a.zeroCount + d.zeroCount,
    zeroThreshold: Math.max(a.zeroThreshold, d.zeroThreshold),
    positive: add(a.positive, d.positive),
    negative: add(a.negative, d.negative),
  };
}

/**
 * Explicit cumulative buckets for an exponential histogram (the `+Inf` bucket, which is the point's count, is
 * left to the caller):
 * - for each negative bucket `i` (from the most negative values up): `le = -base^i`, the count of negative values
 *   at or below it;
 * - `le = zeroThreshold` (0 for the usual threshold 0; never above the lowest positive bucket's lower bound): all
 *   negative values plus the zero bucket, when there are any;
 * - for each positive bucket `i` from the lowest to the highest populated one (empty ones in between included, so
 *   the set of `le` values only grows as data comes in): `le = base^(i+1)`, everything up to it.
 */
export function toCumulativeBuckets(b: ExponentialBuckets): CumulativeBucket[] {
  const out: CumulativeBucket[] = [];
  const bound = (i: number): number => 2 ** (i / 2 ** b.scale);
  let cumulative = 0;
  const neg = populatedRange(b.negative);
  if (neg !== undefined) {
    let negTotal = 0;
    for (const c of b.negative.values()) negTotal += c;
    // le = -base^i counts the negative values v <= -base^i, i.e. the buckets with index >= i.
    let above = negTotal;
    for (let i = neg.min; i <= neg.max; i++) {
      out.push({ le: -bound(i), count: above });
      above -= b.negative.get(i) ?? 0;
    }
    // le grows as i falls: reverse to ascending le.
    out.reverse();
    cumulative = negTotal;
  }
  cumulative += b.zeroCount;
  const pos = populatedRange(b.positive);
  // The zero bucket's bound, kept below the lowest positive bucket so the bounds stay increasing.
  const zeroLe = pos !== undefined ? Math.min(b.zeroThreshold, bound(pos.min)) : b.zeroThreshold;
  if (cumulative > 0) out.push({ le: zeroLe, count: cumulative });
  if (pos !== undefined) {
    for (let i = pos.min; i <= pos.max; i++) {
      cumulative += b.positive.get(i) ?? 0;
      out.push({ le: bound(i + 1), count: cumulative });
    }
  }
  return out;
}

function sparse(buckets: OtlpExponentialBuckets | undefined): Map<number, number> {
  const out = new Map<number, number>();
  const offset = buckets?.offset ?? 0;
  (buckets?.bucketCounts ?? []).forEach((c, k) => {
    const n = Number(c);
    if (n > 0) out.set(offset + k, n);
  });
  return out;
}

function populatedRange(m: ReadonlyMap<number, number>): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const [i, c] of m) {
    if (c <= 0) continue;
    if (i < min) min = i;
    if (i > max) max = i;
  }
  return min === Infinity ? undefined : { min, max };
}
