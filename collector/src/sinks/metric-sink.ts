import type { CollectedSample } from '../sources/source.js';

/**
 * Where collected samples go. `write` may wait (back-pressure) but resolves once the samples are buffered;
 * `flush` resolves when everything buffered has been delivered or rejected; `close` flushes and stops.
 */
export interface MetricSink {
  write(samples: readonly CollectedSample[]): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}
