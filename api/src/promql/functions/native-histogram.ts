import type { PromqlFunction } from './promql-function.js';

/**
 * histogram_count, histogram_sum and histogram_fraction read native histograms only and skip float samples (2.42).
 * The store holds floats only, so they always return an empty vector; they exist so that queries parse as in
 * Prometheus.
 */
function nativeOnly(name: string, argTypes: PromqlFunction['argTypes']): PromqlFunction {
  return { name, argTypes, variadic: 0, returnType: 'vector', call: () => [] };
}

export const NATIVE_HISTOGRAM_FUNCTIONS: readonly PromqlFunction[] = [
  nativeOnly('histogram_count', ['vector']),
  nativeOnly('histogram_sum', ['vector']),
  nativeOnly('histogram_fraction', ['scalar', 'scalar', 'vector']),
];
