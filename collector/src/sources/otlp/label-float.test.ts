import { describe, expect, it } from 'vitest';
import { formatLabelFloat } from './label-float.js';

describe('formatLabelFloat', () => {
  it.each([
    [0.005, '0.005'],
    [10, '10'],
    [1e-7, '0.0000001'],
    [1.5e-10, '0.00000000015'],
    [1e21, '1000000000000000000000'],
    [2.5e25, '25000000000000000000000000'],
    [-3.25e-8, '-0.0000000325'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
    [-0, '0'],
  ])('%s -> %s', (v, expected) => {
    expect(formatLabelFloat(v)).toBe(expected);
  });
});
