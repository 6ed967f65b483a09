import { describe, expect, it } from 'vitest';
import { addExponentialBuckets, downscale, toCumulativeBuckets, type ExponentialBuckets } from './exponential-histogram.js';

const buckets = (scale: number, positive: Record<number, number>, rest: Partial<ExponentialBuckets> = {}): ExponentialBuckets => ({
  scale,
  zeroCount: 0,
  zeroThreshold: 0,
  negative: new Map(),
  ...rest,
  positive: new Map(Object.entries(positive).map(([i, c]) => [Number(i), c])),
});

describe('exponential histogram conversion', () => {
  it('downscales by merging 2^k buckets, negative indexes included', () => {
    const d = downscale(buckets(2, { [-5]: 1, [-4]: 2, [-1]: 3, 0: 4, 3: 5, 4: 6 }), 0);
    expect([...d.positive].sort((a, b) => a[0] - b[0])).toEqual([
      [-2, 1],
      [-1, 5],
      [0, 9],
      [1, 6],
    ]);
  });

  it('gives increasing le bounds with cumulative counts, empty buckets in between included', () => {
    expect(toCumulativeBuckets(buckets(0, { 0: 2, 2: 3 }, { zeroCount: 1 }))).toEqual([
      { le: 0, count: 1 },
      { le: 2, count: 3 },
      { le: 4, count: 3 },
      { le: 8, count: 6 },
    ]);
  });

  it('keeps a large zero threshold below the lowest positive bucket', () => {
    const out = toCumulativeBuckets(buckets(0, { 1: 1 }, { zeroCount: 2, zeroThreshold: 5 }));
    expect(out).toEqual([
      { le: 2, count: 2 },
      { le: 4, count: 3 },
    ]);
  });

  it('adds delta points at the coarser of the two scales', () => {
    const sum = addExponentialBuckets(buckets(3, { 8: 1, 9: 1 }), buckets(2, { 4: 5 }, { zeroCount: 1 }));
    expect(sum.scale).toBe(2);
    expect([...sum.positive]).toEqual([[4, 7]]);
    expect(sum.zeroCount).toBe(1);
  });
});
