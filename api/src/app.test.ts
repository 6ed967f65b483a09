import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig } from './config/load-config.js';
import { MemoryMetricStore } from './storage/memory/memory-metric-store.js';
import type { MetricStore } from './storage/metric-store.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function app(store: MetricStore = new MemoryMetricStore(), logger = pino({ level: 'silent' })): Promise<FastifyInstance> {
  const a = await buildApp({ config: loadConfig({}), store, logger });
  apps.push(a);
  return a;
}

describe('health', () => {
  it('/healthz is 200 while up; /readyz follows the store', async () => {
    const store = new MemoryMetricStore();
    const a = await app(store);
    expect((await a.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await a.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    await store.close();
    const notReady = await a.inject({ method: 'GET', url: '/readyz' });
    expect(notReady.statusCode).toBe(503);
    expect((await a.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('/metrics', () => {
  it('exports request histograms and counters labelled by route pattern, plus process and store metrics', async () => {
    const a = await app();
    await a.inject({ method: 'GET', url: '/api/v1/label/job/values' });
    await a.inject({ method: 'GET', url: '/api/v1/label/instance/values' });
    await a.inject({ method: 'GET', url: '/api/v1/query?query=%7B' });
    await a.inject({ method: 'GET', url: '/no/such/path/123' });
    await a.inject({ method: 'POST', url: '/write?db=x', payload: 'm,t=1 value=1\nm,t=2 value=2', headers: { 'content-type': 'text/plain' } });
    const r = await a.inject({ method: 'GET', url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = r.body;
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.2",method="GET",route="\/api\/v1\/label\/:name\/values",status_code="200"\} 2$/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/api\/v1\/label\/:name\/values",status_code="200"\} 2$/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/api\/v1\/query",status_code="400"\} 1$/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1$/m);
    expect(text).not.toContain('/no/such/path');
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="POST",route="\/write",status_code="204"\} 1$/m);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^metric_store_samples_appended_total 2$/m);
    expect(text).toMatch(/^metric_store_series 2$/m);
  });
});

describe('error handling', () => {
  it('answers unknown routes with a Prometheus-shaped 404', async () => {
    const r = await (await app()).inject({ method: 'GET', url: '/api/v1/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ status: 'error', errorType: 'not_found', error: 'no route for GET /api/v1/nope' });
  });

  it('maps schema validation errors to bad_data', async () => {
    const r = await (await app()).inject({ method: 'GET', url: '/api/v1/query?query=up&time=1&time=2' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ status: 'error', errorType: 'bad_data' });
  });

  it('hides the details of internal errors and logs them', async () => {
    const store = new MemoryMetricStore();
    store.select = async () => {
      throw new Error('disk exploded at /secret/path');
    };
    const lines: string[] = [];
    const a = await app(store, pino({ level: 'error' }, { write: (s: string) => lines.push(s) }));
    const r = await a.inject({ method: 'GET', url: '/api/v1/query?query=up' });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ status: 'error', errorType: 'internal', error: 'internal server error' });
    expect(r.body).not.toContain('secret');
    expect(lines.join('')).toContain('disk exploded');
  });
});

describe('ingest wiring', () => {
  it('serves what was written with line protocol and remote_write-shaped paths exist', async () => {
    const a = await app();
    const w = await a.inject({
      method: 'POST',
      url: '/api/v2/write?org=o&bucket=b&precision=s',
      payload: 'cpu,host=h1 usage=0.5 1700000000',
      headers: { 'content-type': 'text/plain' },
    });
    expect(w.statusCode).toBe(204);
    const q = await a.inject({ method: 'GET', url: '/api/v1/query?query=cpu_usage&time=1700000010' });
    expect(q.json()).toEqual({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: { __name__: 'cpu_usage', host: 'h1' }, value: [1700000010, '0.5'] }] },
    });
    const rw = await a.inject({ method: 'POST', url: '/api/v1/write', payload: Buffer.from('not snappy'), headers: { 'content-type': 'application/x-protobuf' } });
    expect(rw.statusCode).toBe(400);
  });
});
