import type { InstantVector, VectorElement } from '../values.js';
import { vectorArg } from './function-args.js';
import { goSort } from './go-sort.js';
import type { PromqlFunction } from './promql-function.js';

/** Ascending, NaN last (Prometheus: `sort.Reverse(vectorByReverseValueHeap)`). */
export function ascendingNaNLast(a: VectorElement, b: VectorElement): boolean {
  return Number.isNaN(b.value) || b.value > a.value;
}

/** Descending, NaN last (Prometheus: `sort.Reverse(vectorByValueHeap)`). */
export function descendingNaNLast(a: VectorElement, b: VectorElement): boolean {
  return Number.isNaN(b.value) || b.value < a.value;
}

function sorted(vector: InstantVector, less: (a: VectorElement, b: VectorElement) => boolean): InstantVector {
  const out = vector.slice();
  goSort(out, less);
  return out;
}

export const SORT_FUNCTIONS: readonly PromqlFunction[] = [
  {
    name: 'sort',
    argTypes: ['vector'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => sorted(vectorArg(args, 0), ascendingNaNLast),
  },
  {
    name: 'sort_desc',
    argTypes: ['vector'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => sorted(vectorArg(args, 0), descendingNaNLast),
  },
];
