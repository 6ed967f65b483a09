import { describe, expect, it } from 'vitest';
import { callVector, matrixOf, scalarOf, windowOf } from './test-args.js';

const noisy = matrixOf([windowOf({ __name__: 'm', job: 'a' }, [[0, 1], [10, 3], [20, 2], [30, 5]])], 30_000, 60_000);

describe('deriv', () => {
  it('is the least-squares slope per second', () => {
    // x̄ = 15, ȳ = 2.75, Sxy = 55, Sxx = 500.
    expect(callVector('deriv', [noisy])).toEqual([{ labels: { job: 'a' }, value: expect.closeTo(0.11, 12) }]);
  });

  it('is exact on a line and 0 on constants; needs two samples', () => {
    const line = matrixOf([windowOf({}, [[100, 201], [110, 221], [120, 241]])]);
    expect(callVector('deriv', [line])[0].value).toBeCloseTo(2, 12);
    expect(callVector('deriv', [matrixOf([windowOf({}, [[1, 5], [2, 5]])])])[0].value).toBe(0);
    expect(callVector('deriv', [matrixOf([windowOf({}, [[1, 5]])])])).toEqual([]);
    expect(callVector('deriv', [matrixOf([windowOf({}, [[1, Infinity], [2, Infinity]])])])[0].value).toBeNaN();
  });
});

describe('predict_linear', () => {
  it('extrapolates from the fit at the evaluation time', () => {
    // Fit value at 30 s: 2.75 + 0.11 × 15 = 4.4; 10 s later: 5.5.
    expect(callVector('predict_linear', [noisy, scalarOf(10)], { timeMs: 30_000 })[0].value).toBeCloseTo(5.5, 12);
    // At an evaluation time of 100 s (e.g. a window shifted by offset) the intercept moves with it.
    expect(callVector('predict_linear', [noisy, scalarOf(0)], { timeMs: 100_000 })[0].value).toBeCloseTo(4.4 + 0.11 * 70, 12);
  });

  it('predicts a counter line exactly and drops __name__', () => {
    const line = matrixOf([windowOf({ __name__: 'c', job: 'a' }, [[0, 0], [15, 30], [30, 60], [45, 90], [60, 120]])]);
    const out = callVector('predict_linear', [line, scalarOf(3600)], { timeMs: 60_000 });
    expect(out).toEqual([{ labels: { job: 'a' }, value: expect.closeTo(120 + 2 * 3600, 9) }]);
  });
});
