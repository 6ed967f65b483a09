import type { LogRecord } from '../logs/log-record.js';
import type {
  LogAppendResult,
  LogSearchRequest,
  LogSearchResult,
  LogStore,
  LogStoreStats,
  LogVolumeRequest,
  LogVolumeResult,
} from '../logs/log-store.js';
import type { EventPublisher } from './event-bus.js';

/**
 * A LogStore that publishes every newly stored record as a `log` event once its append is committed; the records
 * the store reports as duplicates (a collector's retried batch) are not published again.
 */
export class PublishingLogStore implements LogStore {
  constructor(
    private readonly inner: LogStore,
    private readonly events: EventPublisher,
  ) {}

  async append(records: readonly LogRecord[]): Promise<LogAppendResult> {
    const result = await this.inner.append(records);
    if (result.accepted === 0) return result;
    const skip = result.duplicateIndexes;
    let next = 0;
    for (let i = 0; i < records.length; i++) {
      if (next < skip.length && skip[next] === i) {
        next++;
        continue;
      }
      this.events.publish('logs', records[i]);
    }
    return result;
  }

  search(request: LogSearchRequest): Promise<LogSearchResult> {
    return this.inner.search(request);
  }

  volume(request: LogVolumeRequest): Promise<LogVolumeResult> {
    return this.inner.volume(request);
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
