import type { CollectedSample } from '../sources/source.js';

/**
 * A wire format as the batching sink sees it: each sample becomes one buffered item when written (so the
 * buffer holds what will be sent, and a sample the format cannot carry is counted at once), and a batch of
 * items becomes one request body.
 */
export interface SampleEncoding<Item> {
  /** For log lines: `InfluxDB line protocol`, `Prometheus remote_write`. */
  readonly format: string;
  /** For the dropped-samples log line: what the format cannot carry. */
  readonly limits: string;
  /** The item for one sample, or undefined when the format cannot carry it (the sink counts and logs it). */
  encode(sample: CollectedSample): Item | undefined;
  /** One request body (uncompressed) for a batch of items. */
  body(items: readonly Item[]): string | Uint8Array;
}
