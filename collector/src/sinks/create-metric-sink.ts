import type { Logger } from 'pino';
import type { SinkConfig } from '../config/config-schema.js';
import type { Clock } from '../time/clock.js';
import { BatchingSink, type BufferedMetricSink } from './batching-sink.js';
import type { BatchTransport } from './export-result.js';
import { HttpLineProtocolTransport } from './http-line-protocol-transport.js';
import { lineProtocolEncoding } from './line-protocol-encoder.js';
import { HttpRemoteWriteTransport } from './remote-write/http-remote-write-transport.js';
import { remoteWriteEncoding } from './remote-write/remote-write-encoding.js';

export interface CreatedSink {
  readonly sink: BufferedMetricSink;
  /** Where batches go, without credentials (for logs). */
  readonly target: string;
}

/**
 * The metric sink for `sink.kind`:
 * - `api` and `remote-write`: Prometheus remote_write 1.0 (snappy + protobuf), which carries every float
 *   exactly, so NaN, +-Inf and staleness markers reach the api (its `/api/v1/write`) or any receiver.
 * - `influxdb-v1`: InfluxDB line protocol to `/write`; samples it cannot carry (NaN, +-Inf, staleness
 *   markers) are dropped, counted and logged.
 * Batching, the bounded buffer, back-pressure and retries are the same BatchingSink for all.
 */
export function createMetricSink(config: SinkConfig, clock: Clock, logger: Logger): CreatedSink {
  const common = {
    batchSize: config.batchSize,
    flushIntervalMs: config.flushIntervalMs,
    maxBufferSamples: config.maxBufferSamples,
    retry: config.retry,
    clock,
    logger,
  };
  let transport: BatchTransport & { readonly target: string };
  if (config.kind === 'influxdb-v1') {
    transport = new HttpLineProtocolTransport({
      kind: 'influxdb-v1',
      url: config.url,
      db: config.db,
      precision: config.precision,
      token: config.token,
      timeoutMs: config.timeoutMs,
    });
    const sink = new BatchingSink({ ...common, transport, target: transport.target, encoding: lineProtocolEncoding(config.precision) });
    return { sink, target: transport.target };
  }
  transport = new HttpRemoteWriteTransport({ url: config.url, token: config.token, timeoutMs: config.timeoutMs });
  const sink = new BatchingSink({ ...common, transport, target: transport.target, encoding: remoteWriteEncoding });
  return { sink, target: transport.target };
}
