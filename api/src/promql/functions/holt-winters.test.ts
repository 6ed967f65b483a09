import { describe, expect, it } from 'vitest';
import { callVector, matrixOf, scalarOf, windowOf } from './test-args.js';

function hw(values: number[], sf: number, tf: number): ReturnType<typeof callVector> {
  const arg = matrixOf([windowOf({ __name__: 'm', job: 'a' }, values.map((v, i) => [i, v] as const))]);
  return callVector('holt_winters', [arg, scalarOf(sf), scalarOf(tf)]);
}

describe('holt_winters', () => {
  it.each([
    // s1=1, b=1; i=1: s1 = 0.5·2 + 0.5·(1+1) = 2; i=2: b = 0.5·1 + 0.5·1 = 1, s1 = 0.5·4 + 0.5·(2+1) = 3.5.
    { values: [1, 2, 4], sf: 0.5, tf: 0.5, want: 3.5 },
    // A straight line is followed exactly whatever the factors.
    { values: [0, 10, 20, 30, 40], sf: 0.1, tf: 0.9, want: 40 },
    { values: [5, 5, 5], sf: 0.3, tf: 0.3, want: 5 },
    // i=1: s1 = 0.2·0 + 0.8·(10 + -10) = 0; i=2: b = 0.6·(0 - 10) + 0.4·(-10) = -10, s1 = 0.2·10 + 0.8·(0 - 10) = -6.
    { values: [10, 0, 10], sf: 0.2, tf: 0.6, want: -6 },
  ])('holt_winters($values, $sf, $tf) = $want', ({ values, sf, tf, want }) => {
    const out = hw(values, sf, tf);
    expect(out[0].labels).toEqual({ job: 'a' });
    expect(out[0].value).toBeCloseTo(want, 12);
  });

  it('needs two samples', () => {
    expect(hw([1], 0.5, 0.5)).toEqual([]);
  });

  it('rejects factors outside (0, 1) like Prometheus', () => {
    expect(() => hw([1, 2], 1, 0.5)).toThrow('invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000');
    expect(() => hw([1, 2], 0.5, 0)).toThrow('invalid trend factor. Expected: 0 < tf < 1, got: 0.000000');
    // No series with samples: the function is never applied, so no error.
    expect(callVector('holt_winters', [matrixOf([]), scalarOf(2), scalarOf(2)])).toEqual([]);
  });
});
