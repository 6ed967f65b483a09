import type { MetricStore, Sample } from '../storage/metric-store.js';

interface Waiter {
  readonly samples: readonly Sample[];
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit for ingest: the samples of requests that finish parsing in the same event-loop turn go to
 * the store as one `append` (one transaction, one fsync for the embedded store). Each caller's promise
 * still resolves only once its samples are durably committed, and rejects if that append fails.
 */
export class AppendBatcher {
  private pending: Waiter[] = [];
  private scheduled = false;
  /** Appends issued to the store, and requests they carried (for tests and stats). */
  appends = 0;
  requests = 0;

  constructor(private readonly store: MetricStore) {}

  append(samples: readonly Sample[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ samples, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    let all: readonly Sample[];
    if (batch.length === 1) {
      all = batch[0].samples;
    } else {
      const merged: Sample[] = [];
      for (const waiter of batch) for (const s of waiter.samples) merged.push(s);
      all = merged;
    }
    this.appends++;
    this.requests += batch.length;
    try {
      await this.store.append(all);
      for (const waiter of batch) waiter.resolve();
    } catch (err) {
      for (const waiter of batch) waiter.reject(err);
    }
  }
}
