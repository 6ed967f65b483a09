import { labelsKey, METRIC_NAME_LABEL, type Labels } from '../../storage/labels.js';
import { sanitizeMetricName } from '../prometheus-names.js';

/**
 * What one raw series key (a line's `measurement,tag=value,...` text) maps to: the measurement and the
 * sanitized tag labels, plus the frozen `Labels` of each field seen so far.
 */
export class SeriesEntry {
  /** Labels for the field named `value` (metric name = measurement); created on first use. */
  valueLabels: Labels | undefined;
  private byField: Map<string, Labels> | undefined;

  constructor(
    readonly measurement: string,
    readonly tags: Readonly<Record<string, string>>,
    private readonly cache: SeriesLabelCache,
  ) {}

  /** Labels of field `field`: `value` -> metric `measurement`, any other -> `measurement_field` (sanitized). */
  labelsFor(field: string): Labels {
    if (field === 'value') {
      if (this.valueLabels === undefined) this.valueLabels = this.build(this.measurement);
      return this.valueLabels;
    }
    if (this.byField === undefined) this.byField = new Map();
    let labels = this.byField.get(field);
    if (labels === undefined) {
      labels = this.build(this.measurement + '_' + field);
      this.byField.set(field, labels);
    }
    return labels;
  }

  private build(metric: string): Labels {
    return this.cache.intern({ ...this.tags, [METRIC_NAME_LABEL]: sanitizeMetricName(metric) });
  }
}

/**
 * Bounded cache from raw series key to {@link SeriesEntry}, plus an intern table so that the same series
 * written with tags in another order (or another escaping) gets the very same frozen `Labels` object.
 * When either map reaches `maxEntries` both are cleared (cheap, and a stable working set refills at once);
 * identity is therefore only guaranteed between clears, so stores must still fall back to `labelsKey`.
 */
export class SeriesLabelCache {
  private readonly entries = new Map<string, SeriesEntry>();
  private readonly interned = new Map<string, Labels>();

  constructor(readonly maxEntries = 1_000_000) {}

  get(rawKey: string): SeriesEntry | undefined {
    return this.entries.get(rawKey);
  }

  set(rawKey: string, measurement: string, tags: Readonly<Record<string, string>>): SeriesEntry {
    if (this.entries.size >= this.maxEntries) this.clear();
    const entry = new SeriesEntry(measurement, tags, this);
    this.entries.set(rawKey, entry);
    return entry;
  }

  /** Canonical frozen Labels for `labels` (empty values dropped, names sorted). */
  intern(labels: Record<string, string>): Labels {
    const names = Object.keys(labels).sort();
    const out: Record<string, string> = {};
    for (const name of names) if (labels[name] !== '') out[name] = labels[name];
    const key = labelsKey(out);
    const existing = this.interned.get(key);
    if (existing !== undefined) return existing;
    if (this.interned.size >= this.maxEntries) this.clear();
    const frozen = Object.freeze(out);
    this.interned.set(key, frozen);
    return frozen;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.interned.clear();
  }
}
