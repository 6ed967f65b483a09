import { matrixArg, nonEmptyWindows, vectorArg } from './function-args.js';
import type { PromqlFunction } from './promql-function.js';

/**
 * absent(v): one element of value 1 when v is empty, labelled with the equality matchers of the argument
 * (`ctx.absentLabels`, worked out by the engine); absent_over_time(m[d]) likewise when no series has a sample in
 * the window.
 */
export const ABSENT_FUNCTIONS: readonly PromqlFunction[] = [
  {
    name: 'absent',
    argTypes: ['vector'],
    variadic: 0,
    returnType: 'vector',
    call: (args, ctx) => (vectorArg(args, 0).length > 0 ? [] : [{ labels: ctx.absentLabels, value: 1 }]),
  },
  {
    name: 'absent_over_time',
    argTypes: ['matrix'],
    variadic: 0,
    returnType: 'vector',
    call: (args, ctx) =>
      nonEmptyWindows(matrixArg(args, 0)).length > 0 ? [] : [{ labels: ctx.absentLabels, value: 1 }],
  },
];
