import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Labels } from '../../storage/labels.js';
import { MemoryMetricStore } from '../../storage/memory/memory-metric-store.js';
import { lineProtocolRoutes, SKIPPED_STRING_FIELDS_HEADER } from './routes.js';

const NOW = 1_700_000_000_000;
const MAX_BODY = 64 * 1024;

let app: FastifyInstance;
let store: MemoryMetricStore;

beforeEach(async () => {
  store = new MemoryMetricStore();
  app = Fastify();
  await app.register(lineProtocolRoutes, { store, maxBodyBytes: MAX_BODY, clock: () => NOW });
  await app.ready();
});

afterEach(async () => {
  await app.close();
});

async function all(): Promise<{ labels: Labels; timestamps: number[]; values: number[] }[]> {
  const series = await store.select([], { start: -Infinity, end: Infinity });
  return series.map((s) => ({ labels: s.labels, timestamps: [...s.timestamps], values: [...s.values] }));
}

describe('POST /api/v2/write', () => {
  it('stores every numeric field, skips and counts string fields, replies 204', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v2/write?org=o&bucket=b&precision=s',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      payload: 'cpu,host=a usage=0.5,state="ok" 1700000000\ncpu,host=b usage=0.25 1700000010\n',
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers[SKIPPED_STRING_FIELDS_HEADER]).toBe('1');
    expect(res.headers['x-influxdb-version']).toBeDefined();
    expect(await all()).toEqual([
      { labels: { __name__: 'cpu_usage', host: 'a' }, timestamps: [1_700_000_000_000], values: [0.5] },
      { labels: { __name__: 'cpu_usage', host: 'b' }, timestamps: [1_700_000_010_000], values: [0.25] },
    ]);
  });

  it('defaults to ns and to the receive time', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v2/write?bucket=b', payload: 'a value=1 1700000000123456789\nb value=2' });
    expect(res.statusCode).toBe(204);
    expect((await all()).map((s) => s.timestamps[0])).toEqual([1_700_000_000_123, NOW]);
  });

  it('rejects an unknown precision with 400 in the v2 error shape', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v2/write?bucket=b&precision=h', payload: 'a value=1 1' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'invalid', message: 'invalid precision "h"' });
    expect(await all()).toEqual([]);
  });

  it('writes the good lines and replies 400 listing every bad line', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v2/write?bucket=b&precision=ms',
      payload: 'good value=1 1000\nbad x=abc 1000\ngood value=2 2000\nbad2\n',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ code: string; message: string }>();
    expect(body.code).toBe('invalid');
    expect(body.message).toContain('partial write: 2 points written, 2 rejected');
    expect(body.message).toContain('line 2: invalid field value "abc" for field "x"');
    expect(body.message).toContain('line 4: missing fields');
    expect(await all()).toEqual([{ labels: { __name__: 'good' }, timestamps: [1000, 2000], values: [1, 2] }]);
  });

  it('accepts gzip bodies', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v2/write?bucket=b&precision=ms',
      headers: { 'content-encoding': 'gzip', 'content-type': 'text/plain' },
      payload: gzipSync('m,t=x value=42 5000\n'),
    });
    expect(res.statusCode).toBe(204);
    expect(await all()).toEqual([{ labels: { __name__: 'm', t: 'x' }, timestamps: [5000], values: [42] }]);
  });

  it('rejects an invalid gzip body with 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v2/write?bucket=b', headers: { 'content-encoding': 'gzip' }, payload: 'not gzip' });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(/invalid gzip body/);
  });

  it('rejects an unsupported Content-Encoding with 415', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v2/write?bucket=b', headers: { 'content-encoding': 'br' }, payload: 'x' });
    expect(res.statusCode).toBe(415);
  });

  it('replies 413 for a body over the limit', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v2/write?bucket=b', payload: 'm value=1\n'.repeat(MAX_BODY / 10 + 1) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ code: 'request too large', message: `body exceeds ${MAX_BODY} bytes` });
    expect(await all()).toEqual([]);
  });

  it('accepts bodies above Fastify\'s default 1 MiB limit when maxBodyBytes allows them', async () => {
    const big = Fastify();
    await big.register(lineProtocolRoutes, { store, maxBodyBytes: 8 * 1024 * 1024, clock: () => NOW });
    const lines = Array.from({ length: 40_000 }, (_, i) => `big,i=${i % 100} value=${i} ${i}`).join('\n');
    expect(lines.length).toBeGreaterThan(1024 * 1024);
    const res = await big.inject({ method: 'POST', url: '/api/v2/write?bucket=b&precision=ms', payload: lines });
    await big.close();
    expect(res.statusCode).toBe(204);
    expect(res.headers['x-samples-written']).toBe('40000');
  });

  it('replies 413 for a gzip bomb (small compressed, over the limit inflated)', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_BODY * 20, 'a'));
    expect(bomb.length).toBeLessThan(MAX_BODY);
    const res = await app.inject({ method: 'POST', url: '/api/v2/write?bucket=b', headers: { 'content-encoding': 'gzip' }, payload: bomb });
    expect(res.statusCode).toBe(413);
    expect(res.json<{ message: string }>().message).toMatch(/after gzip decompression/);
  });
});

describe('POST /write (InfluxDB 1.x)', () => {
  it.each([
    ['n', '1700000000123456789'],
    ['u', '1700000000123456'],
    ['ms', '1700000000123'],
    ['s', '1700000000'],
  ])('precision=%s', async (precision, ts) => {
    const res = await app.inject({ method: 'POST', url: `/write?db=x&precision=${precision}`, payload: `m value=1 ${ts}` });
    expect(res.statusCode).toBe(204);
    expect((await all())[0].timestamps[0]).toBe(precision === 's' ? 1_700_000_000_000 : 1_700_000_000_123);
  });

  it('accepts h and m precisions', async () => {
    await app.inject({ method: 'POST', url: '/write?db=x&precision=h', payload: 'a value=1 2' });
    await app.inject({ method: 'POST', url: '/write?db=x&precision=m', payload: 'b value=1 2' });
    expect((await all()).map((s) => s.timestamps[0])).toEqual([7_200_000, 120_000]);
  });

  it('uses the v1 error shape', async () => {
    const bad = await app.inject({ method: 'POST', url: '/write?db=x&precision=y', payload: 'm value=1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'invalid precision "y"' });
    const lines = await app.inject({ method: 'POST', url: '/write?db=x', payload: 'm value=1\nm value=nope' });
    expect(lines.statusCode).toBe(400);
    expect(lines.json<{ error: string }>().error).toContain('line 2: invalid field value "nope" for field "value"');
  });

  it('GET and HEAD /ping reply 204 with X-Influxdb-Version', async () => {
    for (const method of ['GET', 'HEAD'] as const) {
      const res = await app.inject({ method, url: '/ping' });
      expect(res.statusCode).toBe(204);
      expect(res.headers['x-influxdb-version']).toMatch(/^1\./);
    }
  });

  it('/query answers CREATE DATABASE and refuses other statements per statement', async () => {
    const get = await app.inject({ method: 'GET', url: '/query?q=CREATE%20DATABASE%20%22k6%22' });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toEqual({ results: [{ statement_id: 0 }] });
    const form = await app.inject({
      method: 'POST',
      url: '/query',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'q=CREATE+DATABASE+k6%3B+SELECT+*+FROM+x',
    });
    expect(form.statusCode).toBe(200);
    const results = form.json<{ results: { statement_id: number; error?: string }[] }>().results;
    expect(results[0]).toEqual({ statement_id: 0 });
    expect(results[1].error).toMatch(/only CREATE DATABASE/);
    const missing = await app.inject({ method: 'GET', url: '/query' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ error: 'missing required parameter "q"' });
  });
});

describe('store failures', () => {
  it('replies 503 when the store is closed', async () => {
    await store.close();
    const res = await app.inject({ method: 'POST', url: '/api/v2/write?bucket=b', payload: 'm value=1' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ code: 'unavailable', message: 'metric store is closed' });
  });

  it('replies 500 without internal details when the store throws', async () => {
    store.append = async () => {
      throw new Error('SQLITE_CORRUPT at /secret/path');
    };
    const res = await app.inject({ method: 'POST', url: '/write?db=x', payload: 'm value=1' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal error' });
  });
});
