import { METRIC_NAME_LABEL, type Labels } from '../../storage/labels.js';

/** The labels without `__name__`, as Prometheus's `dropMetricName`; the same object when there is no name. */
export function dropMetricName(labels: Labels): Labels {
  if (!(METRIC_NAME_LABEL in labels)) return labels;
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels)) {
    if (name !== METRIC_NAME_LABEL) out[name] = labels[name];
  }
  return Object.freeze(out);
}
