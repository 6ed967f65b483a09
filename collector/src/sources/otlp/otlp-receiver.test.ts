import { createServer, type Server } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/capture-logger.js';
import { MemoryLogSink } from '../../../test/memory-log-sink.js';
import { MemorySink } from '../../sinks/memory-sink.js';
import type { CollectedSample } from '../source.js';
import { OtlpListenError, OtlpReceiver, type OtlpReceiverSettings } from './otlp-receiver.js';
import { OtlpTypes } from './otlp-proto-schema.js';

const NOW = 1_700_000_000_000;
const SETTINGS: OtlpReceiverSettings = {
  host: '127.0.0.1',
  port: 0,
  maxBodyBytes: 64 * 1024,
  retryAfterMs: 7000,
  logsAckTimeoutMs: 200,
  maxPendingLogRecords: 10,
  maxExponentialScale: 3,
  deltaMaxSeries: 1000,
  deltaStaleAfterMs: 3_600_000,
};

const receivers: OtlpReceiver[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.stop();
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

function receiver(opts: { metricSink?: { write(s: readonly CollectedSample[]): Promise<void> }; logSink?: MemoryLogSink | null; settings?: Partial<OtlpReceiverSettings> } = {}): {
  r: OtlpReceiver;
  metrics: MemorySink;
  logs: MemoryLogSink;
} {
  const metrics = new MemorySink();
  const logs = new MemoryLogSink();
  const r = new OtlpReceiver({
    settings: { ...SETTINGS, ...opts.settings },
    metricSink: opts.metricSink ?? metrics,
    logSink: opts.logSink === null ? undefined : (opts.logSink ?? logs),
    logger: captureLogger().logger,
    now: () => NOW,
  });
  receivers.push(r);
  return { r, metrics, logs };
}

const METRICS = {
  resourceMetrics: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
      scopeMetrics: [
        {
          scope: { name: 'm' },
          metrics: [
            { name: 'orders', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ timeUnixNano: '1700000000000000000', asInt: '3' }] } },
          ],
        },
      ],
    },
  ],
};
const BAD_POINT_METRICS = {
  resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ asDouble: 1 }, {}] } }] }] }],
};
const LOGS = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
      scopeLogs: [{ logRecords: [{ timeUnixNano: '1700000000000000000', severityNumber: 9, body: { stringValue: 'hello' } }] }],
    },
  ],
};

const json = (body: unknown): { payload: string; headers: Record<string, string> } => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const proto = (type: 'ExportMetricsServiceRequest' | 'ExportLogsServiceRequest', body: unknown): Buffer =>
  Buffer.from(OtlpTypes[type].encode(OtlpTypes[type].fromObject(body as Record<string, unknown>)).finish());

describe('OtlpReceiver /v1/metrics', () => {
  it('accepts OTLP JSON and answers 200 with an empty ExportMetricsServiceResponse', async () => {
    const { r, metrics } = receiver();
    const res = await r.app.inject({ method: 'POST', url: '/v1/metrics', ...json(METRICS) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({});
    expect(metrics.samples).toEqual([{ name: 'orders_total', labels: { otel_scope_name: 'm', job: 'shop' }, value: 3, timestamp: NOW }]);
  });

  it('accepts gzip-compressed protobuf and answers in protobuf', async () => {
    const { r, metrics } = receiver();
    const res = await r.app.inject({
      method: 'POST',
      url: '/v1/metrics',
      payload: gzipSync(proto('ExportMetricsServiceRequest', METRICS)),
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-protobuf');
    expect(OtlpTypes.ExportMetricsServiceResponse.toObject(OtlpTypes.ExportMetricsServiceResponse.decode(res.rawPayload))).toEqual({});
    expect(metrics.samples.map((s) => [s.name, s.value])).toEqual([['orders_total', 3]]);
  });

  it('answers partial_success with the count of rejected points and why, in JSON and protobuf', async () => {
    const { r, metrics } = receiver();
    const res = await r.app.inject({ method: 'POST', url: '/v1/metrics', ...json(BAD_POINT_METRICS) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ partialSuccess: { rejectedDataPoints: '1', errorMessage: 'metric "g": data point without a value' } });
    const pb = await r.app.inject({
      method: 'POST',
      url: '/v1/metrics',
      payload: proto('ExportMetricsServiceRequest', BAD_POINT_METRICS),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    const decoded = OtlpTypes.ExportMetricsServiceResponse.toObject(OtlpTypes.ExportMetricsServiceResponse.decode(pb.rawPayload), { longs: Number });
    expect(decoded).toEqual({ partialSuccess: { rejectedDataPoints: 1, errorMessage: 'metric "g": data point without a value' } });
    expect(metrics.samples.filter((s) => s.name === 'g')).toHaveLength(2);
  });

  it('logs rejected points at most once a minute, with the count since the last line', async () => {
    const { logger, lines } = captureLogger();
    let now = NOW;
    const r = new OtlpReceiver({ settings: SETTINGS, metricSink: new MemorySink(), logSink: undefined, logger, now: () => now });
    receivers.push(r);
    for (let i = 0; i < 3; i++) await r.app.inject({ method: 'POST', url: '/v1/metrics', ...json(BAD_POINT_METRICS) });
    now += 61_000;
    await r.app.inject({ method: 'POST', url: '/v1/metrics', ...json(BAD_POINT_METRICS) });
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      'OTLP metrics: 1 data points rejected (the sender was told in partial_success)',
      'OTLP metrics: 3 data points rejected (the sender was told in partial_success)',
    ]);
  });

  it('answers 400 with a google.rpc.Status for bodies that do not decode', async () => {
    const { r } = receiver();
    const bad = await r.app.inject({ method: 'POST', url: '/v1/metrics', payload: '{"resourceMetrics": ', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 3, message: expect.stringMatching(/cannot decode OTLP JSON ExportMetricsServiceRequest/) });
    const wrongType = await r.app.inject({ method: 'POST', url: '/v1/metrics', ...json({ resourceMetrics: 'x' }) });
    expect(wrongType.statusCode).toBe(400);
    const pb = await r.app.inject({ method: 'POST', url: '/v1/metrics', payload: Buffer.from([0x0a, 0xff, 0xff, 0x01]), headers: { 'content-type': 'application/x-protobuf' } });
    expect(pb.statusCode).toBe(400);
    const status = OtlpTypes.Status.toObject(OtlpTypes.Status.decode(pb.rawPayload));
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/cannot decode OTLP protobuf/);
    const gz = await r.app.inject({ method: 'POST', url: '/v1/metrics', payload: 'not gzip', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(gz.statusCode).toBe(400);
    expect(gz.json().message).toMatch(/cannot gunzip/);
  });

  it('answers 413 over the body limit, compressed or after gunzip', async () => {
    const { r } = receiver({ settings: { maxBodyBytes: 1024 } });
    const big = await r.app.inject({ method: 'POST', url: '/v1/metrics', payload: 'x'.repeat(2048), headers: { 'content-type': 'application/json' } });
    expect(big.statusCode).toBe(413);
    expect(big.json().message).toMatch(/larger than 1024 bytes/);
    const bomb = gzipSync(Buffer.from(JSON.stringify({ resourceMetrics: [], pad: ' '.repeat(5000) })));
    expect(bomb.length).toBeLessThan(1024);
    const res = await r.app.inject({ method: 'POST', url: '/v1/metrics', payload: bomb, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/after gunzip/);
  });

  it('answers 415 for other content types and encodings', async () => {
    const { r } = receiver();
    const res = await r.app.inject({ method: 'POST', url: '/v1/metrics', payload: 'a', headers: { 'content-type': 'text/plain' } });
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toMatch(/application\/x-protobuf or application\/json/);
    const br = await r.app.inject({ method: 'POST', url: '/v1/metrics', ...json(METRICS), headers: { 'content-type': 'application/json', 'content-encoding': 'br' } });
    expect(br.statusCode).toBe(415);
  });

  it('answers 503 with Retry-After while the metric sink is full, and writes each accepted request once', async () => {
    let release: (() => void) | undefined;
    const written: CollectedSample[][] = [];
    const sink = {
      write: (s: readonly CollectedSample[]): Promise<void> => {
        written.push([...s]);
        return new Promise<void>((resolve) => (release = resolve));
      },
    };
    const { r } = receiver({ metricSink: sink });
    const first = await r.app.inject({ method: 'POST', url: '/v1/metrics', ...json(METRICS) });
    expect(first.statusCode).toBe(200);
    const second = await r.app.inject({ method: 'POST', url: '/v1/metrics', ...json(METRICS) });
    expect(second.statusCode).toBe(503);
    expect(second.headers['retry-after']).toBe('7');
    expect(second.json()).toMatchObject({ code: 14 });
    expect(written).toHaveLength(1);
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
    sink.write = async (s) => void written.push([...s]);
    const third = await r.app.inject({ method: 'POST', url: '/v1/metrics', ...json(METRICS) });
    expect(third.statusCode).toBe(200);
    expect(written).toHaveLength(2);
  });

  it('answers 404 with a Status for other paths', async () => {
    const { r } = receiver();
    const res = await r.app.inject({ method: 'POST', url: '/v1/traces', ...json({}) });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/POST \/v1\/metrics or POST \/v1\/logs/);
  });
});

describe('OtlpReceiver /v1/logs', () => {
  it('hands records to the log sink and answers 200 once acknowledged (JSON and protobuf)', async () => {
    const { r, logs } = receiver();
    const a = await r.app.inject({ method: 'POST', url: '/v1/logs', ...json(LOGS) });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toEqual({});
    expect(logs.records).toMatchObject([{ level: 'info', message: 'hello', service: 'shop', timestamp: NOW }]);
    const b = await r.app.inject({ method: 'POST', url: '/v1/logs', payload: proto('ExportLogsServiceRequest', LOGS), headers: { 'content-type': 'application/x-protobuf' } });
    expect(b.statusCode).toBe(200);
    // The same record again: same id, stored once.
    expect(logs.records).toHaveLength(1);
    expect(logs.sends).toBe(2);
  });

  it('answers 503 when the log store does not acknowledge in time; the retry is deduplicated', async () => {
    const { r, logs } = receiver();
    logs.hold();
    const first = await r.app.inject({ method: 'POST', url: '/v1/logs', ...json(LOGS) });
    expect(first.statusCode).toBe(503);
    expect(first.headers['retry-after']).toBe('7');
    logs.release();
    const retry = await r.app.inject({ method: 'POST', url: '/v1/logs', ...json(LOGS) });
    expect(retry.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(logs.records).toHaveLength(1);
  });

  it('answers 503 without sending when too many records wait for acknowledgement', async () => {
    const { r, logs } = receiver({ settings: { maxPendingLogRecords: 1, logsAckTimeoutMs: 50 } });
    logs.hold();
    expect((await r.app.inject({ method: 'POST', url: '/v1/logs', ...json(LOGS) })).statusCode).toBe(503);
    const res = await r.app.inject({ method: 'POST', url: '/v1/logs', ...json(LOGS) });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toMatch(/otlp.maxPendingLogRecords/);
    expect(logs.sends).toBe(1);
    logs.release();
  });

  it('answers 404 when the collector has no log sink', async () => {
    const { r } = receiver({ logSink: null });
    const res = await r.app.inject({ method: 'POST', url: '/v1/logs', ...json(LOGS) });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 12 });
  });
});

describe('OtlpReceiver.start', () => {
  it('listens on a real port and names the port when it is taken', async () => {
    const { r } = receiver();
    const port = await r.start();
    const res = await fetch(`http://127.0.0.1:${port}/v1/metrics`, { method: 'POST', body: JSON.stringify(METRICS), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const { r: second } = receiver({ settings: { port: taken } });
    await expect(second.start()).rejects.toThrow(OtlpListenError);
    await expect(second.start()).rejects.toThrow(`127.0.0.1:${taken}: address already in use`);
  });
});
