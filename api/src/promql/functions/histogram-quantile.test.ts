import { describe, expect, it } from 'vitest';
import type { InstantVector } from '../values.js';
import { callVector, scalarOf, vectorOf } from './test-args.js';

function buckets(counts: Record<string, number>, extra: Record<string, string> = {}): InstantVector {
  return Object.entries(counts).map(([le, value]) => ({ labels: { __name__: 'h_bucket', job: 'a', ...extra, le }, value }));
}

function hq(q: number, input: InstantVector): InstantVector {
  return callVector('histogram_quantile', [scalarOf(q), vectorOf(input)]);
}

const regular = buckets({ '0.1': 10, '0.5': 20, '1': 30, '+Inf': 40 });

describe('histogram_quantile', () => {
  it.each([
    { q: 0.5, input: regular, want: 0.5 },
    { q: 0.25, input: regular, want: 0.1 },
    { q: 0.1, input: regular, want: 0.04 },
    { q: 0.6, input: regular, want: 0.7 },
    // A rank in the +Inf bucket gives the highest finite bound.
    { q: 0.9, input: regular, want: 1 },
    { q: 1, input: regular, want: 1 },
    { q: 0, input: regular, want: 0 },
    { q: -0.5, input: regular, want: -Infinity },
    { q: 1.5, input: regular, want: Infinity },
    { q: NaN, input: regular, want: NaN },
    // Without a +Inf bucket: NaN.
    { q: 0.5, input: buckets({ '0.1': 10, '1': 20 }), want: NaN },
    // Only the +Inf bucket, or no observations: NaN.
    { q: 0.5, input: buckets({ '+Inf': 10 }), want: NaN },
    { q: 0.5, input: buckets({ '1': 0, '+Inf': 0 }), want: NaN },
    // Non-monotonic counts are raised to the running maximum: 10, 10, 30, 40.
    { q: 0.5, input: buckets({ '0.1': 10, '0.5': 8, '1': 30, '+Inf': 40 }), want: 0.75 },
    // A first bucket with a bound ≤ 0 is returned as is.
    { q: 0.2, input: buckets({ '-1': 5, '+Inf': 10 }), want: -1 },
    // Bounds written differently but equal are merged: 1 and 1.0 → 20 in one bucket.
    { q: 0.5, input: buckets({ '1': 10, '1.0': 10, '+Inf': 20 }).concat(), want: 0.5 },
    // Buckets in any order, with +Inf spelled as Go parses it.
    { q: 0.5, input: buckets({ '+inf': 40, '1': 30, '0.1': 10, '0.5': 20 }), want: 0.5 },
  ])('φ=$q → $want', ({ q, input, want }) => {
    const out = hq(q, input);
    expect(out).toHaveLength(1);
    expect(out[0].labels).toEqual({ job: 'a' });
    if (Number.isNaN(want)) expect(out[0].value).toBeNaN();
    else expect(out[0].value).toBeCloseTo(want, 12);
  });

  it('groups by all labels but le, and skips elements without a usable le', () => {
    const input = [
      ...buckets({ '1': 5, '+Inf': 10 }, { code: '200' }),
      ...buckets({ '1': 10, '+Inf': 10 }, { code: '500' }),
      { labels: { __name__: 'h_bucket', job: 'a', code: '200', le: 'abc' }, value: 100 },
      { labels: { __name__: 'h_bucket', job: 'a', code: '404' }, value: 100 },
    ];
    const out = hq(0.5, input);
    expect(out).toEqual([
      { labels: { job: 'a', code: '200' }, value: 1 },
      { labels: { job: 'a', code: '500' }, value: 0.5 },
    ]);
  });

  it('gives nothing for an empty vector', () => {
    expect(hq(0.5, [])).toEqual([]);
  });
});
