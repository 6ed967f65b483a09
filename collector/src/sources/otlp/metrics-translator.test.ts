import { describe, expect, it } from 'vitest';
import type { CollectedSample } from '../source.js';
import { DeltaAccumulator } from './delta-accumulator.js';
import { MetricsTranslator } from './metrics-translator.js';
import { decodeMetricsRequest } from './otlp-decoder.js';

const T0 = 1_700_000_000_000;
const ns = (ms: number): string => `${BigInt(ms) * 1_000_000n}`;
const RESOURCE = {
  attributes: [
    { key: 'service.name', value: { stringValue: 'shop' } },
    { key: 'service.namespace', value: { stringValue: 'prod' } },
    { key: 'service.instance.id', value: { stringValue: 'i-1' } },
    { key: 'host.name', value: { stringValue: 'web-1' } },
    { key: 'telemetry.sdk.language', value: { stringValue: 'nodejs' } },
  ],
};
const TARGET = { job: 'prod/shop', instance: 'i-1' };
const SCOPE = { otel_scope_name: 'shop-meter', otel_scope_version: '1.2.3' };

function translator(maxSeries = 1000, maxExponentialScale = 3): MetricsTranslator {
  return new MetricsTranslator({ delta: new DeltaAccumulator({ maxSeries, staleAfterMs: 3_600_000 }), maxExponentialScale });
}

/** Goes through the JSON decoder, as a request would. */
function run(t: MetricsTranslator, metrics: unknown[], resource: unknown = RESOURCE, receivedAt = T0 + 5000): ReturnType<MetricsTranslator['translate']> {
  const body = JSON.stringify({ resourceMetrics: [{ resource, scopeMetrics: [{ scope: { name: 'shop-meter', version: '1.2.3' }, metrics }] }] });
  return t.translate(decodeMetricsRequest(Buffer.from(body), 'json'), receivedAt);
}

function byName(samples: readonly CollectedSample[], name: string): CollectedSample[] {
  return samples.filter((s) => s.name === name);
}

describe('MetricsTranslator', () => {
  it('cumulative monotonic sums become _total counters with job, instance and scope labels', () => {
    const r = run(translator(), [
      {
        name: 'orders',
        unit: '{order}',
        sum: {
          aggregationTemporality: 2,
          isMonotonic: true,
          dataPoints: [{ attributes: [{ key: 'payment.method', value: { stringValue: 'card' } }], timeUnixNano: ns(T0), asInt: '42' }],
        },
      },
    ]);
    expect(r.rejected).toBe(0);
    expect(byName(r.samples, 'orders_total')).toEqual([
      { name: 'orders_total', labels: { payment_method: 'card', ...SCOPE, ...TARGET }, value: 42, timestamp: T0 },
    ]);
  });

  it('other resource attributes go onto one target_info gauge per resource', () => {
    const r = run(translator(), [{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: ns(T0 + 1000), asDouble: 1.5 }] } }]);
    expect(byName(r.samples, 'target_info')).toEqual([
      { name: 'target_info', labels: { host_name: 'web-1', telemetry_sdk_language: 'nodejs', ...TARGET }, value: 1, timestamp: T0 + 1000 },
    ]);
    expect(byName(r.samples, 'g')[0].value).toBe(1.5);
  });

  it('job is service.name alone without a namespace; no target_info without other attributes', () => {
    const r = run(translator(), [{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: ns(T0), asDouble: 1 }] } }], {
      attributes: [{ key: 'service.name', value: { stringValue: 'api' } }],
    });
    expect(byName(r.samples, 'g')[0].labels).toEqual({ ...SCOPE, job: 'api' });
    expect(byName(r.samples, 'target_info')).toEqual([]);
  });

  it('non-monotonic sums are gauges without _total; unit 1 gauges get _ratio', () => {
    const r = run(translator(), [
      { name: 'queue.size', unit: '{item}', sum: { aggregationTemporality: 2, isMonotonic: false, dataPoints: [{ timeUnixNano: ns(T0), asInt: '-3' }] } },
      { name: 'cpu.utilization', unit: '1', gauge: { dataPoints: [{ timeUnixNano: ns(T0), asDouble: 0.25 }] } },
    ]);
    expect(byName(r.samples, 'queue_size')[0].value).toBe(-3);
    expect(byName(r.samples, 'cpu_utilization_ratio')[0].value).toBe(0.25);
  });

  it('delta sums are accumulated per series across requests', () => {
    const t = translator();
    const delta = (v: number, method: string, at: number): unknown => ({
      name: 'http.requests',
      sum: {
        aggregationTemporality: 1,
        isMonotonic: true,
        dataPoints: [{ attributes: [{ key: 'method', value: { stringValue: method } }], timeUnixNano: ns(at), asInt: String(v) }],
      },
    });
    run(t, [delta(5, 'GET', T0)]);
    run(t, [delta(2, 'POST', T0)]);
    const r = run(t, [delta(3, 'GET', T0 + 10_000), delta(4, 'POST', T0 + 10_000)]);
    const values = Object.fromEntries(byName(r.samples, 'http_requests_total').map((s) => [s.labels.method, s.value]));
    expect(values).toEqual({ GET: 8, POST: 6 });
  });

  it('explicit-bucket histograms become cumulative _bucket series with le, +Inf, _sum and _count', () => {
    const r = run(translator(), [
      {
        name: 'http.server.request.duration',
        unit: 's',
        histogram: {
          aggregationTemporality: 2,
          dataPoints: [{ timeUnixNano: ns(T0), count: '10', sum: 2.5, explicitBounds: [0.005, 0.1, 1], bucketCounts: ['1', '6', '2', '1'] }],
        },
      },
    ]);
    const buckets = byName(r.samples, 'http_server_request_duration_seconds_bucket').map((s) => [s.labels.le, s.value]);
    expect(buckets).toEqual([
      ['0.005', 1],
      ['0.1', 7],
      ['1', 9],
      ['+Inf', 10],
    ]);
    expect(byName(r.samples, 'http_server_request_duration_seconds_sum')[0].value).toBe(2.5);
    expect(byName(r.samples, 'http_server_request_duration_seconds_count')[0].value).toBe(10);
  });

  it('delta histograms are accumulated bucket by bucket; a change of bounds starts over', () => {
    const t = translator();
    const h = (bounds: number[], counts: string[], sum: number): unknown => ({
      name: 'latency',
      unit: 'ms',
      histogram: {
        aggregationTemporality: 1,
        dataPoints: [{ timeUnixNano: ns(T0), count: String(counts.reduce((a, c) => a + Number(c), 0)), sum, explicitBounds: bounds, bucketCounts: counts }],
      },
    });
    run(t, [h([10, 100], ['1', '2', '0'], 50)]);
    let r = run(t, [h([10, 100], ['0', '1', '1'], 300)]);
    expect(byName(r.samples, 'latency_milliseconds_bucket').map((s) => s.value)).toEqual([1, 4, 5]);
    expect(byName(r.samples, 'latency_milliseconds_sum')[0].value).toBe(350);
    r = run(t, [h([5, 50, 500], ['1', '0', '0', '0'], 2)]);
    expect(byName(r.samples, 'latency_milliseconds_bucket').map((s) => s.value)).toEqual([1, 1, 1, 1]);
    expect(byName(r.samples, 'latency_milliseconds_count')[0].value).toBe(1);
  });

  it('exponential histograms become explicit cumulative buckets at the configured scale', () => {
    // scale 1: base sqrt(2); positive buckets at offset 0: (1, 1.414], (1.414, 2], (2, 2.828], (2.828, 4]
    const r = run(translator(1000, 0), [
      {
        name: 'payload',
        unit: 'By',
        exponentialHistogram: {
          aggregationTemporality: 2,
          dataPoints: [
            {
              timeUnixNano: ns(T0),
              count: '12',
              sum: 30,
              scale: 1,
              zeroCount: '1',
              positive: { offset: 0, bucketCounts: ['2', '3', '0', '4'] },
              negative: { offset: 1, bucketCounts: ['2'] },
            },
          ],
        },
      },
    ]);
    // downscaled to scale 0 (base 2): positive (1,2] = 5, (2,4] = 4; negative index 1>>1 = 0: [-2, -1) = 2
    const buckets = byName(r.samples, 'payload_bytes_bucket').map((s) => [s.labels.le, s.value]);
    expect(buckets).toEqual([
      ['-1', 2],
      ['0', 3],
      ['2', 8],
      ['4', 12],
      ['+Inf', 12],
    ]);
    expect(byName(r.samples, 'payload_bytes_count')[0].value).toBe(12);
    expect(byName(r.samples, 'payload_bytes_sum')[0].value).toBe(30);
  });

  it('exponential bucket bounds at a coarser scale are a subset of those at a finer one', () => {
    const point = (scale: number, offset: number): unknown => ({
      name: 'x',
      exponentialHistogram: { aggregationTemporality: 2, dataPoints: [{ timeUnixNano: ns(T0), count: '1', scale, positive: { offset, bucketCounts: ['1'] } }] },
    });
    const fine = run(translator(1000, 3), [point(3, 11)]);
    const coarse = run(translator(1000, 3), [point(1, 2)]);
    // value in (2^(11/8), 2^(12/8)] at scale 3; (2^(2/2), 2^(3/2)] at scale 1: upper bound 2^1.5 is in both.
    const le = (r: typeof fine): string[] => byName(r.samples, 'x_bucket').map((s) => s.labels.le);
    expect(le(fine)).toEqual([String(2 ** 1.5), '+Inf']);
    expect(le(coarse)).toEqual([String(2 ** 1.5), '+Inf']);
  });

  it('summaries become quantile series plus _sum and _count', () => {
    const r = run(translator(), [
      {
        name: 'rpc.latency',
        unit: 's',
        summary: { dataPoints: [{ timeUnixNano: ns(T0), count: '4', sum: 1.2, quantileValues: [{ quantile: 0.5, value: 0.2 }, { quantile: 0.99, value: 0.9 }] }] },
      },
    ]);
    expect(byName(r.samples, 'rpc_latency_seconds').map((s) => [s.labels.quantile, s.value])).toEqual([
      ['0.5', 0.2],
      ['0.99', 0.9],
    ]);
    expect(byName(r.samples, 'rpc_latency_seconds_count')[0].value).toBe(4);
  });

  it('counts invalid points as rejected, with reasons, and keeps the valid ones', () => {
    const r = run(translator(), [
      { name: 'ok', gauge: { dataPoints: [{ timeUnixNano: ns(T0), asDouble: 1 }, { timeUnixNano: ns(T0) }] } },
      { name: 'h', histogram: { aggregationTemporality: 2, dataPoints: [{ count: '1', explicitBounds: [1, 2], bucketCounts: ['1'] }] } },
      { name: 's', sum: { isMonotonic: true, dataPoints: [{ asInt: '1' }] } },
      { name: '...', gauge: { dataPoints: [{ asInt: '1' }] } },
      { name: 'stale', gauge: { dataPoints: [{ asInt: '1', flags: 1 }] } },
    ]);
    expect(r.rejected).toBe(4);
    expect(r.errors).toEqual([
      'metric "ok": data point without a value',
      'metric "h": 1 bucket counts for 2 bounds (want bounds + 1)',
      'metric "s": aggregation temporality unspecified',
      'metric name "..." has no valid characters',
    ]);
    expect(byName(r.samples, 'ok')).toHaveLength(1);
    expect(byName(r.samples, 'stale')).toHaveLength(0);
  });

  it('refuses new delta series beyond the limit', () => {
    const t = translator(1);
    const d = (k: string): unknown => ({
      name: 'c',
      sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ attributes: [{ key: 'k', value: { stringValue: k } }], asInt: '1' }] },
    });
    expect(run(t, [d('a')]).rejected).toBe(0);
    const r = run(t, [d('b'), d('a')]);
    expect(r.rejected).toBe(1);
    expect(r.errors[0]).toMatch(/more than 1 delta series/);
    expect(byName(r.samples, 'c_total').map((s) => [s.labels.k, s.value])).toEqual([['a', 2]]);
  });

  it('joins the values of attributes whose names collide after translation, in key order; drops reserved names and empty values', () => {
    const r = run(translator(), [
      {
        name: 'g',
        gauge: {
          dataPoints: [
            {
              asInt: '1',
              attributes: [
                { key: 'http_method', value: { stringValue: 'b' } },
                { key: 'http.method', value: { stringValue: 'a' } },
                { key: 'ok', value: { boolValue: true } },
                { key: 'n', value: { intValue: '7' } },
                { key: '__name__', value: { stringValue: 'evil' } },
                { key: 'empty', value: { stringValue: '' } },
              ],
            },
          ],
        },
      },
    ]);
    expect(byName(r.samples, 'g')[0].labels).toEqual({ http_method: 'a;b', ok: 'true', n: '7', ...SCOPE, ...TARGET });
    expect(byName(r.samples, 'g')[0].timestamp).toBe(T0 + 5000);
  });
});
