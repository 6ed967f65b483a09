// What Grafana's Prometheus data source calls besides queries: build info on "Save & test", metric metadata and
// exemplars in the query editor, rules and alerts in its alert views. Shapes and errors as Prometheus 2.42.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import { PROMETHEUS_COMPATIBLE_VERSION } from './build-info-routes.js';

let app: FastifyInstance;

beforeEach(async () => {
  const store = new MemoryMetricStore();
  await store.append([{ labels: { __name__: 'http_requests_total', code: '200' }, timestamp: 1_000, value: 1 }]);
  app = await buildApp({ config: loadConfig({}), store, logger: pino({ level: 'silent' }) });
});
afterEach(async () => {
  await app.close();
});

async function get(url: string): Promise<{ status: number; body: string; json: () => unknown }> {
  const r = await app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.body, json: () => r.json() };
}

describe('/api/v1/status/buildinfo', () => {
  it('reports the Prometheus version it is compatible with, as semver, and no features (so Grafana sees Prometheus)', async () => {
    const r = await get('/api/v1/status/buildinfo');
    expect(r.status).toBe(200);
    const body = r.json() as { status: string; data: Record<string, unknown> };
    expect(body.status).toBe('success');
    expect(body.data.version).toBe(PROMETHEUS_COMPATIBLE_VERSION);
    expect(String(body.data.version)).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(body.data).sort()).toEqual(['branch', 'buildDate', 'buildUser', 'goVersion', 'revision', 'version']);
    expect(String(body.data.buildDate)).toMatch(/^\d{8}-\d{2}:\d{2}:\d{2}$/);
  });
});

describe('Grafana\'s "Save & test"', () => {
  it('answers its health query, 1+1 at time 4, as a scalar (GET and POST form)', async () => {
    const want = { status: 'success', data: { resultType: 'scalar', result: [4, '2'] } };
    expect((await get('/api/v1/query?query=1%2B1&time=4')).json()).toEqual(want);
    const post = await app.inject({
      method: 'POST',
      url: '/api/v1/query',
      payload: 'query=1%2B1&time=4&timeout=60s',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.statusCode).toBe(200);
    expect(post.json()).toEqual(want);
  });
});

describe('/api/v1/metadata', () => {
  it.each(['', '?limit=10', '?limit=-1', '?limit_per_metric=1', '?metric=http_requests_total', '?limit='])('answers an empty map for %s', async (qs) => {
    const r = await get(`/api/v1/metadata${qs}`);
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ status: 'success', data: {} });
  });

  it('rejects a limit that is not an integer, with Prometheus message', async () => {
    for (const limit of ['abc', '1.5']) {
      const r = await get(`/api/v1/metadata?limit=${limit}`);
      expect(r.status).toBe(400);
      expect(r.json()).toEqual({ status: 'error', errorType: 'bad_data', error: 'limit must be a number' });
    }
  });
});

describe('/api/v1/query_exemplars', () => {
  it('answers an empty list for a query with selectors, GET and POST', async () => {
    expect((await get('/api/v1/query_exemplars?query=http_requests_total%7Bcode%3D%22200%22%7D%5B5m%5D&start=0&end=100')).json()).toEqual({ status: 'success', data: [] });
    const post = await app.inject({
      method: 'POST',
      url: '/api/v1/query_exemplars',
      payload: 'query=http_requests_total&start=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.statusCode).toBe(200);
    expect(post.json()).toEqual({ status: 'success', data: [] });
  });

  it('answers 204 with no body when the query has no selector, as Prometheus', async () => {
    const r = await get('/api/v1/query_exemplars?query=%22s%22');
    expect(r.status).toBe(204);
    expect(r.body).toBe('');
  });

  it.each([
    ['', '1:1: parse error: no expression found in input'],
    ['?query=foo%7B&start=1&end=2', '1:5: parse error: unexpected end of input inside braces'],
    ['?query=up&start=abc', `invalid parameter "start": Invalid time value for 'start': cannot parse "abc" to a valid timestamp`],
    ['?query=up&start=10&end=1', 'end timestamp must not be before start timestamp'],
  ])('%s is bad_data', async (qs, error) => {
    const r = await get(`/api/v1/query_exemplars${qs}`);
    expect(r.status).toBe(400);
    expect(r.json()).toEqual({ status: 'error', errorType: 'bad_data', error });
  });
});

describe('/api/v1/rules and /api/v1/alerts before any rule is loaded', () => {
  it('lists no groups and no alerts', async () => {
    expect((await get('/api/v1/rules')).json()).toEqual({ status: 'success', data: { groups: [] } });
    expect((await get('/api/v1/rules?type=alert')).json()).toEqual({ status: 'success', data: { groups: [] } });
    expect((await get('/api/v1/rules?type=RECORD')).json()).toEqual({ status: 'success', data: { groups: [] } });
    expect((await get('/api/v1/alerts')).json()).toEqual({ status: 'success', data: { alerts: [] } });
  });

  it('rejects an unknown rule type', async () => {
    const r = await get('/api/v1/rules?type=x');
    expect(r.status).toBe(400);
    expect(r.json()).toEqual({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "type": not supported value "x"' });
  });
});
