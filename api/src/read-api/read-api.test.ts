import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import { STALE_NAN } from '../storage/stale-marker.js';
import type { Labels } from '../storage/labels.js';

const golden = (name: string): unknown => JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8'));

const NOW = 1_700_000_000_000;
let store: MemoryMetricStore;
let app: FastifyInstance;

async function put(labels: Labels, points: Array<[number, number | 'stale']>): Promise<void> {
  await store.append(points.map(([t, v]) => ({ labels, timestamp: t, value: v === 'stale' ? STALE_NAN : v })));
}

async function get(url: string): Promise<{ status: number; json: Record<string, unknown>; body: string }> {
  const r = await app.inject({ method: 'GET', url });
  return { status: r.statusCode, json: r.json(), body: r.body };
}

beforeEach(async () => {
  store = new MemoryMetricStore();
  app = await buildApp({ config: loadConfig({}), store, logger: pino({ level: 'silent' }), now: () => NOW });
});
afterEach(async () => {
  await app.close();
});

describe('Prometheus documentation examples (golden)', () => {
  const t = (iso: string): number => Date.parse(iso);
  beforeEach(async () => {
    const prom = { __name__: 'up', job: 'prometheus', instance: 'localhost:9090' };
    const node = { __name__: 'up', job: 'node', instance: 'localhost:9100' };
    await put(prom, [
      [t('2015-07-01T20:10:30.781Z'), 1],
      [t('2015-07-01T20:10:45.781Z'), 1],
      [t('2015-07-01T20:11:00.781Z'), 1],
    ]);
    await put(node, [
      [t('2015-07-01T20:10:30.781Z'), 0],
      [t('2015-07-01T20:10:45.781Z'), 0],
      [t('2015-07-01T20:11:00.781Z'), 1],
    ]);
  });

  it('GET /api/v1/query returns the documented vector', async () => {
    const r = await get('/api/v1/query?query=up&time=2015-07-01T20:10:51.781Z');
    expect(r.status).toBe(200);
    expect(r.json).toEqual(golden('query-vector.golden.json'));
    expect(r.body).toContain('"value":[1435781451.781,"1"]');
  });

  it('GET /api/v1/query_range returns the documented matrix', async () => {
    const r = await get('/api/v1/query_range?query=up&start=2015-07-01T20:10:30.781Z&end=2015-07-01T20:11:00.781Z&step=15s');
    expect(r.status).toBe(200);
    expect(r.json).toEqual(golden('query-range-matrix.golden.json'));
  });

  it('POST /api/v1/series with form-encoded match[] returns the documented label sets', async () => {
    await put({ __name__: 'up', job: 'node', instance: 'localhost:9091' }, [[t('2015-07-01T20:10:30.781Z'), 1]]);
    await put({ __name__: 'process_start_time_seconds', job: 'prometheus', instance: 'localhost:9090' }, [[t('2015-07-01T20:10:30.781Z'), 1]]);
    const form = new URLSearchParams([
      ['match[]', 'up{instance!="localhost:9100"}'],
      ['match[]', 'process_start_time_seconds{job="prometheus"}'],
      ['start', '1435781400'],
    ]).toString();
    const r = await app.inject({ method: 'POST', url: '/api/v1/series', payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.statusCode).toBe(200);
    const want = golden('series.golden.json') as { status: string; data: Labels[] };
    const body = r.json() as { status: string; data: Labels[] };
    expect(body.status).toBe('success');
    expect(body.data).toHaveLength(3);
    expect(body.data).toEqual(expect.arrayContaining(want.data));
    // sorted by label set, as Prometheus's storage returns them
    expect(body.data.map((l) => l.__name__)).toEqual(['process_start_time_seconds', 'up', 'up']);
  });
});

describe('/api/v1/query', () => {
  beforeEach(async () => {
    await put({ __name__: 'm', k: 'a' }, [
      [NOW - 60_000, 1.5],
      [NOW - 30_000, 2.5],
    ]);
    await put({ __name__: 'm', k: 'gone' }, [
      [NOW - 60_000, 1],
      [NOW - 30_000, 'stale'],
    ]);
    await put({ __name__: 'special', k: 'nan' }, [[NOW - 1000, NaN]]);
    await put({ __name__: 'special', k: 'pinf' }, [[NOW - 1000, Infinity]]);
    await put({ __name__: 'special', k: 'ninf' }, [[NOW - 1000, -Infinity]]);
    await put({ __name__: 'special', k: 'big' }, [[NOW - 1000, 1e21]]);
  });

  it('defaults time to now and writes values as strings, including NaN and ±Inf', async () => {
    const r = await get('/api/v1/query?query=special');
    expect(r.json).toEqual({
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          { metric: { __name__: 'special', k: 'big' }, value: [NOW / 1000, '1000000000000000000000'] },
          { metric: { __name__: 'special', k: 'nan' }, value: [NOW / 1000, 'NaN'] },
          { metric: { __name__: 'special', k: 'ninf' }, value: [NOW / 1000, '-Inf'] },
          { metric: { __name__: 'special', k: 'pinf' }, value: [NOW / 1000, '+Inf'] },
        ],
      },
    });
  });

  it('accepts Unix seconds with decimals and RFC 3339 with an offset', async () => {
    const a = await get(`/api/v1/query?query=m&time=${(NOW - 45_000) / 1000}`);
    expect(a.json).toMatchObject({ data: { result: [{ value: [(NOW - 45_000) / 1000, '1.5'] }, { value: [(NOW - 45_000) / 1000, '1'] }] } });
    const iso = new Date(NOW - 45_000).toISOString().replace('Z', '+00:00');
    const b = await get(`/api/v1/query?query=m&time=${encodeURIComponent(iso)}`);
    expect(b.json).toEqual(a.json);
    const c = await get('/api/v1/query?query=m&time=1700000000.1234');
    expect(c.json).toMatchObject({ data: { result: [{ value: [1700000000.123, '2.5'] }] } });
  });

  it('hides a series whose latest sample is a staleness marker', async () => {
    const r = await get('/api/v1/query?query=m');
    expect(r.json).toEqual({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'm', k: 'a' }, value: [NOW / 1000, '2.5'] }] } });
  });

  it('returns raw samples for a range selector, stale markers dropped', async () => {
    const r = await get('/api/v1/query?query=m[5m]');
    expect(r.json).toEqual({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { __name__: 'm', k: 'a' }, values: [[(NOW - 60_000) / 1000, '1.5'], [(NOW - 30_000) / 1000, '2.5']] },
          { metric: { __name__: 'm', k: 'gone' }, values: [[(NOW - 60_000) / 1000, '1']] },
        ],
      },
    });
  });

  it('returns scalars and strings in the Prometheus shape', async () => {
    expect((await get('/api/v1/query?query=-1.5e-7&time=10')).json).toEqual({
      status: 'success',
      data: { resultType: 'scalar', result: [10, '-0.00000015'] },
    });
    expect((await get('/api/v1/query?query=%22hello%22&time=10')).json).toEqual({ status: 'success', data: { resultType: 'string', result: [10, 'hello'] } });
  });

  it('accepts POST with a form body and POST with URL parameters only', async () => {
    const form = await app.inject({
      method: 'POST',
      url: '/api/v1/query',
      payload: 'query=m%7Bk%3D%22a%22%7D',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(200);
    expect(form.json()).toMatchObject({ data: { result: [{ metric: { k: 'a' } }] } });
    const url = await app.inject({ method: 'POST', url: '/api/v1/query?query=m%7Bk%3D%22a%22%7D' });
    expect(url.statusCode).toBe(200);
    expect(url.json()).toEqual(form.json());
  });

  it.each([
    ['query=foo%7B', 'invalid parameter "query": 1:5: parse error: unexpected end of input inside braces'],
    ['query=', 'invalid parameter "query": 1:1: parse error: no expression found in input'],
    ['query=m&time=yesterday', `invalid parameter "time": Invalid time value for 'time': cannot parse "yesterday" to a valid timestamp`],
    ['query=m&timeout=soon', 'invalid parameter "timeout": cannot parse "soon" to a valid duration'],
  ])('rejects %s with bad_data', async (qs, message) => {
    const r = await get(`/api/v1/query?${qs}`);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ status: 'error', errorType: 'bad_data', error: message });
  });
});

describe('/api/v1/query_range', () => {
  beforeEach(async () => {
    await put({ __name__: 'r' }, [
      [NOW, 1],
      [NOW + 60_000, 2],
    ]);
  });

  it('evaluates at each step with lookback and accepts float-second steps', async () => {
    const r = await get(`/api/v1/query_range?query=r&start=${NOW / 1000 - 30}&end=${NOW / 1000 + 90}&step=30.0`);
    expect(r.json).toEqual({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { __name__: 'r' },
            values: [
              [NOW / 1000, '1'],
              [NOW / 1000 + 30, '1'],
              [NOW / 1000 + 60, '2'],
              [NOW / 1000 + 90, '2'],
            ],
          },
        ],
      },
    });
  });

  it('shifts by offset', async () => {
    const r = await get(`/api/v1/query_range?query=r%20offset%201m&start=${NOW / 1000 + 60}&end=${NOW / 1000 + 120}&step=1m`);
    expect(r.json).toMatchObject({ data: { result: [{ values: [[NOW / 1000 + 60, '1'], [NOW / 1000 + 120, '2']] }] } });
  });

  it('accepts exactly 11,000 steps and rejects more, as Prometheus', async () => {
    const ok = await get(`/api/v1/query_range?query=r&start=0&end=11000&step=1`);
    expect(ok.status).toBe(200);
    const tooMany = await get(`/api/v1/query_range?query=r&start=0&end=11001&step=1`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toEqual({
      status: 'error',
      errorType: 'bad_data',
      error: 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    });
  });

  it.each([
    ['query=r[5m]&start=0&end=10&step=1', 'invalid expression type "range vector" for range query, must be Scalar or instant Vector'],
    ['query=r&end=10&step=1', 'invalid parameter "start": cannot parse "" to a valid timestamp'],
    ['query=r&start=20&end=10&step=1', 'invalid parameter "end": end timestamp must not be before start time'],
    ['query=r&start=0&end=10', 'invalid parameter "step": cannot parse "" to a valid duration'],
    ['query=r&start=0&end=10&step=0', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer'],
    ['query=r&start=0&end=10&step=-5', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer'],
  ])('rejects %s', async (qs, message) => {
    const r = await get(`/api/v1/query_range?${qs}`);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ status: 'error', errorType: 'bad_data', error: message });
  });

  it('reports a query over the sample limit as an execution error (422)', async () => {
    const tight = await buildApp({
      config: { ...loadConfig({}), query: { lookbackDeltaMs: 300_000, timeoutMs: 120_000, maxSamples: 3 } },
      store,
      logger: pino({ level: 'silent' }),
    });
    const r = await tight.inject({ method: 'GET', url: `/api/v1/query_range?query=r&start=${NOW / 1000}&end=${NOW / 1000 + 120}&step=10` });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ status: 'error', errorType: 'execution' });
    await tight.close();
  });
});

describe('metadata endpoints', () => {
  beforeEach(async () => {
    await put({ __name__: 'a', job: 'x', env: 'prod' }, [[1000, 1]]);
    await put({ __name__: 'a', job: 'y' }, [[5000, 1]]);
    await put({ __name__: 'b', zone: 'z1' }, [[9000, 1]]);
  });

  it('lists label names and values, narrowed by match[], start and end', async () => {
    expect((await get('/api/v1/labels')).json).toEqual({ status: 'success', data: ['__name__', 'env', 'job', 'zone'] });
    expect((await get('/api/v1/labels?match[]=a')).json).toEqual({ status: 'success', data: ['__name__', 'env', 'job'] });
    expect((await get('/api/v1/label/job/values')).json).toEqual({ status: 'success', data: ['x', 'y'] });
    expect((await get('/api/v1/label/__name__/values?start=4&end=10')).json).toEqual({ status: 'success', data: ['a', 'b'] });
    expect((await get('/api/v1/label/job/values?start=2&end=4')).json).toEqual({ status: 'success', data: [] });
    expect((await get('/api/v1/label/job/values?match[]=a{env="prod"}')).json).toEqual({ status: 'success', data: ['x'] });
  });

  it('unions several match[] selectors for /series and anchors regexes', async () => {
    const r = await get('/api/v1/series?match[]=a{job=~"x|y"}&match[]={zone=~"z"}&match[]={zone=~"z1"}');
    expect(r.json).toEqual({
      status: 'success',
      data: [
        { __name__: 'a', env: 'prod', job: 'x' },
        { __name__: 'a', job: 'y' },
        { __name__: 'b', zone: 'z1' },
      ],
    });
  });

  it.each([
    ['/api/v1/series', 'no match[] parameter provided'],
    ['/api/v1/series?match[]=a[5m]', 'invalid parameter "match[]": 1:2: parse error: unexpected "["'],
    ['/api/v1/series?match[]={a=""}', 'invalid parameter "match[]": match[] must contain at least one non-empty matcher'],
    ['/api/v1/labels?start=x', `invalid parameter "start": Invalid time value for 'start': cannot parse "x" to a valid timestamp`],
    ['/api/v1/label/bad-name/values', 'invalid label name: "bad-name"'],
  ])('%s is bad_data', async (url, message) => {
    const r = await get(url);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ status: 'error', errorType: 'bad_data', error: message });
  });
});
