import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../../storage/memory/memory-metric-store.js';
import { lineProtocolRoutes } from './routes.js';

/**
 * Contract with k6's built-in InfluxDB (v1) output (`k6 run --out influxdb=http://127.0.0.1:8080/k6`), which
 * writes through github.com/influxdata/influxdb1-client/v2:
 * - at start `POST /query?db=&params=%7B%7D&q=CREATE+DATABASE+k6` with an empty Content-Type and no body,
 *   expecting 200 and a JSON body (the client rejects any other content type);
 * - then every push interval `POST /write?consistency=&db=k6&precision=&rp=` (precision empty = ns), again
 *   with `Content-Type:` empty, `User-Agent: k6`; 204 or 200 means success.
 * Points: metric name as measurement, system tags sorted (empty ones such as `group=` dropped by the client),
 * the default tagsAsFields `vu`, `iter`, `url` as STRING fields, the sample as float field `value`,
 * fields sorted, ns timestamps.
 */
const K6_BODY = [
  'http_reqs,expected_response=true,method=GET,name=http://127.0.0.1:8080/api/v1/query?query\\=up,proto=HTTP/1.1,scenario=default,status=200 iter="0",url="http://127.0.0.1:8080/api/v1/query?query=up",value=1,vu="1" 1700000000123456789',
  'http_req_duration,expected_response=true,method=GET,name=http://127.0.0.1:8080/api/v1/query?query\\=up,proto=HTTP/1.1,scenario=default,status=200 iter="0",url="http://127.0.0.1:8080/api/v1/query?query=up",value=1.532871,vu="1" 1700000000123456789',
  'checks,check=status\\ is\\ 200,scenario=default iter="0",value=1,vu="1" 1700000000124000000',
  'data_received,scenario=default iter="0",value=1234,vu="1" 1700000000125000000',
  'iteration_duration,scenario=default iter="0",value=2.412,vu="1" 1700000000125000000',
  'vus value=1 1700000001000000000',
  '',
].join('\n');

let app: FastifyInstance;
let store: MemoryMetricStore;
let port: number;

function goClientPost(path: string, body: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { 'User-Agent': 'k6', 'Content-Type': '', 'Content-Length': Buffer.byteLength(body), 'Accept-Encoding': 'gzip' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  store = new MemoryMetricStore();
  app = Fastify();
  await app.register(lineProtocolRoutes, { store, maxBodyBytes: 10 * 1024 * 1024 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await app.close();
});

describe('k6 InfluxDB v1 output contract', () => {
  it('CREATE DATABASE at start gets 200 with a JSON body', async () => {
    const res = await goClientPost('/query?db=&params=%7B%7D&q=CREATE+DATABASE+k6', '');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({ results: [{ statement_id: 0 }] });
  });

  it('a k6 batch is written: tags become labels, value the metric, vu/iter/url string fields skipped', async () => {
    const res = await goClientPost('/write?consistency=&db=k6&precision=&rp=', K6_BODY);
    expect(res.body).toBe('');
    expect(res.status).toBe(204);
    expect(res.headers['x-points-skipped-string-fields']).toBe('12');

    const series = await store.select([], { start: 0, end: Infinity });
    const byName = new Map(series.map((s) => [s.labels.__name__, s]));
    expect([...byName.keys()].sort()).toEqual(['checks', 'data_received', 'http_req_duration', 'http_reqs', 'iteration_duration', 'vus']);
    const duration = byName.get('http_req_duration');
    expect(duration?.labels).toEqual({
      __name__: 'http_req_duration',
      expected_response: 'true',
      method: 'GET',
      name: 'http://127.0.0.1:8080/api/v1/query?query=up',
      proto: 'HTTP/1.1',
      scenario: 'default',
      status: '200',
    });
    expect([...(duration?.timestamps ?? [])]).toEqual([1_700_000_000_123]);
    expect([...(duration?.values ?? [])]).toEqual([1.532871]);
    expect(byName.get('checks')?.labels.check).toBe('status is 200');
    expect([...(byName.get('vus')?.timestamps ?? [])]).toEqual([1_700_000_001_000]);
  });
});
