import type { InstantVector } from '../values.js';
import { vectorArg } from './function-args.js';
import { dropMetricName } from './metric-name.js';
import type { PromqlFunction } from './promql-function.js';

/** Applies f to every element's value and drops `__name__`, as Prometheus's `simpleFunc`. */
export function mapValues(vector: InstantVector, f: (v: number) => number): InstantVector {
  return vector.map((el) => ({ labels: dropMetricName(el.labels), value: f(el.value) }));
}

/** A function of one instant vector that maps each value. */
export function simpleFunction(name: string, f: (v: number) => number): PromqlFunction {
  return {
    name,
    argTypes: ['vector'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => mapValues(vectorArg(args, 0), f),
  };
}
