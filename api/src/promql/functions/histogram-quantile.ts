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
    const { key, labels } = bucketGroupOf(el.labels);
    let group = groups.get(key);
    if (group === undefined) {
      group = { labels, buckets: [] };
      groups.set(key, group);
    }
    group.buckets.push({ upperBound, count: el.value });
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(q, g.buckets) }));
}

// Per immutable label-set object (the engine reuses them across the steps of a query).
const bucketGroups = new WeakMap<Labels, { key: string; labels: Labels }>();

/** The series identity without `le`, and the result labels (without `le` and `__name__`). */
function bucketGroupOf(labels: Labels): { key: string; labels: Labels } {
  let cached = bucketGroups.get(labels);
  if (cached === undefined) {
    const rest: Record<string, string> = {};
    for (const name of Object.keys(labels)) {
      if (name !== BUCKET_LABEL) rest[name] = labels[name];
    }
    const key = labelsKey(rest);
    delete rest[METRIC_NAME_LABEL];
    cached = { key, labels: Object.freeze(rest) };
    bucketGroups.set(labels, cached);
  }
  return cached;
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
