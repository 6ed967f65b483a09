import type { Labels } from './labels.js';
import type { LabelMatcher } from './label-matcher.js';

/** One sample of one series. Timestamps are Unix milliseconds (Prometheus's resolution). */
export interface Sample {
  readonly labels: Labels;
  readonly timestamp: number;
  readonly value: number;
}

/** Inclusive time range in Unix milliseconds. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** The samples of one series inside a range, sorted by time. Staleness markers are kept (see stale-marker.ts). */
export interface SeriesSamples {
  readonly labels: Labels;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

export interface MetricStoreStats {
  readonly series: number;
  readonly headSamples: number;
  readonly blockSamples: number;
  readonly diskBytes: number;
}

/**
 * The seam between ingest, the query engine, rules and SLOs, and whatever keeps the samples
 * (embedded SQLite by default; InfluxDB in production setups).
 */
export interface MetricStore {
  /** Appends samples; the promise resolves only once they are durably committed. */
  append(samples: readonly Sample[]): Promise<void>;
  /** Series matching every matcher, with their samples in `range` (inclusive). */
  select(matchers: readonly LabelMatcher[], range: TimeRange): Promise<SeriesSamples[]>;
  /** Label sets of series with samples in `range` matching any of the matcher sets (all series when empty). */
  series(matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<Labels[]>;
  labelNames(matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<string[]>;
  labelValues(name: string, matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<string[]>;
  /** True while the store accepts reads and writes. */
  isOpen(): boolean;
  stats(): Promise<MetricStoreStats>;
  /** Flushes and closes; every acknowledged sample survives. */
  close(): Promise<void>;
}
