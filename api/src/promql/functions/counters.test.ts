import { describe, expect, it } from 'vitest';
import { callVector, matrixOf, windowOf } from './test-args.js';

describe('resets, changes', () => {
  it.each([
    { name: 'resets', values: [1, 2, 0, 3, 1], want: 2 },
    { name: 'resets', values: [1, 1, 1], want: 0 },
    { name: 'resets', values: [5], want: 0 },
    { name: 'changes', values: [1, 1, 2, NaN, NaN, 3], want: 3 },
    { name: 'changes', values: [1, 1, 1], want: 0 },
    { name: 'changes', values: [0, 1, 0, 1], want: 3 },
  ])('$name($values) = $want', ({ name, values, want }) => {
    const arg = matrixOf([windowOf({ __name__: 'm', job: 'a' }, values.map((v, i) => [i, v] as const))]);
    expect(callVector(name, [arg])).toEqual([{ labels: { job: 'a' }, value: want }]);
  });
});
