import { matrixArg } from './function-args.js';
import type { PromqlFunction } from './promql-function.js';
import { mapWindows } from './range-function.js';

/** Number of times a value is lower than the one before it. */
export function resets(values: ArrayLike<number>): number {
  let count = 0;
  let prev = values[0];
  for (let i = 1; i < values.length; i++) {
    if (values[i] < prev) count++;
    prev = values[i];
  }
  return count;
}

/** Number of times a value differs from the one before it (NaN to NaN is no change). */
export function changes(values: ArrayLike<number>): number {
  let count = 0;
  let prev = values[0];
  for (let i = 1; i < values.length; i++) {
    const current = values[i];
    if (current !== prev && !(Number.isNaN(current) && Number.isNaN(prev))) count++;
    prev = current;
  }
  return count;
}

export const COUNTER_FUNCTIONS: readonly PromqlFunction[] = [
  {
    name: 'resets',
    argTypes: ['matrix'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => mapWindows(matrixArg(args, 0), (w) => resets(w.values)),
  },
  {
    name: 'changes',
    argTypes: ['matrix'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => mapWindows(matrixArg(args, 0), (w) => changes(w.values)),
  },
];
