import type { CollectedSample } from '../sources/source.js';
import type { MetricSink } from './metric-sink.js';

/** Keeps every written sample in memory: a test fake and a debugging aid. */
export class MemorySink implements MetricSink {
  readonly samples: CollectedSample[] = [];
  closed = false;

  async write(samples: readonly CollectedSample[]): Promise<void> {
    if (this.closed) throw new Error('sink is closed');
    this.samples.push(...samples);
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
  }
}
