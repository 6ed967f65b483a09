import Fastify, { type FastifyInstance } from 'fastify';
import snappy from 'snappyjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../../storage/memory/memory-metric-store.js';
import { isStaleMarker, STALE_NAN } from '../../storage/stale-marker.js';
import { decodeWriteRequest, encodeWriteRequest, int64ToNumber, type PromWriteRequest } from './prompb.js';
import { remoteWriteRoutes } from './routes.js';

const MAX_BODY = 256 * 1024;
const PROMETHEUS_HEADERS = {
  'content-encoding': 'snappy',
  'content-type': 'application/x-protobuf',
  'x-prometheus-remote-write-version': '0.1.0',
  'user-agent': 'Prometheus/2.42.0',
};

let app: FastifyInstance;
let store: MemoryMetricStore;

beforeEach(async () => {
  store = new MemoryMetricStore();
  app = Fastify();
  await app.register(remoteWriteRoutes, { store, maxBodyBytes: MAX_BODY });
  await app.ready();
});

afterEach(async () => {
  await app.close();
});

function body(request: PromWriteRequest): Buffer {
  return snappy.compress(Buffer.from(encodeWriteRequest(request)));
}

function bitsOf(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0).toString(16);
}

describe('protobuf decoding', () => {
  it('keeps the staleness-marker NaN bits, and a plain NaN stays a plain NaN', () => {
    const decoded = decodeWriteRequest(
      encodeWriteRequest({
        timeseries: [{ labels: [{ name: '__name__', value: 'up' }], samples: [{ value: STALE_NAN, timestamp: 1 }, { value: NaN, timestamp: 2 }] }],
      }),
    );
    const [stale, plain] = decoded.timeseries[0].samples;
    expect(bitsOf(stale.value)).toBe('7ff0000000000002');
    expect(isStaleMarker(stale.value)).toBe(true);
    expect(isStaleMarker(plain.value)).toBe(false);
    expect(int64ToNumber(stale.timestamp)).toBe(1);
  });

  it('reads int64 timestamps beyond 2^32 exactly', () => {
    const decoded = decodeWriteRequest(
      encodeWriteRequest({ timeseries: [{ labels: [], samples: [{ value: 1, timestamp: 1_700_000_000_123 }] }] }),
    );
    expect(int64ToNumber(decoded.timeseries[0].samples[0].timestamp)).toBe(1_700_000_000_123);
  });
});

describe('POST /api/v1/write', () => {
  it('stores the samples of every series with their labels; 204', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/write',
      headers: PROMETHEUS_HEADERS,
      payload: body({
        timeseries: [
          {
            labels: [
              { name: '__name__', value: 'http_requests_total' },
              { name: 'code', value: '200' },
              { name: 'empty', value: '' },
              { name: 'instance', value: 'a:9100' },
              { name: 'job', value: 'api' },
            ],
            samples: [
              { value: 1, timestamp: 1_700_000_000_000 },
              { value: 2.5, timestamp: 1_700_000_015_000 },
            ],
          },
          { labels: [{ name: '__name__', value: 'up' }], samples: [{ value: STALE_NAN, timestamp: 1_700_000_030_000 }] },
          { labels: [{ name: '__name__', value: 'no_samples' }], samples: [] },
        ],
      }),
    });
    expect(res.statusCode).toBe(204);
    const series = await store.select([], { start: 0, end: Infinity });
    expect(series.map((s) => s.labels)).toEqual([
      { __name__: 'http_requests_total', code: '200', instance: 'a:9100', job: 'api' },
      { __name__: 'up' },
    ]);
    expect([...series[0].timestamps]).toEqual([1_700_000_000_000, 1_700_000_015_000]);
    expect([...series[0].values]).toEqual([1, 2.5]);
    expect(isStaleMarker(series[1].values[0])).toBe(true);
  });

  it('skips exemplars, native histograms and metadata it does not store', async () => {
    // TimeSeries field 3 (exemplar: labels + value + timestamp) and WriteRequest field 3 (metadata), hand-encoded.
    const series = encodeWriteRequest({ timeseries: [{ labels: [{ name: '__name__', value: 'x' }], samples: [{ value: 7, timestamp: 5 }] }] });
    const exemplar = Buffer.from([0x1a, 0x09, 0x11, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]); // field 3, len 9: value(2)=1.0
    const inner = Buffer.concat([Buffer.from(series.subarray(2)), exemplar]);
    const metadata = Buffer.from([0x1a, 0x04, 0x08, 0x01, 0x12, 0x00]); // field 3, len 4: type=1, metric_family_name=""
    const request = Buffer.concat([Buffer.from([0x0a, inner.length]), inner, metadata]);
    const res = await app.inject({ method: 'POST', url: '/api/v1/write', headers: PROMETHEUS_HEADERS, payload: snappy.compress(request) });
    expect(res.statusCode).toBe(204);
    const stored = await store.select([], { start: 0, end: Infinity });
    expect(stored.map((s) => [s.labels.__name__, [...s.values]])).toEqual([['x', [7]]]);
  });

  it('rejects a body that is not snappy with 400 and the reason', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/write', headers: PROMETHEUS_HEADERS, payload: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02]) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/invalid snappy body|too big|exceeds/);
  });

  it('rejects snappy that does not hold a WriteRequest with 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/write', headers: PROMETHEUS_HEADERS, payload: snappy.compress(Buffer.from([0x0a, 0x50, 0x01])) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/^invalid protobuf WriteRequest/);
  });

  it('replies 413 over the limit, compressed or decompressed', async () => {
    const big = await app.inject({ method: 'POST', url: '/api/v1/write', headers: PROMETHEUS_HEADERS, payload: Buffer.alloc(MAX_BODY + 1) });
    expect(big.statusCode).toBe(413);
    const bomb = snappy.compress(Buffer.alloc(MAX_BODY * 4));
    expect(bomb.length).toBeLessThan(MAX_BODY);
    const inflated = await app.inject({ method: 'POST', url: '/api/v1/write', headers: PROMETHEUS_HEADERS, payload: bomb });
    expect(inflated.statusCode).toBe(413);
    expect(inflated.body).toMatch(/after snappy decompression/);
  });

  it('refuses remote write 2.0 and other encodings with 415', async () => {
    const v2 = await app.inject({
      method: 'POST',
      url: '/api/v1/write',
      headers: { ...PROMETHEUS_HEADERS, 'content-type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request' },
      payload: body({ timeseries: [] }),
    });
    expect(v2.statusCode).toBe(415);
    const gzip = await app.inject({ method: 'POST', url: '/api/v1/write', headers: { ...PROMETHEUS_HEADERS, 'content-encoding': 'gzip' }, payload: 'x' });
    expect(gzip.statusCode).toBe(415);
  });
});
