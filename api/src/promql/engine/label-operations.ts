import { labelsKey, METRIC_NAME_LABEL, type Labels } from '../../storage/labels.js';

const withoutName = new WeakMap<Labels, Labels>();

/** The labels without `__name__`; the same object when there is none. Memoized per label object. */
export function dropMetricName(labels: Labels): Labels {
  if (labels[METRIC_NAME_LABEL] === undefined) return labels;
  let out = withoutName.get(labels);
  if (!out) {
    const copy: Record<string, string> = { ...labels };
    delete copy[METRIC_NAME_LABEL];
    out = Object.freeze(copy);
    withoutName.set(labels, out);
  }
  return out;
}

/** Prometheus's signature of a label set for vector matching: only `names` (on) or all but `names` and `__name__` (ignoring). */
export function matchingSignature(labels: Labels, on: boolean, names: readonly string[]): string {
  let key = '';
  if (on) {
    for (const n of names) key += n + '\u0000' + (labels[n] ?? '') + '\u0001';
    return key;
  }
  for (const n of Object.keys(labels).sort()) {
    if (n === METRIC_NAME_LABEL || names.includes(n)) continue;
    key += n + '\u0000' + labels[n] + '\u0001';
  }
  return key;
}

/** Prometheus's label-set string `{a="b", c="d"}`, used in error messages. */
export function formatLabels(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((n) => `${n}=${JSON.stringify(labels[n])}`);
  return `{${parts.join(', ')}}`;
}

/**
 * `labelsKey` without the sort when the names are already in order (the usual case: label sets are built
 * sorted), so per-step uniqueness checks stay cheap.
 */
export function fastLabelsKey(labels: Labels): string {
  let key = '';
  let prev = '';
  for (const n in labels) {
    if (n < prev) return labelsKey(labels);
    prev = n;
    key += n + '\u0000' + labels[n] + '\u0001';
  }
  return key;
}
