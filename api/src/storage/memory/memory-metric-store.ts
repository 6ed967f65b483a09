import { labelsKey, type Labels } from '../labels.js';
import { matchesAll, type LabelMatcher } from '../label-matcher.js';
import type { MetricStore, MetricStoreStats, Sample, SeriesSamples, TimeRange } from '../metric-store.js';

interface MemorySeries {
  labels: Labels;
  timestamps: number[];
  values: Float64Array;
  length: number;
}

/** A MetricStore that keeps everything in memory: for tests and as the reference in the contract suite. */
export class MemoryMetricStore implements MetricStore {
  private readonly series_ = new Map<string, MemorySeries>();
  private open = true;

  async append(samples: readonly Sample[]): Promise<void> {
    this.assertOpen();
    for (const s of samples) {
      const key = labelsKey(s.labels);
      let series = this.series_.get(key);
      if (!series) {
        series = { labels: s.labels, timestamps: [], values: new Float64Array(16), length: 0 };
        this.series_.set(key, series);
      }
      insertSorted(series, s.timestamp, s.value);
    }
  }

  async select(matchers: readonly LabelMatcher[], range: TimeRange): Promise<SeriesSamples[]> {
    this.assertOpen();
    const out: SeriesSamples[] = [];
    for (const series of this.series_.values()) {
      if (!matchesAll(series.labels, matchers)) continue;
      const ts: number[] = [];
      const vs: number[] = [];
      for (let i = 0; i < series.length; i++) {
        const t = series.timestamps[i];
        if (t >= range.start && t <= range.end) {
          ts.push(t);
          vs.push(i);
        }
      }
      if (ts.length === 0) continue;
      const values = new Float64Array(vs.length);
      vs.forEach((idx, j) => (values[j] = series.values[idx]));
      out.push({ labels: series.labels, timestamps: Float64Array.from(ts), values });
    }
    return out;
  }

  async series(matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<Labels[]> {
    this.assertOpen();
    const out: Labels[] = [];
    for (const series of this.series_.values()) {
      if (!hasSampleIn(series, range)) continue;
      if (matcherSets.length > 0 && !matcherSets.some((ms) => matchesAll(series.labels, ms))) continue;
      out.push(series.labels);
    }
    return out;
  }

  async labelNames(matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<string[]> {
    const names = new Set<string>();
    for (const labels of await this.series(matcherSets, range)) for (const n of Object.keys(labels)) names.add(n);
    return [...names].sort();
  }

  async labelValues(name: string, matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<string[]> {
    const values = new Set<string>();
    for (const labels of await this.series(matcherSets, range)) if (labels[name] !== undefined) values.add(labels[name]);
    return [...values].sort();
  }

  isOpen(): boolean {
    return this.open;
  }

  async stats(): Promise<MetricStoreStats> {
    let samples = 0;
    for (const s of this.series_.values()) samples += s.length;
    return { series: this.series_.size, headSamples: samples, blockSamples: 0, diskBytes: 0 };
  }

  async close(): Promise<void> {
    this.open = false;
  }

  private assertOpen(): void {
    if (!this.open) throw new Error('metric store is closed');
  }
}

function hasSampleIn(series: MemorySeries, range: TimeRange): boolean {
  for (let i = 0; i < series.length; i++) {
    const t = series.timestamps[i];
    if (t >= range.start && t <= range.end) return true;
  }
  return false;
}

function insertSorted(series: MemorySeries, t: number, v: number): void {
  let i = series.length;
  while (i > 0 && series.timestamps[i - 1] > t) i--;
  if (i > 0 && series.timestamps[i - 1] === t) {
    series.values[i - 1] = v; // last write wins for a duplicate timestamp
    return;
  }
  if (series.length === series.values.length) {
    const grown = new Float64Array(series.values.length * 2);
    grown.set(series.values);
    series.values = grown;
  }
  series.timestamps.splice(i, 0, t);
  series.values.copyWithin(i + 1, i, series.length);
  series.values[i] = v;
  series.length++;
}
