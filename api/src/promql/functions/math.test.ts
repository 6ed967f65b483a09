import { describe, expect, it } from 'vitest';
import { callVector, scalarOf, vectorOf } from './test-args.js';

const el = (value: number): { labels: { __name__: string; job: string }; value: number } => ({
  labels: { __name__: 'm', job: 'a' },
  value,
});

function one(name: string, value: number, ...scalars: number[]): number {
  const out = callVector(name, [vectorOf([el(value)]), ...scalars.map(scalarOf)]);
  expect(out[0].labels).toEqual({ job: 'a' });
  return out[0].value;
}

describe('math functions', () => {
  it.each([
    ['abs', -2, 2],
    ['ceil', 1.2, 2],
    ['floor', -1.2, -2],
    ['exp', 0, 1],
    ['ln', Math.E, 1],
    ['log2', 8, 3],
    ['log10', 1000, 3],
    ['sqrt', 9, 3],
    ['sqrt', -1, NaN],
    ['ln', -1, NaN],
    ['ln', 0, -Infinity],
    ['sgn', -3, -1],
    ['sgn', 0.1, 1],
    ['sgn', 0, 0],
    ['sgn', NaN, NaN],
  ] as Array<[string, number, number]>)('%s(%d) = %d', (name, input, want) => {
    const got = one(name, input);
    if (Number.isNaN(want)) expect(got).toBeNaN();
    else expect(got).toBeCloseTo(want, 12);
  });

  it.each([
    [2.5, undefined, 3],
    [-2.5, undefined, -2],
    [1.49, undefined, 1],
    [12.34, 0.1, 12.3],
    [5, 3, 6],
    [7, 5, 5],
    [-7.5, 5, -5],
    [NaN, undefined, NaN],
  ] as Array<[number, number | undefined, number]>)('round(%d, %s) = %d (ties up)', (input, toNearest, want) => {
    const got = toNearest === undefined ? one('round', input) : one('round', input, toNearest);
    if (Number.isNaN(want)) expect(got).toBeNaN();
    else expect(got).toBeCloseTo(want, 9);
  });

  it('clamps, and clamp with max < min gives nothing', () => {
    expect(one('clamp', -10, -5, 5)).toBe(-5);
    expect(one('clamp', 10, -5, 5)).toBe(5);
    expect(one('clamp', 1, -5, 5)).toBe(1);
    expect(callVector('clamp', [vectorOf([el(1)]), scalarOf(5), scalarOf(-5)])).toEqual([]);
    expect(one('clamp_max', 10, 3)).toBe(3);
    expect(one('clamp_min', -10, 3)).toBe(3);
    expect(one('clamp_min', NaN, 3)).toBeNaN();
  });
});
