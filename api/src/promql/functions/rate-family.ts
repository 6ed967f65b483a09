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
  const { timestamps, values } = window;
  return extrapolatedRateOf(timestamps, values, 0, values.length, arg, isCounter, isRate);
}

/** The window bounds `extrapolatedRate` needs: (start, end] in ms and the range. */
export interface RateWindowBounds {
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  readonly rangeMs: number;
}

/**
 * `extrapolatedRate` over the samples [lo, hi) of whole-series arrays (no stale markers among them), so the engine
 * need not make a window per series and step. `mayHaveResets` false (the caller knows no value drops in the range)
 * skips the counter-reset scan, which would add nothing.
 */
export function extrapolatedRateOf(
  ts: Float64Array,
  vs: Float64Array,
  lo: number,
  hi: number,
  bounds: RateWindowBounds,
  isCounter: boolean,
  isRate: boolean,
  mayHaveResets = true,
): number | undefined {
  const n = hi - lo;
  if (n < 2) return undefined;
  const first = vs[lo];
  const last = hi - 1;
  let resultValue = vs[last] - first;
  if (isCounter && mayHaveResets) {
    let prev = first;
    for (let i = lo + 1; i < hi; i++) {
      const v = vs[i];
      if (v < prev) resultValue += prev;
      prev = v;
    }
  }
  let durationToStart = (ts[lo] - bounds.windowStartMs) / 1000;
  const durationToEnd = (bounds.windowEndMs - ts[last]) / 1000;
  const sampledInterval = (ts[last] - ts[lo]) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (n - 1);

  if (isCounter && resultValue > 0 && first >= 0) {
    const durationToZero = sampledInterval * (first / resultValue);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }

  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  let extrapolateToInterval = sampledInterval;
  extrapolateToInterval += durationToStart < extrapolationThreshold ? durationToStart : averageDurationBetweenSamples / 2;
  extrapolateToInterval += durationToEnd < extrapolationThreshold ? durationToEnd : averageDurationBetweenSamples / 2;
  let factor = extrapolateToInterval / sampledInterval;
  if (isRate) factor /= bounds.rangeMs / 1000;
  return resultValue * factor;
}

/** The functions `extrapolatedRate` computes: whether the series is a counter and whether to divide by the range. */
export const EXTRAPOLATING_FUNCTIONS: ReadonlyMap<string, { readonly isCounter: boolean; readonly isRate: boolean }> = new Map([
  ['rate', { isCounter: true, isRate: true }],
  ['increase', { isCounter: true, isRate: false }],
  ['delta', { isCounter: false, isRate: false }],
]);

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
