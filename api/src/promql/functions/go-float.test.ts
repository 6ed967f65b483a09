import { describe, expect, it } from 'vitest';
import { formatGoFloat, formatGoFloatV, parseGoFloat } from './go-float.js';

describe('Go float text', () => {
  it.each([
    [1, '1'],
    [-2.5, '-2.5'],
    [0.1, '0.1'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [123456789.125, '123456789.125'],
    [-0, '-0'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])("FormatFloat(%d, 'f', -1) = %s", (v, want) => {
    expect(formatGoFloat(v)).toBe(want);
  });

  it.each([
    [1e20, '1e+20'],
    [9.223372036854776e18, '9.223372036854776e+18'],
    [123456, '123456'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-1.5e-300, '-1.5e-300'],
    [Infinity, '+Inf'],
  ])('%%v of %d = %s', (v, want) => {
    expect(formatGoFloatV(v)).toBe(want);
  });

  it.each([
    ['1', 1],
    ['+Inf', Infinity],
    ['-inf', -Infinity],
    ['Infinity', Infinity],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['-1E-2', -0.01],
    ['0x1p-2', 0.25],
    ['0x1.8p1', 3],
    ['1_000', 1000],
    ['0x1_0p0', 16],
  ])('ParseFloat(%s) = %d', (text, want) => {
    expect(parseGoFloat(text)).toBe(want);
  });

  it.each(['', ' 1', 'abc', '1e400', '0x10', '1__0', '_1', '1_', '1e'])('ParseFloat(%j) is an error', (text) => {
    expect(parseGoFloat(text)).toBeUndefined();
  });

  it('parses NaN', () => {
    expect(parseGoFloat('NaN')).toBeNaN();
  });
});
