import type { RangeWindow } from '../values.js';
import { matrixArg, scalarArg } from './function-args.js';
import { kahanSumInc } from './kahan-sum.js';
import type { PromqlFunction } from './promql-function.js';
import { quantile } from './quantile.js';
import { mapWindows } from './range-function.js';

/** The mean as Prometheus 2.42's avg_over_time: incremental and Kahan-compensated, keeping an infinite mean. */
export function avgOverTime(values: ArrayLike<number>): number {
  let mean = 0;
  let c = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    count++;
    if (isInfinite(mean)) {
      if (isInfinite(v) && mean > 0 === v > 0) continue;
      if (!isInfinite(v) && !Number.isNaN(v)) continue;
    }
    [mean, c] = kahanSumInc(v / count - mean / count, mean, c);
  }
  return isInfinite(mean) ? mean : mean + c;
}

function isInfinite(v: number): boolean {
  return v === Infinity || v === -Infinity;
}

function sumOverTime(values: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) [sum, c] = kahanSumInc(values[i], sum, c);
  return isInfinite(sum) ? sum : sum + c;
}

function maxOverTime(values: ArrayLike<number>): number {
  let max = values[0];
  for (let i = 0; i < values.length; i++) {
    if (values[i] > max || Number.isNaN(max)) max = values[i];
  }
  return max;
}

function minOverTime(values: ArrayLike<number>): number {
  let min = values[0];
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min || Number.isNaN(min)) min = values[i];
  }
  return min;
}

/** Population variance, Welford with Kahan compensation as Prometheus's stdvar_over_time. */
export function stdvarOverTime(values: ArrayLike<number>): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    count++;
    const delta = v - (mean + cMean);
    [mean, cMean] = kahanSumInc(delta / count, mean, cMean);
    [aux, cAux] = kahanSumInc(delta * (v - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

function overTime(name: string, compute: (values: Float64Array) => number): PromqlFunction {
  return {
    name,
    argTypes: ['matrix'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => mapWindows(matrixArg(args, 0), (w: RangeWindow) => compute(w.values)),
  };
}

export const OVER_TIME_FUNCTIONS: readonly PromqlFunction[] = [
  overTime('avg_over_time', avgOverTime),
  overTime('min_over_time', minOverTime),
  overTime('max_over_time', maxOverTime),
  overTime('sum_over_time', sumOverTime),
  overTime('count_over_time', (values) => values.length),
  overTime('stddev_over_time', (values) => Math.sqrt(stdvarOverTime(values))),
  overTime('stdvar_over_time', stdvarOverTime),
  overTime('present_over_time', () => 1),
  {
    name: 'last_over_time',
    argTypes: ['matrix'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => mapWindows(matrixArg(args, 0), (w) => w.values[w.values.length - 1], true),
  },
  {
    name: 'quantile_over_time',
    argTypes: ['scalar', 'matrix'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => {
      const q = scalarArg(args, 0);
      return mapWindows(matrixArg(args, 1), (w) => quantile(q, Array.from(w.values)));
    },
  },
];
