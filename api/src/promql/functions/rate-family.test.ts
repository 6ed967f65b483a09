import { describe, expect, it } from 'vitest';
import type { FunctionArg, InstantVector } from '../values.js';
import { extrapolatedRate, extrapolatedRateOf } from './rate-family.js';
import { callVector, matrixOf, windowOf } from './test-args.js';

/** A 60 s window (0, 60 s] holding one series. */
function matrix(points: Array<[number, number]>, labels: Record<string, string> = { __name__: 'x', job: 'a' }): FunctionArg {
  return matrixOf([windowOf(labels, points)]);
}

function call(name: string, arg: FunctionArg): InstantVector {
  return callVector(name, [arg]);
}

const steady: Array<[number, number]> = [10, 20, 30, 40, 50, 60].map((t) => [t, t]);

describe('rate, increase, delta (extrapolatedRate)', () => {
  it.each([
    // Samples every 10 s from 10 s to 60 s: 50 over 50 s, the start extrapolated by 10 s (within 1.1 intervals).
    { name: 'increase', points: steady, want: 60 },
    { name: 'rate', points: steady, want: 1 },
    { name: 'delta', points: steady, want: 60 },
    // A counter reset adds the value before the drop: 15 + 30 = 45, × 60/50.
    { name: 'increase', points: [[10, 10], [20, 20], [30, 30], [40, 5], [50, 15], [60, 25]], want: 54 },
    { name: 'rate', points: [[10, 10], [20, 20], [30, 30], [40, 5], [50, 15], [60, 25]], want: 0.9 },
    // delta does not treat drops as resets.
    { name: 'delta', points: [[10, 10], [20, 20], [30, 30], [40, 5], [50, 15], [60, 25]], want: 18 },
    // A counter starting at zero is not extrapolated before its zero point.
    { name: 'increase', points: [[30, 0], [40, 10], [50, 20], [60, 30]], want: 30 },
    // The same shape as a gauge: the start is 30 s away (over 1.1 intervals), so only half an interval is added.
    { name: 'delta', points: [[30, 0], [40, 10], [50, 20], [60, 30]], want: 35 },
    // Window only partly covered: both ends are further than 1.1 intervals, so half an interval each side.
    { name: 'increase', points: [[30, 100], [40, 110]], want: 20 },
    { name: 'rate', points: [[30, 100], [40, 110]], want: 20 / 60 },
    { name: 'delta', points: [[30, 50], [40, 40]], want: -20 },
  ] as Array<{ name: string; points: Array<[number, number]>; want: number }>)('$name over $points = $want', ({ name, points, want }) => {
    const out = call(name, matrix(points));
    expect(out).toHaveLength(1);
    expect(out[0].value).toBeCloseTo(want, 10);
  });

  it('drops the metric name and keeps the other labels', () => {
    expect(call('rate', matrix(steady))[0].labels).toEqual({ job: 'a' });
  });

  it('gives nothing for a series with a single sample', () => {
    expect(call('rate', matrix([[30, 5]]))).toEqual([]);
    expect(call('delta', matrix([[30, 5]]))).toEqual([]);
  });

  it('uses the window bounds it is given (offset windows)', () => {
    const arg = matrixOf([windowOf({ job: 'a' }, [[1010, 10], [1020, 20], [1030, 30], [1040, 40], [1050, 50], [1060, 60]])], 1_060_000);
    expect(call('increase', arg)[0].value).toBeCloseTo(60, 10);
  });

  it('returns one element per series', () => {
    const arg = matrixOf([windowOf({ job: 'a' }, steady), windowOf({ job: 'b' }, [[60, 1]]), windowOf({ job: 'c' }, [[50, 0], [60, 10]])]);
    expect(call('increase', arg).map((e) => e.labels.job)).toEqual(['a', 'c']);
  });
});

describe('irate, idelta', () => {
  it.each([
    { name: 'irate', points: [[10, 10], [20, 20], [30, 40]], want: 2 },
    // A drop is a reset: the last value is the increase.
    { name: 'irate', points: [[10, 10], [20, 20], [30, 5]], want: 0.5 },
    { name: 'idelta', points: [[10, 10], [20, 20], [30, 5]], want: -15 },
    { name: 'idelta', points: [[10, 1], [50, 4]], want: 3 },
  ] as Array<{ name: string; points: Array<[number, number]>; want: number }>)('$name over $points = $want', ({ name, points, want }) => {
    expect(call(name, matrix(points))[0].value).toBeCloseTo(want, 12);
  });

  it('needs two samples', () => {
    expect(call('irate', matrix([[10, 1]]))).toEqual([]);
  });
});

describe('extrapolatedRateOf (the engine reading a window as index bounds into a whole series)', () => {
  const ts = Float64Array.from([0, 15, 30, 45, 60, 75, 90, 105].map((s) => s * 1000));
  const vs = Float64Array.from([5, 9, 14, 3, 8, 20, 26, 30]);
  const bounds = { windowStartMs: 20_000, windowEndMs: 100_000, rangeMs: 80_000 };

  it('gives what extrapolatedRate gives for the same samples as a window, counter resets included', () => {
    const window = { labels: {}, timestamps: ts.slice(2, 7), values: vs.slice(2, 7) };
    const arg = { kind: 'matrix' as const, value: [window], ...bounds };
    for (const [isCounter, isRate] of [[true, true], [true, false], [false, false]] as const) {
      expect(extrapolatedRateOf(ts, vs, 2, 7, bounds, isCounter, isRate)).toBe(extrapolatedRate(window, arg, isCounter, isRate));
    }
  });

  it('skipping the reset scan changes nothing when the range has no drop, and fewer than two samples give none', () => {
    expect(extrapolatedRateOf(ts, vs, 4, 8, bounds, true, true, false)).toBe(extrapolatedRateOf(ts, vs, 4, 8, bounds, true, true, true));
    expect(extrapolatedRateOf(ts, vs, 4, 5, bounds, true, true)).toBeUndefined();
  });
});
