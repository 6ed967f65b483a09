/** A series' identity: label name to value, `__name__` holding the metric name. Treated as immutable. */
export type Labels = Readonly<Record<string, string>>;

export const METRIC_NAME_LABEL = '__name__';

/** Canonical string for a label set (sorted by name), used as a map key. */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let key = '';
  for (const name of names) {
    key += name + '\u0000' + labels[name] + '\u0001';
  }
  return key;
}

/** Removes empty-valued labels (Prometheus treats an empty value as an absent label) and freezes. */
export function normalizeLabels(labels: Record<string, string>): Labels {
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) {
    const value = labels[name];
    if (value !== '') out[name] = value;
  }
  return Object.freeze(out);
}
