import { scalarArg, vectorArg } from './function-args.js';
import { dropMetricName } from './metric-name.js';
import type { PromqlFunction } from './promql-function.js';

export const MISC_FUNCTIONS: readonly PromqlFunction[] = [
  { name: 'time', argTypes: [], variadic: 0, returnType: 'scalar', call: (_args, ctx) => ctx.timeMs / 1000 },
  {
    name: 'timestamp',
    argTypes: ['vector'],
    variadic: 0,
    returnType: 'vector',
    // A selector's element carries its sample's time; any other expression's elements are stamped with the step.
    call: (args, ctx) =>
      vectorArg(args, 0).map((el) => ({
        labels: dropMetricName(el.labels),
        value: (el.sampleTimestamp ?? ctx.timeMs) / 1000,
      })),
  },
  {
    name: 'vector',
    argTypes: ['scalar'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => [{ labels: {}, value: scalarArg(args, 0) }],
  },
  {
    name: 'scalar',
    argTypes: ['vector'],
    variadic: 0,
    returnType: 'scalar',
    call: (args) => {
      const vector = vectorArg(args, 0);
      return vector.length === 1 ? vector[0].value : NaN;
    },
  },
];
