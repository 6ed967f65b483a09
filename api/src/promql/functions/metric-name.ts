import { METRIC_NAME_LABEL, type Labels } from '../../storage/labels.js';

// Label sets are immutable and the engine hands the same objects to every step of a range query, so the result
// is remembered per object: the result keeps the same identity step after step, which later caches rely on.
const dropped = new WeakMap<Labels, Labels>();

/** The labels without `__name__`, as Prometheus's `dropMetricName`; the same object when there is no name. */
export function dropMetricName(labels: Labels): Labels {
  if (!(METRIC_NAME_LABEL in labels)) return labels;
  const cached = dropped.get(labels);
  if (cached !== undefined) return cached;
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels)) {
    if (name !== METRIC_NAME_LABEL) out[name] = labels[name];
  }
  const frozen = Object.freeze(out);
  dropped.set(labels, frozen);
  return frozen;
}
