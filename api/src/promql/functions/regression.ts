import type { RangeWindow } from '../values.js';
import { matrixArg, scalarArg } from './function-args.js';
import { kahanSumInc } from './kahan-sum.js';
import type { PromqlFunction } from './promql-function.js';
import { mapWindows } from './range-function.js';

/**
 * Least-squares fit of the window's samples as Prometheus 2.42's `linearRegression`: x is seconds relative to
 * interceptTimeMs; returns the slope (per second) and the value at interceptTimeMs. Constant values give slope 0
 * (NaN for a constant infinity).
 */
export function linearRegression(window: RangeWindow, interceptTimeMs: number): { slope: number; intercept: number } {
  const { timestamps, values } = window;
  let n = 0;
  let sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
  const initY = values[0];
  let constY = true;
  for (let i = 0; i < values.length; i++) {
    const y = values[i];
    if (constY && i > 0 && y !== initY) constY = false;
    n += 1;
    const x = (timestamps[i] - interceptTimeMs) / 1e3;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(y, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (initY === Infinity || initY === -Infinity) return { slope: NaN, intercept: NaN };
    return { slope: 0, intercept: initY };
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  const intercept = sumY / n - (slope * sumX) / n;
  return { slope, intercept };
}

export const REGRESSION_FUNCTIONS: readonly PromqlFunction[] = [
  {
    name: 'deriv',
    argTypes: ['matrix'],
    variadic: 0,
    returnType: 'vector',
    // The first sample's time as intercept keeps x small (prometheus/prometheus#2674).
    call: (args) =>
      mapWindows(matrixArg(args, 0), (w) =>
        w.values.length < 2 ? undefined : linearRegression(w, w.timestamps[0]).slope,
      ),
  },
  {
    name: 'predict_linear',
    argTypes: ['matrix', 'scalar'],
    variadic: 0,
    returnType: 'vector',
    // 2.42 fits relative to the evaluation time (not the window end under `offset`) and adds slope × duration.
    call: (args, ctx) => {
      const duration = scalarArg(args, 1);
      return mapWindows(matrixArg(args, 0), (w) => {
        if (w.values.length < 2) return undefined;
        const { slope, intercept } = linearRegression(w, ctx.timeMs);
        return slope * duration + intercept;
      });
    },
  },
];
