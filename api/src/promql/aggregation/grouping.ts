import { METRIC_NAME_LABEL, type Labels } from '../../storage/labels.js';

/** The group an element belongs to: its identity (as Prometheus's HashForLabels / HashWithoutLabels) and its labels. */
export interface Grouping {
  readonly key: string;
  readonly labels: Labels;
}

// Per label-set object and grouping clause; label sets are immutable and reused across the steps of a query.
const cache = new WeakMap<Labels, Map<string, Grouping>>();

/**
 * `by` keeps only the listed labels (a missing one is left out); `without` drops the listed ones and `__name__`,
 * which `without`'s identity ignores too.
 */
export function groupingOf(labels: Labels, grouping: readonly string[], without: boolean): Grouping {
  const clause = (without ? 'w' : 'b') + grouping.join('\u0000');
  let perLabels = cache.get(labels);
  if (perLabels === undefined) {
    perLabels = new Map();
    cache.set(labels, perLabels);
  }
  let result = perLabels.get(clause);
  if (result === undefined) {
    result = computeGrouping(labels, grouping, without);
    perLabels.set(clause, result);
  }
  return result;
}

function computeGrouping(labels: Labels, grouping: readonly string[], without: boolean): Grouping {
  const out: Record<string, string> = {};
  let key = '';
  for (const name of Object.keys(labels).sort()) {
    const listed = grouping.includes(name);
    if (without ? !listed && name !== METRIC_NAME_LABEL : listed) {
      out[name] = labels[name];
      key += name + '\u0000' + labels[name] + '\u0001';
    }
  }
  return { key, labels: Object.freeze(out) };
}
