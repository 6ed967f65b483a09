import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import snappy from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { encodeWriteRequest } from '../ingest/remote-write/prompb.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';

describe('response compression on the api', () => {
  let app: FastifyInstance;
  const endS = 1_700_000_000;
  const rangeUrl = `/api/v1/query_range?query=x&start=${endS - 3600}&end=${endS}&step=15`;
  beforeAll(async () => {
    app = await buildApp({ config: loadConfig({}), store: new MemoryMetricStore(), logger: pino({ level: 'silent' }) });
    const lines = Array.from({ length: 241 }, (_, i) => `x,host=h${i % 3} value=${i * 1.5} ${endS - 3600 + i * 15}`);
    const written = await app.inject({ method: 'POST', url: '/write?precision=s', payload: lines.join('\n') });
    expect(written.statusCode).toBe(204);
  });
  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['br, gzip, deflate', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
  ])('compresses a query_range answer for Accept-Encoding %s with %s, same JSON inside', async (accept, encoding, decode) => {
    const plain = await app.inject({ method: 'GET', url: rangeUrl });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const packed = await app.inject({ method: 'GET', url: rangeUrl, headers: { 'accept-encoding': accept } });
    expect(packed.statusCode).toBe(200);
    expect(packed.headers['content-encoding']).toBe(encoding);
    expect(packed.headers['vary']).toMatch(/accept-encoding/i);
    expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(decode(packed.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('leaves small answers as they are', async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'br, gzip' } });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.json()).toEqual({ status: 'ok' });
  });

  it('still takes gzip line protocol and snappy remote_write bodies (request bodies are the ingest routes\' to decode)', async () => {
    const gz = await app.inject({
      method: 'POST',
      url: '/write?precision=s',
      headers: { 'content-encoding': 'gzip' },
      payload: gzipSync(`y,host=a value=1 ${endS}`),
    });
    expect(gz.statusCode).toBe(204);
    const rw = await app.inject({
      method: 'POST',
      url: '/api/v1/write',
      headers: { 'content-encoding': 'snappy', 'content-type': 'application/x-protobuf', 'x-prometheus-remote-write-version': '0.1.0' },
      payload: snappy.compress(Buffer.from(encodeWriteRequest({ timeseries: [{ labels: [{ name: '__name__', value: 'z' }], samples: [{ value: 2, timestamp: endS * 1000 }] }] }))),
    });
    expect(rw.statusCode).toBe(204);
    const read = await app.inject({ method: 'GET', url: `/api/v1/query?query=y%20%2B%20on()%20z&time=${endS}` });
    expect(read.json().data.result[0].value[1]).toBe('3');
  });

  it('streams the SSE events uncompressed, even to a client that accepts brotli', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    const controller = new AbortController();
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/events`, { headers: { 'accept-encoding': 'br, gzip' }, signal: controller.signal });
    try {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(r.headers.get('content-encoding')).toBeNull();
      const reader = r.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toMatch(/^(:|retry:|id:|event:)/m);
    } finally {
      controller.abort();
    }
  });
});
