import { describe, expect, it } from 'vitest';
import { callFunction, callVector, vectorOf } from './test-args.js';

describe('trigonometric functions', () => {
  it.each([
    ['sin', Math.PI / 2, 1],
    ['cos', 0, 1],
    ['tan', Math.PI / 4, 1],
    ['asin', 1, Math.PI / 2],
    ['acos', 1, 0],
    ['atan', 1, Math.PI / 4],
    ['sinh', 0, 0],
    ['cosh', 0, 1],
    ['tanh', Infinity, 1],
    ['asinh', 0, 0],
    ['acosh', 1, 0],
    ['atanh', 0, 0],
    ['rad', 180, Math.PI],
    ['deg', Math.PI, 180],
  ] as Array<[string, number, number]>)('%s(%d) = %d, name dropped', (name, input, want) => {
    const out = callVector(name, [vectorOf([{ labels: { __name__: 'm', job: 'a' }, value: input }])]);
    expect(out[0].value).toBeCloseTo(want, 12);
    expect(out[0].labels).toEqual({ job: 'a' });
  });

  it('asin outside [-1, 1] is NaN and pi() is a scalar', () => {
    expect(callVector('asin', [vectorOf([{ labels: {}, value: 2 }])])[0].value).toBeNaN();
    expect(callFunction('pi', [])).toBe(Math.PI);
  });
});
