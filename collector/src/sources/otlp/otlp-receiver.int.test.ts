import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess, type ApiProcess } from '../../../test/api-process.js';
import { captureLogger } from '../../../test/capture-logger.js';
import { MemoryLogSink } from '../../../test/memory-log-sink.js';
import { loadConfig } from '../../config/load-config.js';
import { createMetricSink } from '../../sinks/create-metric-sink.js';
import type { LogSink } from '../../sinks/log-sink.js';
import { MemorySink } from '../../sinks/memory-sink.js';
import { systemClock } from '../../time/clock.js';
import type { CollectedSample } from '../source.js';
import { OtlpReceiver } from './otlp-receiver.js';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'otel-sdk-app.ts');
const run = promisify(execFile);

interface AppRun {
  readonly samples: CollectedSample[];
  /** `content-type content-encoding` of every request received. */
  readonly requests: string[];
  /** `url status` of every reply. */
  readonly replies: string[];
  readonly logs: MemoryLogSink;
  readonly traceId: string;
}

/** Starts a receiver on a free port, runs the SDK app against it in a child process, and returns what arrived. */
async function runApp(
  protocol: 'json' | 'protobuf',
  temporality: 'cumulative' | 'delta',
  env: Record<string, string> = {},
  slowFirstLogAck = false,
): Promise<AppRun> {
  const metrics = new MemorySink();
  const logs = new MemoryLogSink();
  // A log store that takes 1.5 s to acknowledge the first batch (the receiver answers 503 after 300 ms).
  let slowSend: Promise<void> | undefined;
  const logSink: LogSink = {
    send: async (records) => {
      if (slowFirstLogAck && slowSend === undefined) {
        slowSend = new Promise<void>((resolve) => setTimeout(resolve, 1500)).then(() => logs.send(records));
        return slowSend;
      }
      await logs.send(records);
    },
    close: async () => undefined,
  };
  const receiver = new OtlpReceiver({
    settings: {
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 4 * 1024 * 1024,
      retryAfterMs: 1000,
      logsAckTimeoutMs: slowFirstLogAck ? 300 : 5000,
      maxPendingLogRecords: 1000,
      maxExponentialScale: 3,
      deltaMaxSeries: 1000,
      deltaStaleAfterMs: 3_600_000,
    },
    metricSink: metrics,
    logSink,
    logger: captureLogger('warn').logger,
  });
  const requests: string[] = [];
  receiver.app.addHook('onRequest', async (req) => {
    requests.push(`${req.url} ${req.headers['content-type'] ?? ''} ${req.headers['content-encoding'] ?? 'identity'}`);
  });
  const replies: string[] = [];
  receiver.app.addHook('onResponse', async (req, reply) => {
    replies.push(`${req.url} ${reply.statusCode}`);
  });
  const port = await receiver.start();
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', APP], {
      env: { ...process.env, OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTLP_PROTOCOL: protocol, OTLP_TEMPORALITY: temporality, OTEL_LOG_LEVEL: 'error', ...env },
      timeout: 60_000,
    });
    await slowSend; // the late acknowledgement too, so that a duplicate would show
    const { traceId } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { traceId: string };
    return { samples: metrics.samples, logs, traceId, requests, replies };
  } finally {
    await receiver.stop();
  }
}

const TARGET = { job: 'demo/shop', instance: 'shop-1' };

/** The value of the last sample of `name` whose labels include `labels`. */
function last(samples: readonly CollectedSample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return matching.at(-1)?.value;
}

/** Bucket values of the last export of a histogram series, by le. */
function lastBuckets(samples: readonly CollectedSample[], name: string, labels: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== `${name}_bucket` || !Object.entries(labels).every(([k, v]) => s.labels[k] === v)) continue;
    out[s.labels.le] = s.value;
  }
  return out;
}

function assertCommon(r: AppRun): void {
  const { samples } = r;
  // Counter (cumulative: the second export repeats the total; delta: accumulated by the receiver).
  expect(last(samples, 'orders_total', { payment_method: 'card', otel_scope_name: 'shop', otel_scope_version: '1.0.0', ...TARGET })).toBe(5);
  // Histogram with explicit buckets.
  expect(lastBuckets(samples, 'checkout_duration_seconds', TARGET)).toEqual({ '0.1': 1, '0.5': 2, '1': 3, '+Inf': 3 });
  expect(last(samples, 'checkout_duration_seconds_count', TARGET)).toBe(3);
  expect(last(samples, 'checkout_duration_seconds_sum', TARGET)).toBeCloseTo(1.05, 10);
  // Up-down counter: a non-monotonic sum, a gauge without _total.
  expect(last(samples, 'cart_items', TARGET)).toBe(3);
  expect(samples.some((s) => s.name === 'cart_items_total')).toBe(false);
  expect(last(samples, 'queue_depth', { queue: 'mail', ...TARGET })).toBe(7);
  // Exponential histogram (100, 200, 400, 1000, then 5000 in the second export) as explicit buckets: each value
  // lies in a bucket whose upper bound is at most 2^(1/8) (scale 3) above it.
  expect(last(samples, 'payload_size_bytes_count', TARGET)).toBe(5);
  expect(last(samples, 'payload_size_bytes_sum', TARGET)).toBe(6700);
  const payload = Object.entries(lastBuckets(samples, 'payload_size_bytes', TARGET))
    .map(([le, n]) => [le === '+Inf' ? Infinity : Number(le), n] as const)
    .sort((a, b) => a[0] - b[0]);
  expect(payload.at(-1)).toEqual([Infinity, 5]);
  const countAt = (v: number): number => payload.find(([le]) => le >= v)?.[1] ?? NaN;
  for (const [v, n] of [[100, 1], [200, 2], [400, 3], [1000, 4], [5000, 5]] as const) {
    expect(countAt(v), `le >= ${v}`).toBe(n);
    const le = payload.find(([b]) => b >= v)?.[0] ?? NaN;
    expect(le / v, `bound above ${v}`).toBeLessThanOrEqual(2 ** (1 / 8) + 1e-12);
  }
  expect(payload.every(([, n], i) => i === 0 || n >= payload[i - 1][1])).toBe(true);
  // Stable HTTP semantic conventions from instrumentation-http: seconds.
  const stable = { http_request_method: 'GET', http_response_status_code: '200', ...TARGET };
  expect(last(samples, 'http_server_request_duration_seconds_count', stable)).toBe(4);
  expect(lastBuckets(samples, 'http_server_request_duration_seconds', stable)['+Inf']).toBe(4);
  expect(last(samples, 'http_server_request_duration_seconds_count', { http_response_status_code: '500', ...TARGET })).toBe(1);
  expect(Object.keys(lastBuckets(samples, 'http_server_request_duration_seconds', stable))).toContain('0.005');
  // Resource attributes other than the service ones.
  const info = samples.find((s) => s.name === 'target_info');
  expect(info?.labels).toMatchObject({ deployment_environment: 'test', process_runtime_name: 'nodejs', ...TARGET });
  expect(info?.labels).not.toHaveProperty('service_name');
  expect(info?.value).toBe(1);

  // Logs.
  const records = r.logs.records;
  expect(records).toHaveLength(2);
  const error = records.find((x) => x.level === 'error');
  expect(error).toMatchObject({ message: 'payment failed', service: 'shop', traceId: r.traceId, attributes: { 'order.id': 'o-9', 'otel.scope.name': 'shop' } });
  expect(r.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(error?.spanId).toMatch(/^[0-9a-f]{16}$/);
  const info2 = records.find((x) => x.level === 'info');
  expect(info2).toMatchObject({ message: '{"event":"order placed","total":42.5}', attributes: { 'customer.tier': 'gold', 'deployment.environment': 'test' } });
  expect(Math.abs((info2?.timestamp ?? 0) - Date.now())).toBeLessThan(120_000);
}

describe('OTLP receiver with the OpenTelemetry JS SDK', () => {
  let json: AppRun;
  let proto: AppRun;
  let retried: AppRun;
  beforeAll(async () => {
    [json, proto] = await Promise.all([
      // instrumentation-http 0.220 with both HTTP conventions; the current one (stable conventions only) for protobuf.
      runApp('json', 'cumulative', { HTTP_INSTRUMENTATION: '0.220', OTEL_SEMCONV_STABILITY_OPT_IN: 'http/dup' }),
      runApp('protobuf', 'delta', { HTTP_INSTRUMENTATION: 'current', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }),
    ]);
    // The first log batch is acknowledged late: the receiver answers 503 (Retry-After: 1), the SDK retries, and the
    // retry's records (same ids) are stored once.
    retried = await runApp('protobuf', 'cumulative', { HTTP_INSTRUMENTATION: 'current' }, true);
  }, 120_000);

  it('JSON exporters (cumulative): counters, histograms, up-down counters, gauges, both HTTP conventions, target_info, logs', () => {
    assertCommon(json);
    expect(new Set(json.requests)).toEqual(new Set(['/v1/metrics application/json identity', '/v1/logs application/json identity']));
    // The old HTTP conventions (instrumentation-http up to 0.220): http.server.duration in ms.
    const old = { http_method: 'GET', http_status_code: '200', ...TARGET };
    const oldBuckets = lastBuckets(json.samples, 'http_server_duration_milliseconds', old);
    expect(oldBuckets['+Inf']).toBe(4);
    expect(oldBuckets['10000']).toBe(4);
    expect(Object.keys(oldBuckets)).toEqual(['0', '5', '10', '25', '50', '75', '100', '250', '500', '750', '1000', '2500', '5000', '7500', '10000', '+Inf']);
    expect(last(json.samples, 'http_server_duration_milliseconds_count', { http_status_code: '500', ...TARGET })).toBe(1);
    // Cumulative: every export (the two flushes and the one at shutdown) carries the running total.
    expect(json.samples.filter((s) => s.name === 'orders_total').map((s) => s.value)).toEqual([3, 5, 5]);
  });

  it('protobuf exporters (delta temporality, gzip): the same, with deltas accumulated to cumulative', () => {
    assertCommon(proto);
    expect(new Set(proto.requests)).toEqual(new Set(['/v1/metrics application/x-protobuf gzip', '/v1/logs application/x-protobuf gzip']));
    // Current instrumentation-http emits only the stable conventions.
    expect(proto.samples.some((s) => s.name.startsWith('http_server_duration'))).toBe(false);
    // Delta: the shutdown export has no change for orders, so no third point.
    expect(proto.samples.filter((s) => s.name === 'orders_total').map((s) => s.value)).toEqual([3, 5]);
  });

  it('the SDK retries logs answered 503 (log store slow to acknowledge) and each record is stored once', () => {
    expect(retried.replies.filter((r) => r.startsWith('/v1/logs'))).toEqual(['/v1/logs 503', '/v1/logs 200']);
    expect(retried.logs.sends).toBe(2);
    expect(retried.logs.records.map((r) => r.message).sort()).toEqual(['payment failed', '{"event":"order placed","total":42.5}']);
  });

  describe('in the api', () => {
    let api: ApiProcess | undefined;
    beforeAll(async () => {
      api = await startApiProcess();
    }, 60_000);
    afterAll(async () => {
      await api?.stop();
    });

    it('histogram_quantile works on both HTTP conventions once the samples reach the api through the real sink', async () => {
      const a = api as ApiProcess;
      const sinkConfig = loadConfig({ HOST: '127.0.0.1', PORT: new URL(a.base).port }).sink;
      const { sink } = createMetricSink(sinkConfig, systemClock, captureLogger('warn').logger);
      await sink.write(json.samples);
      await sink.close();
      const at = Math.max(...json.samples.map((s) => s.timestamp)) + 1000;
      const q = async (expr: string): Promise<number> => {
        const result = await a.query(expr, at);
        expect(result, expr).toHaveLength(1);
        return Number(result[0].value[1]);
      };
      // Every /ok request took well under 5 s and 5000 ms: the median lies in the first buckets.
      const stable = await q('histogram_quantile(0.5, sum by (le) (http_server_request_duration_seconds_bucket{http_response_status_code="200"}))');
      expect(stable).toBeGreaterThan(0);
      expect(stable).toBeLessThanOrEqual(5);
      const old = await q('histogram_quantile(0.5, sum by (le) (http_server_duration_milliseconds_bucket{http_status_code="200"}))');
      expect(old).toBeGreaterThanOrEqual(0);
      expect(old).toBeLessThanOrEqual(5000);
      const checkout = await q('histogram_quantile(0.5, sum by (le) (checkout_duration_seconds_bucket))');
      // 3 values in (0, 0.1], (0.1, 0.5], (0.5, 1]: the median is the 1.5th, interpolated in (0.1, 0.5].
      expect(checkout).toBeCloseTo(0.1 + (0.5 - 0.1) * 0.5, 10);
      // The exponential histogram: the median of 100, 200, 400, 1000, 5000 is 400, within one bucket (2^(1/8)).
      const payload = await q('histogram_quantile(0.5, sum by (le) (payload_size_bytes_bucket))');
      expect(payload).toBeGreaterThan(400 / 2 ** (1 / 8));
      expect(payload).toBeLessThan(400 * 2 ** (1 / 8));
      const rate = await q('histogram_quantile(0.9, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))');
      expect(Number.isFinite(rate)).toBe(true);
    });
  });
});
