import { labelsKey, METRIC_NAME_LABEL, type Labels } from '../../storage/labels.js';
import type { InstantVector } from '../values.js';
import { scalarArg, vectorArg } from './function-args.js';
import { parseGoFloat } from './go-float.js';
import type { PromqlFunction } from './promql-function.js';
import { bucketQuantile, type Bucket } from './quantile.js';

const BUCKET_LABEL = 'le';

/**
 * histogram_quantile(φ, buckets) on classic histograms: elements are grouped by their labels without `le` (and
 * without `__name__` in the result); elements whose `le` is missing or not a float are skipped; each group gives
 * `bucketQuantile` (see quantile.ts). Groups come out in first-seen order (Prometheus's order is a map's).
 */
export function histogramQuantile(q: number, vector: InstantVector): InstantVector {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const el of vector) {
    const le = el.labels[BUCKET_LABEL];
    const upperBound = le === undefined ? undefined : parseGoFloat(le);
    if (upperBound === undefined) continue;
    const rest: Record<string, string> = {};
    for (const name of Object.keys(el.labels)) {
      if (name !== BUCKET_LABEL) rest[name] = el.labels[name];
    }
    const key = labelsKey(rest);
    let group = groups.get(key);
    if (group === undefined) {
      delete rest[METRIC_NAME_LABEL];
      group = { labels: Object.freeze(rest), buckets: [] };
      groups.set(key, group);
    }
    group.buckets.push({ upperBound, count: el.value });
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(q, g.buckets) }));
}

export const HISTOGRAM_QUANTILE_FUNCTIONS: readonly PromqlFunction[] = [
  {
    name: 'histogram_quantile',
    argTypes: ['scalar', 'vector'],
    variadic: 0,
    returnType: 'vector',
    call: (args) => histogramQuantile(scalarArg(args, 0), vectorArg(args, 1)),
  },
];
