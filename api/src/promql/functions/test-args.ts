import type { Labels } from '../../storage/labels.js';
import type { FunctionArg, FunctionCallContext, InstantVector, RangeWindow } from '../values.js';
import { FUNCTIONS } from './index.js';

/** Builders for function tests: arguments as the engine hands them over, and a call by name. */
export function windowOf(labels: Labels, points: ReadonlyArray<readonly [number, number]>): RangeWindow {
  return {
    labels,
    timestamps: Float64Array.from(points.map(([tSeconds]) => tSeconds * 1000)),
    values: Float64Array.from(points.map(([, v]) => v)),
  };
}

/** A matrix argument over the window (endMs - rangeMs, endMs]. */
export function matrixOf(windows: RangeWindow[], endMs = 60_000, rangeMs = 60_000): FunctionArg {
  return { kind: 'matrix', value: windows, windowStartMs: endMs - rangeMs, windowEndMs: endMs, rangeMs };
}

export function vectorOf(elements: InstantVector): FunctionArg {
  return { kind: 'vector', value: elements };
}

export function scalarOf(value: number): FunctionArg {
  return { kind: 'scalar', value };
}

export function stringOf(value: string): FunctionArg {
  return { kind: 'string', value };
}

export function callFunction(
  name: string,
  args: FunctionArg[],
  ctx: Partial<FunctionCallContext> = {},
): InstantVector | number {
  const f = FUNCTIONS.get(name);
  if (f === undefined) throw new Error(`no function ${name}`);
  return f.call(args, { timeMs: 60_000, absentLabels: {}, ...ctx });
}

export function callVector(name: string, args: FunctionArg[], ctx: Partial<FunctionCallContext> = {}): InstantVector {
  const out = callFunction(name, args, ctx);
  if (typeof out === 'number') throw new Error(`${name} returned a scalar`);
  return out;
}
