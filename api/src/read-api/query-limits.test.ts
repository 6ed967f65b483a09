// The query API's limits: the `timeout` parameter and a client that disconnects (its query is canceled).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import type { LabelMatcher } from '../storage/label-matcher.js';
import type { SeriesSamples, TimeRange } from '../storage/metric-store.js';
import { untilAborted } from './query-cancellation.js';

/** A store whose reads wait until `release()`; `reading` resolves when the first read starts. */
class GatedStore extends MemoryMetricStore {
  private openGate!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.openGate = resolve));
  private started!: () => void;
  readonly reading = new Promise<void>((resolve) => (this.started = resolve));

  release(): void {
    this.openGate();
  }

  override async select(matchers: readonly LabelMatcher[], range: TimeRange): Promise<SeriesSamples[]> {
    this.started();
    await this.gate;
    return super.select(matchers, range);
  }
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('timeout parameter', () => {
  it.each(['0', '0s'])('timeout=%s leaves no time: 503 timeout, as Prometheus', async (timeout) => {
    app = await buildApp({ config: loadConfig({}), store: new MemoryMetricStore(), logger: pino({ level: 'silent' }) });
    const r = await app.inject({ method: 'GET', url: `/api/v1/query?query=up&timeout=${timeout}` });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toEqual({ status: 'error', errorType: 'timeout', error: 'query timed out in query execution' });
  });

  it('a parse error wins over timeout=0 (the query is parsed first)', async () => {
    app = await buildApp({ config: loadConfig({}), store: new MemoryMetricStore(), logger: pino({ level: 'silent' }) });
    const r = await app.inject({ method: 'GET', url: '/api/v1/query?query=foo%7B&timeout=0' });
    expect(r.statusCode).toBe(400);
  });

  it.each(['-1s', '1ns', 'soon'])('rejects timeout=%s with bad_data', async (timeout) => {
    app = await buildApp({ config: loadConfig({}), store: new MemoryMetricStore(), logger: pino({ level: 'silent' }) });
    const r = await app.inject({ method: 'GET', url: `/api/v1/query?query=up&timeout=${timeout}` });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({ status: 'error', errorType: 'bad_data', error: `invalid parameter "timeout": cannot parse "${timeout}" to a valid duration` });
  });

  it('a timeout as float seconds lowers the configured one: a slow read times out with 503', async () => {
    const store = new GatedStore();
    await store.append([{ labels: { __name__: 'up' }, timestamp: Date.now(), value: 1 }]);
    app = await buildApp({ config: loadConfig({}), store, logger: pino({ level: 'silent' }) });
    const pending = app.inject({ method: 'GET', url: '/api/v1/query_range?query=up&start=0&end=60&step=15&timeout=0.05' });
    await store.reading;
    await new Promise((r) => setTimeout(r, 80));
    store.release();
    const r = await pending;
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ status: 'error', errorType: 'timeout' });
  });
});

describe('a client that disconnects', () => {
  it('cancels its query: the handler ends with canceled without waiting for the store', async () => {
    const store = new GatedStore();
    app = await buildApp({ config: loadConfig({}), store, logger: pino({ level: 'silent' }) });
    // Fastify runs no onResponse for a reply that could not be written, so watch the handler's error instead.
    let settle!: (code: unknown) => void;
    const handlerError = new Promise<unknown>((resolve) => (settle = resolve));
    app.addHook('onError', async (_request, _reply, err) => settle((err as { code?: unknown }).code));
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const client = http.get(`${address}/api/v1/query?query=up`);
    const clientError = new Promise<unknown>((resolve) => client.on('error', resolve));
    await store.reading;
    client.destroy();
    expect(await clientError).toBeInstanceOf(Error);
    // The store read is still blocked, yet the handler has already given up with `canceled`.
    expect(await handlerError).toBe('canceled');
    store.release();
  });
});

describe('a client that disconnects from a query the engine is computing', () => {
  it('stops the engine: the process goes idle soon after the disconnect', async () => {
    const store = new MemoryMetricStore();
    const t0 = 1_700_000_000_000;
    const samples = [];
    for (let s = 0; s < 20; s++) {
      for (let i = 0; i < 1000; i++) samples.push({ labels: { __name__: 'm', s: String(s) }, timestamp: t0 + i * 15_000, value: (i * 7919 + s * 104_729) % 1000 });
    }
    await store.append(samples);
    app = await buildApp({ config: loadConfig({}), store, logger: pino({ level: 'silent' }) });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    // Seconds of CPU uncanceled: 10,000 steps, each sorting 240 samples of 20 series.
    const query = encodeURIComponent('quantile_over_time(0.5, m[1h])');
    const start = t0 / 1000 + 3600;
    const client = http.get(`${address}/api/v1/query_range?query=${query}&start=${start}&end=${start + 10_000}&step=1`);
    const outcome = new Promise<string>((resolve) => {
      client.on('error', () => resolve('disconnected'));
      client.on('response', () => resolve('answered before the disconnect'));
    });
    await new Promise((r) => setTimeout(r, 150));
    client.destroy();
    expect(await outcome).toBe('disconnected');
    await new Promise((r) => setTimeout(r, 100));
    const before = performance.eventLoopUtilization();
    await new Promise((r) => setTimeout(r, 400));
    expect(performance.eventLoopUtilization(before).utilization).toBeLessThan(0.3);
  });
});

describe('untilAborted', () => {
  it('passes the result through when nothing aborts', async () => {
    await expect(untilAborted(Promise.resolve(42), new AbortController().signal)).resolves.toBe(42);
  });

  it('rejects with canceled at once when the signal aborts, and swallows the late rejection of the work', async () => {
    const c = new AbortController();
    let fail!: (e: Error) => void;
    const work = new Promise<number>((_, reject) => (fail = reject));
    const raced = untilAborted(work, c.signal);
    c.abort();
    await expect(raced).rejects.toMatchObject({ code: 'canceled', statusCode: 499 });
    fail(new Error('late'));
  });

  it('rejects at once when the signal was already aborted', async () => {
    const c = new AbortController();
    c.abort();
    await expect(untilAborted(new Promise<number>(() => undefined), c.signal)).rejects.toMatchObject({ code: 'canceled' });
  });
});
