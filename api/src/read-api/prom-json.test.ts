import { describe, expect, it } from 'vitest';
import { formatSampleValue } from './prom-json.js';

describe('formatSampleValue (Go strconv.FormatFloat(v, "f", -1, 64))', () => {
  it.each([
    [1, '1'],
    [1.5, '1.5'],
    [-2, '-2'],
    [0, '0'],
    [-0, '-0'],
    [0.1, '0.1'],
    [1e21, '1000000000000000000000'],
    [1.2345e25, '12345000000000000000000000'],
    [1e-7, '0.0000001'],
    [-1.5e-7, '-0.00000015'],
    [123456789.123, '123456789.123'],
    [5e-324, '0.' + '0'.repeat(323) + '5'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%s -> %s', (v, s) => {
    expect(formatSampleValue(v)).toBe(s);
  });
});
