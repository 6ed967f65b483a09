import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/capture-logger.js';
import { requireBinary, startServerProcess, type RunningServer } from '../../test/child-process-server.js';
import { unusedPort } from '../../test/http-test-server.js';
import type { CollectedSample } from '../sources/source.js';
import { systemClock } from '../time/clock.js';
import { HttpLineProtocolTransport } from './http-line-protocol-transport.js';
import { BatchingSink } from './batching-sink.js';
import { lineProtocolEncoding } from './line-protocol-encoder.js';

const INFLUXD = '/usr/bin/influxd';
const DB = 'collector_test';

interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: Array<Array<number | string | null>>;
}

describe('BatchingSink with line protocol -> real InfluxDB 1.6 (/write)', () => {
  let influx: RunningServer;
  let base: string;
  let dir: string;

  const query = async (q: string): Promise<InfluxSeries[]> => {
    const res = await fetch(`${base}/query?db=${DB}&epoch=ms&q=${encodeURIComponent(q)}`);
    const json = (await res.json()) as { results: Array<{ series?: InfluxSeries[]; error?: string }> };
    if (json.results[0].error !== undefined) throw new Error(json.results[0].error);
    return json.results[0].series ?? [];
  };

  beforeAll(async () => {
    requireBinary(INFLUXD, 'influxdb');
    dir = mkdtempSync(join(tmpdir(), 'collector-influxdb-'));
    const [httpPort, rpcPort] = [await unusedPort(), await unusedPort()];
    base = `http://127.0.0.1:${httpPort}`;
    const config = `
reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${dir}/meta"
[data]
  dir = "${dir}/data"
  wal-dir = "${dir}/wal"
  query-log-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
[subscriber]
  enabled = false
`;
    writeFileSync(join(dir, 'influxdb.conf'), config);
    influx = await startServerProcess(INFLUXD, ['-config', join(dir, 'influxdb.conf')], async () => (await fetch(`${base}/ping`)).status === 204, 30_000);
    const created = await fetch(`${base}/query?q=${encodeURIComponent(`CREATE DATABASE ${DB}`)}`, { method: 'POST' });
    expect(created.status).toBe(200);
  });

  afterAll(async () => {
    await influx?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  function makeSink(batchSize: number) {
    const { logger, lines } = captureLogger();
    const transport = new HttpLineProtocolTransport({ kind: 'influxdb-v1', url: base, db: DB, precision: 'ms', timeoutMs: 5000 });
    const sink = new BatchingSink({
      transport,
      encoding: lineProtocolEncoding('ms'),
      batchSize,
      flushIntervalMs: 50,
      maxBufferSamples: 10_000,
      retry: { initialDelayMs: 50, maxDelayMs: 500, multiplier: 2, jitter: 0.2 },
      clock: systemClock,
      logger,
    });
    return { sink, logs: lines };
  }

  it('writes samples that read back with the same tags, values and ms timestamps', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const samples: CollectedSample[] = [];
    for (let i = 0; i < 250; i++) {
      samples.push({ name: 'node_cpu_seconds_total', labels: { cpu: String(i % 2), mode: 'idle' }, value: 1000.25 + i, timestamp: t0 + i * 10_000 + 7 });
    }
    samples.push({ name: 'http_request_duration_seconds_bucket', labels: { le: '+Inf', route: '/api/v1/query', method: 'GET' }, value: 42, timestamp: t0 });
    samples.push({ name: 'weird_labels', labels: { path: 'C:\\a b,c=d', quote: 'say "hi"' }, value: -1.5e-7, timestamp: t0 + 1 });
    const { sink, logs } = makeSink(100);
    await sink.write(samples);
    await sink.close();
    expect(sink.stats()).toMatchObject({ sentSamples: samples.length, rejectedSamples: 0, bufferedSamples: 0 });
    expect(logs.filter((l) => l.level >= 40)).toEqual([]);

    const cpu = await query('SELECT "value" FROM "node_cpu_seconds_total" GROUP BY *');
    const got = cpu.flatMap((s) => s.values.map(([time, value]) => ({ cpu: s.tags?.cpu, mode: s.tags?.mode, time, value })));
    const want = samples
      .filter((s) => s.name === 'node_cpu_seconds_total')
      .map((s) => ({ cpu: s.labels.cpu, mode: s.labels.mode, time: s.timestamp, value: s.value }));
    const order = (a: { cpu?: string; time: unknown }, b: { cpu?: string; time: unknown }): number =>
      String(a.cpu).localeCompare(String(b.cpu)) || Number(a.time) - Number(b.time);
    expect(got.sort(order)).toEqual(want.sort(order));

    const [bucket] = await query('SELECT "value" FROM "http_request_duration_seconds_bucket" GROUP BY *');
    expect(bucket.tags).toEqual({ le: '+Inf', route: '/api/v1/query', method: 'GET' });
    expect(bucket.values).toEqual([[t0, 42]]);

    const [weird] = await query('SELECT "value" FROM "weird_labels" GROUP BY *');
    expect(weird.tags).toEqual({ path: 'C:\\a b,c=d', quote: 'say "hi"' });
    expect(weird.values).toEqual([[t0 + 1, -1.5e-7]]);
  });

  it('a partial write (HTTP 400, field type conflict) is logged and not retried; the good lines are stored', async () => {
    // An integer field `value` first: our float lines for the same measurement then conflict.
    const pre = await fetch(`${base}/write?db=${DB}&precision=ms`, { method: 'POST', body: 'conflict value=1i 1000' });
    expect(pre.status).toBe(204);
    const { sink, logs } = makeSink(10);
    await sink.write([
      { name: 'conflict', labels: {}, value: 2.5, timestamp: 2000 },
      { name: 'fine_metric', labels: { a: 'b' }, value: 3, timestamp: 2000 },
    ]);
    await sink.close();
    expect(sink.stats()).toMatchObject({ sentSamples: 0, rejectedSamples: 2, retries: 0 });
    const rejected = logs.find((l) => l.msg.startsWith('sink rejected a batch'));
    expect(rejected?.status).toBe(400);
    expect(String(rejected?.reason)).toMatch(/partial write: field type conflict/);
    const [fine] = await query('SELECT "value" FROM "fine_metric"');
    expect(fine.values).toEqual([[2000, 3]]);
  });
});
