import { AppError } from '../../errors/app-error.js';
import type { RangeWindow } from '../values.js';
import { matrixArg, nonEmptyWindows, scalarArg } from './function-args.js';
import { mapWindows } from './range-function.js';
import type { PromqlFunction } from './promql-function.js';

function calcTrendValue(i: number, tf: number, s0: number, s1: number, b: number): number {
  if (i === 0) return b;
  return tf * (s1 - s0) + (1 - tf) * b;
}

/** Double exponential smoothing exactly as Prometheus 2.42's holt_winters; undefined below two samples. */
export function holtWinters(window: RangeWindow, sf: number, tf: number): number | undefined {
  const values = window.values;
  const l = values.length;
  if (l < 2) return undefined;
  let s0 = 0;
  let s1 = values[0];
  let b = values[1] - values[0];
  for (let i = 1; i < l; i++) {
    const x = sf * values[i];
    b = calcTrendValue(i - 1, tf, s0, s1, b);
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}

/** Go's `%f`. */
function goFixed(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return v.toFixed(6);
}

export const HOLT_WINTERS_FUNCTIONS: readonly PromqlFunction[] = [
  {
    name: 'holt_winters',
    argTypes: ['matrix', 'scalar', 'scalar'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => {
      const arg = matrixArg(args, 0);
      const sf = scalarArg(args, 1);
      const tf = scalarArg(args, 2);
      // Prometheus validates inside the per-series call, so only when some series has samples in the window.
      if (nonEmptyWindows(arg).length > 0) {
        if (sf <= 0 || sf >= 1) {
          throw new AppError('execution', `invalid smoothing factor. Expected: 0 < sf < 1, got: ${goFixed(sf)}`);
        }
        if (tf <= 0 || tf >= 1) {
          throw new AppError('execution', `invalid trend factor. Expected: 0 < tf < 1, got: ${goFixed(tf)}`);
        }
      }
      return mapWindows(arg, (w) => holtWinters(w, sf, tf));
    },
  },
];
