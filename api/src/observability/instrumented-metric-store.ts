import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Labels } from '../storage/labels.js';
import type { LabelMatcher } from '../storage/label-matcher.js';
import type { MetricStore, MetricStoreStats, Sample, SeriesSamples, TimeRange } from '../storage/metric-store.js';

/**
 * Wraps a MetricStore to export its activity and size: samples appended, append and select latency, and gauges
 * from `stats()` (series, head and block samples, bytes on disk) read at scrape time.
 */
export class InstrumentedMetricStore implements MetricStore {
  private readonly appended: Counter;
  private readonly appendErrors: Counter;
  private readonly appendSeconds: Histogram;
  private readonly selectSeconds: Histogram;
  private readonly selectedSamples: Counter;

  constructor(
    private readonly inner: MetricStore,
    registry: Registry,
  ) {
    this.appended = new Counter({
      name: 'metric_store_samples_appended_total',
      help: 'Samples committed to the metric store.',
      registers: [registry],
    });
    this.appendErrors = new Counter({
      name: 'metric_store_append_failures_total',
      help: 'Append batches the metric store failed to commit.',
      registers: [registry],
    });
    this.appendSeconds = new Histogram({
      name: 'metric_store_append_duration_seconds',
      help: 'Time to commit one append batch.',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 5],
      registers: [registry],
    });
    this.selectSeconds = new Histogram({
      name: 'metric_store_select_duration_seconds',
      help: 'Time to select series and samples for a query.',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 5],
      registers: [registry],
    });
    this.selectedSamples = new Counter({
      name: 'metric_store_samples_selected_total',
      help: 'Samples read from the metric store by queries.',
      registers: [registry],
    });
    const stat = (name: string, help: string, pick: (s: MetricStoreStats) => number): void => {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the collect callback is called with the gauge as `this`
      const store = this;
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect(this: Gauge) {
          if (!store.inner.isOpen()) return;
          this.set(pick(await store.inner.stats()));
        },
      });
    };
    stat('metric_store_series', 'Series in the metric store.', (s) => s.series);
    stat('metric_store_head_samples', 'Samples in the head (not yet in closed blocks).', (s) => s.headSamples);
    stat('metric_store_block_samples', 'Samples in closed, compressed blocks.', (s) => s.blockSamples);
    stat('metric_store_disk_bytes', 'Bytes the metric store uses on disk.', (s) => s.diskBytes);
    new Gauge({
      name: 'metric_store_open',
      help: '1 while the metric store accepts reads and writes.',
      registers: [registry],
      collect(this: Gauge) {
        this.set(inner.isOpen() ? 1 : 0);
      },
    });
  }

  async append(samples: readonly Sample[]): Promise<void> {
    const end = this.appendSeconds.startTimer();
    try {
      await this.inner.append(samples);
      this.appended.inc(samples.length);
    } catch (err) {
      this.appendErrors.inc();
      throw err;
    } finally {
      end();
    }
  }

  async select(matchers: readonly LabelMatcher[], range: TimeRange): Promise<SeriesSamples[]> {
    const end = this.selectSeconds.startTimer();
    try {
      const out = await this.inner.select(matchers, range);
      let n = 0;
      for (const s of out) n += s.timestamps.length;
      this.selectedSamples.inc(n);
      return out;
    } finally {
      end();
    }
  }

  series(matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<Labels[]> {
    return this.inner.series(matcherSets, range);
  }

  labelNames(matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<string[]> {
    return this.inner.labelNames(matcherSets, range);
  }

  labelValues(name: string, matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<string[]> {
    return this.inner.labelValues(name, matcherSets, range);
  }

  isOpen(): boolean {
    return this.inner.isOpen();
  }

  stats(): Promise<MetricStoreStats> {
    return this.inner.stats();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
