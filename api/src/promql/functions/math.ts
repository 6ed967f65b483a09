import { scalarArg, vectorArg } from './function-args.js';
import type { PromqlFunction } from './promql-function.js';
import { mapValues, simpleFunction } from './simple-function.js';

/** Rounds to the nearest multiple of toNearest, ties up, as Prometheus (via the inverse, for fewer float errors). */
export function roundToNearest(v: number, toNearest: number): number {
  const inverse = 1 / toNearest;
  return Math.floor(v * inverse + 0.5) / inverse;
}

export function sgn(v: number): number {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v;
}

export const MATH_FUNCTIONS: readonly PromqlFunction[] = [
  simpleFunction('abs', Math.abs),
  simpleFunction('ceil', Math.ceil),
  simpleFunction('floor', Math.floor),
  simpleFunction('exp', Math.exp),
  simpleFunction('ln', Math.log),
  simpleFunction('log2', Math.log2),
  simpleFunction('log10', Math.log10),
  simpleFunction('sqrt', Math.sqrt),
  simpleFunction('sgn', sgn),
  {
    name: 'round',
    argTypes: ['vector', 'scalar'],
    variadic: 1,
    returnType: 'vector',
    call: (args) => {
      const toNearest = args.length >= 2 ? scalarArg(args, 1) : 1;
      return mapValues(vectorArg(args, 0), (v) => roundToNearest(v, toNearest));
    },
  },
  {
    name: 'clamp',
    argTypes: ['vector', 'scalar', 'scalar'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => {
      const min = scalarArg(args, 1);
      const max = scalarArg(args, 2);
      if (max < min) return [];
      return mapValues(vectorArg(args, 0), (v) => Math.max(min, Math.min(max, v)));
    },
  },
  {
    name: 'clamp_max',
    argTypes: ['vector', 'scalar'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => {
      const max = scalarArg(args, 1);
      return mapValues(vectorArg(args, 0), (v) => Math.min(max, v));
    },
  },
  {
    name: 'clamp_min',
    argTypes: ['vector', 'scalar'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => {
      const min = scalarArg(args, 1);
      return mapValues(vectorArg(args, 0), (v) => Math.max(min, v));
    },
  },
];
