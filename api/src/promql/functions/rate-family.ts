import type { RangeWindow } from '../values.js';
import { matrixArg, type MatrixArg } from './function-args.js';
import type { PromqlFunction } from './promql-function.js';
import { mapWindows } from './range-function.js';

/**
 * rate/increase/delta as Prometheus 2.42's `extrapolatedRate`: the difference between the first and last sample
 * (plus every value before a drop when a counter resets), extrapolated towards the window bounds when the first or
 * last sample lies within 1.1 average sample intervals of them (else by half an interval), never extrapolating a
 * counter below zero; divided by the range in seconds for rate. Fewer than two samples give no result.
 */
export function extrapolatedRate(window: RangeWindow, arg: MatrixArg, isCounter: boolean, isRate: boolean): number | undefined {
  const { timestamps: ts, values: vs } = window;
  const n = vs.length;
  if (n < 2) return undefined;
  let resultValue = vs[n - 1] - vs[0];
  if (isCounter) {
    let prev = vs[0];
    for (let i = 1; i < n; i++) {
      if (vs[i] < prev) resultValue += prev;
      prev = vs[i];
    }
  }
  let durationToStart = (ts[0] - arg.windowStartMs) / 1000;
  const durationToEnd = (arg.windowEndMs - ts[n - 1]) / 1000;
  const sampledInterval = (ts[n - 1] - ts[0]) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (n - 1);

  if (isCounter && resultValue > 0 && vs[0] >= 0) {
    const durationToZero = sampledInterval * (vs[0] / resultValue);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }

  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  let extrapolateToInterval = sampledInterval;
  extrapolateToInterval += durationToStart < extrapolationThreshold ? durationToStart : averageDurationBetweenSamples / 2;
  extrapolateToInterval += durationToEnd < extrapolationThreshold ? durationToEnd : averageDurationBetweenSamples / 2;
  let factor = extrapolateToInterval / sampledInterval;
  if (isRate) factor /= arg.rangeMs / 1000;
  return resultValue * factor;
}

/** irate/idelta as Prometheus's `instantValue`: the last two samples; a drop counts as a reset for irate. */
export function instantValue(window: RangeWindow, isRate: boolean): number | undefined {
  const n = window.values.length;
  if (n < 2) return undefined;
  const last = window.values[n - 1];
  const previous = window.values[n - 2];
  let result = isRate && last < previous ? last : last - previous;
  const sampledIntervalMs = window.timestamps[n - 1] - window.timestamps[n - 2];
  if (sampledIntervalMs === 0) return undefined;
  if (isRate) result /= sampledIntervalMs / 1000;
  return result;
}

function extrapolating(name: string, isCounter: boolean, isRate: boolean): PromqlFunction {
  return {
    name,
    argTypes: ['matrix'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => {
      const arg = matrixArg(args, 0);
      return mapWindows(arg, (w) => extrapolatedRate(w, arg, isCounter, isRate));
    },
  };
}

function instant(name: string, isRate: boolean): PromqlFunction {
  return {
    name,
    argTypes: ['matrix'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => mapWindows(matrixArg(args, 0), (w) => instantValue(w, isRate)),
  };
}

export const RATE_FAMILY_FUNCTIONS: readonly PromqlFunction[] = [
  extrapolating('rate', true, true),
  extrapolating('increase', true, false),
  extrapolating('delta', false, false),
  instant('irate', true),
  instant('idelta', false),
];
