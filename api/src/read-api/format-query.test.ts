// /api/v1/format_query: expected outputs are Prometheus 2.42's answers to the same requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ config: loadConfig({}), store: new MemoryMetricStore(), logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await app.close();
});

const format = async (query: string): Promise<{ status: number; json: unknown }> => {
  const r = await app.inject({ method: 'GET', url: `/api/v1/format_query?query=${encodeURIComponent(query)}` });
  return { status: r.statusCode, json: r.json() };
};

describe('/api/v1/format_query', () => {
  it.each([
    ['sum(rate(up[5m]))by(job)', 'sum by (job) (rate(up[5m]))'],
    ['a / on(x) group_left(y) b', 'a / on (x) group_left (y) b'],
    ['a + ignoring(x) b', 'a + ignoring (x) b'],
    ['a unless on() b', 'a unless on () b'],
    ['a > bool on(x) group_right b', 'a > bool on (x) group_right () b'],
    ['a @ 100', 'a @ 100.000'],
    ['a offset 5m @ 100.5', 'a @ 100.500 offset 5m'],
    ['rate(a[5m:])', 'rate(a[5m:])'],
    ['a[5m:1m] @ end() offset 2m', 'a[5m:1m] @ end() offset 2m'],
    ['a[90m] offset 1d', 'a[1h30m] offset 1d'],
    ['a[5m] @ 10', 'a[5m] @ 10.000'],
    ['-a', '-a'],
    ['+a', '+a'],
    ['sum(a) without (x)', 'sum without (x) (a)'],
    ['topk(3, a)', 'topk(3, a)'],
    ['a == bool 1', 'a == bool 1'],
    ['a{y="2",x=~"1"}', 'a{x=~"1",y="2"}'],
    ['{__name__="a",x="1"}', '{__name__="a",x="1"}'],
    ['1e21', '1e+21'],
    ['0.0000001', '1e-07'],
    ['0x10', '16'],
    ['"a\\nb"', '"a\\nb"'],
    ['x{a="ü\\u0001"}', 'x{a="ü\\x01"}'],
    ['label_replace(a, "x", "$1", "y", "(.*)")', 'label_replace(a, "x", "$1", "y", "(.*)")'],
    [
      'histogram_quantile(0.99, sum by (le, service, route) (rate(http_request_duration_seconds_bucket{job="api", env="production"}[5m])))',
      'histogram_quantile(\n  0.99,\n  sum by (le, service, route) (\n    rate(http_request_duration_seconds_bucket{env="production",job="api"}[5m])\n  )\n)',
    ],
    [
      'sum by (code) (rate(http_requests_total{job="api", code=~"5.."}[5m])) / ignoring(code) group_left sum (rate(http_requests_total{job="api"}[5m])) > bool 0.01',
      '    sum by (code) (rate(http_requests_total{code=~"5..",job="api"}[5m]))\n  / ignoring (code) group_left ()\n    sum(rate(http_requests_total{job="api"}[5m]))\n> bool\n  0.01',
    ],
    [
      '-(some_very_long_metric_name_for_testing_purposes{label_one="value_one", label_two="value_two", label_three="3"})',
      '-(\n  some_very_long_metric_name_for_testing_purposes{label_one="value_one",label_three="3",label_two="value_two"}\n)',
    ],
    [
      'max_over_time(rate(a_really_long_metric_name_that_goes_on_and_on_total{instance="some-host.example.com:9100"}[5m])[1h:1m])',
      'max_over_time(\n  rate(a_really_long_metric_name_that_goes_on_and_on_total{instance="some-host.example.com:9100"}[5m])[1h:1m]\n)',
    ],
  ])('formats %s', async (query, want) => {
    expect(await format(query)).toEqual({ status: 200, json: { status: 'success', data: want } });
  });

  it('reports parse errors as bad_data on the query parameter, and accepts POST forms', async () => {
    expect(await format('foo{')).toEqual({
      status: 400,
      json: { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error: unexpected end of input inside braces' },
    });
    const r = await app.inject({ method: 'POST', url: '/api/v1/format_query', payload: 'query=up', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.json()).toEqual({ status: 'success', data: 'up' });
  });
});
