import { METRIC_NAME_LABEL, type Labels } from '../../storage/labels.js';

/** The group an element belongs to: its identity (as Prometheus's HashForLabels / HashWithoutLabels) and its labels. */
export interface Grouping {
  readonly key: string;
  readonly labels: Labels;
}

/** The groupings of label-set objects under one grouping clause (label sets are immutable and reused across steps). */
export type GroupingCache = WeakMap<Labels, Grouping>;

// Per grouping clause object (an expression's, the same at every step) and `without`.
const byClause = [new WeakMap<readonly string[], GroupingCache>(), new WeakMap<readonly string[], GroupingCache>()];

/** The cache for one grouping clause: look it up once per step, then use `cachedGroupingOf` per element. */
export function groupingCacheFor(grouping: readonly string[], without: boolean): GroupingCache {
  const caches = byClause[without ? 1 : 0];
  let cache = caches.get(grouping);
  if (cache === undefined) {
    cache = new WeakMap();
    caches.set(grouping, cache);
  }
  return cache;
}

/** `groupingOf` through a cache from `groupingCacheFor(grouping, without)`. */
export function cachedGroupingOf(cache: GroupingCache, labels: Labels, grouping: readonly string[], without: boolean): Grouping {
  let result = cache.get(labels);
  if (result === undefined) {
    result = computeGrouping(labels, grouping, without);
    cache.set(labels, result);
  }
  return result;
}

/**
 * `by` keeps only the listed labels (a missing one is left out); `without` drops the listed ones and `__name__`,
 * which `without`'s identity ignores too.
 */
export function groupingOf(labels: Labels, grouping: readonly string[], without: boolean): Grouping {
  return cachedGroupingOf(groupingCacheFor(grouping, without), labels, grouping, without);
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
