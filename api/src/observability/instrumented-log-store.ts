import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type {
  LogAppendResult,
  LogSearchRequest,
  LogSearchResult,
  LogStore,
  LogStoreStats,
  LogVolumeRequest,
  LogVolumeResult,
} from '../logs/log-store.js';

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 5];

/**
 * Wraps a LogStore to export its activity and size: records appended and duplicates, append/search/volume latency,
 * and gauges from `stats()` read at scrape time (records, bytes, oldest timestamp: retention shows in those, since
 * the store runs it on its own timer).
 */
export class InstrumentedLogStore implements LogStore {
  private readonly appended: Counter;
  private readonly duplicates: Counter;
  private readonly appendErrors: Counter;
  private readonly seconds: Histogram<'operation'>;

  constructor(
    private readonly inner: LogStore,
    registry: Registry,
  ) {
    this.appended = new Counter({ name: 'log_store_records_appended_total', help: 'Log records stored.', registers: [registry] });
    this.duplicates = new Counter({
      name: 'log_store_duplicate_records_total',
      help: 'Log records ignored because their id was already stored (re-sent batches).',
      registers: [registry],
    });
    this.appendErrors = new Counter({ name: 'log_store_append_failures_total', help: 'Log append batches that failed.', registers: [registry] });
    this.seconds = new Histogram({
      name: 'log_store_operation_duration_seconds',
      help: 'Time of log store operations: append (one batch, committed), search (one page), volume.',
      labelNames: ['operation'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    const stat = (name: string, help: string, pick: (s: LogStoreStats) => number): void => {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect(this: Gauge) {
          if (!inner.isOpen()) return;
          this.set(pick(await inner.stats()));
        },
      });
    };
    stat('log_store_records', 'Log records in the store.', (s) => s.records);
    stat('log_store_disk_bytes', 'Bytes the log store uses on disk.', (s) => s.diskBytes);
    stat('log_store_oldest_record_timestamp_seconds', 'Timestamp of the oldest stored log record (0 when empty).', (s) => (s.oldestTimestamp ?? 0) / 1000);
    new Gauge({
      name: 'log_store_open',
      help: '1 while the log store accepts reads and writes.',
      registers: [registry],
      collect(this: Gauge) {
        this.set(inner.isOpen() ? 1 : 0);
      },
    });
  }

  async append(records: Parameters<LogStore['append']>[0]): Promise<LogAppendResult> {
    const end = this.seconds.startTimer({ operation: 'append' });
    try {
      const r = await this.inner.append(records);
      this.appended.inc(r.accepted);
      this.duplicates.inc(r.duplicates);
      return r;
    } catch (err) {
      this.appendErrors.inc();
      throw err;
    } finally {
      end();
    }
  }

  async search(request: LogSearchRequest): Promise<LogSearchResult> {
    const end = this.seconds.startTimer({ operation: 'search' });
    try {
      return await this.inner.search(request);
    } finally {
      end();
    }
  }

  async volume(request: LogVolumeRequest): Promise<LogVolumeResult> {
    const end = this.seconds.startTimer({ operation: 'volume' });
    try {
      return await this.inner.volume(request);
    } finally {
      end();
    }
  }

  enforceRetention(): Promise<number> {
    return this.inner.enforceRetention();
  }

  isOpen(): boolean {
    return this.inner.isOpen();
  }

  stats(): Promise<LogStoreStats> {
    return this.inner.stats();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
