import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config/load-config.js';
import { MemoryMetricStore } from '../../storage/memory/memory-metric-store.js';
import type { LogRecord } from '../log-record.js';
import { SqliteLogStore } from '../sqlite/sqlite-log-store.js';
import type { LogIngestPartialError, LogSearchResponse, LogVolumeResponse } from './log-api-schemas.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function app(configYaml = ''): Promise<{ app: FastifyInstance; store: SqliteLogStore }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-routes-'));
  const store = SqliteLogStore.open({ dataDir, retentionIntervalMs: 0, sync: 'normal' });
  const config = loadConfig(configYaml === '' ? {} : { CONFIG: 'api.yaml' }, () => configYaml);
  const a = await buildApp({ config, store: new MemoryMetricStore(), logStore: store, logger: pino({ level: 'silent' }), now: () => NOW });
  cleanups.push(async () => {
    await a.close();
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { app: a, store };
}

function rec(id: string, minutesAgo: number, message: string, extra: Partial<LogRecord> = {}): LogRecord {
  return { id, timestamp: NOW - minutesAgo * 60_000, level: 'info', message, ...extra };
}

async function post(a: FastifyInstance, records: unknown[], headers: Record<string, string> = {}): Promise<{ statusCode: number; body: unknown }> {
  const r = await a.inject({ method: 'POST', url: '/api/v1/logs', payload: JSON.stringify({ records }), headers: { 'content-type': 'application/json', ...headers } });
  return { statusCode: r.statusCode, body: r.json() };
}

async function search(a: FastifyInstance, params: Record<string, string>): Promise<{ statusCode: number; body: LogSearchResponse & { error?: string } }> {
  const r = await a.inject({ method: 'GET', url: `/api/v1/logs?${new URLSearchParams(params).toString()}` });
  return { statusCode: r.statusCode, body: r.json() };
}

describe('POST /api/v1/logs', () => {
  it('stores records once by id and answers accepted and duplicates', async () => {
    const { app: a } = await app();
    const records = [rec('a', 5, 'order placed'), rec('b', 4, 'payment failed', { level: 'error', service: 'payments' })];
    expect(await post(a, records)).toEqual({ statusCode: 200, body: { status: 'success', data: { accepted: 2, duplicates: 0 } } });
    expect(await post(a, [...records, rec('c', 3, 'order shipped')])).toEqual({
      statusCode: 200,
      body: { status: 'success', data: { accepted: 1, duplicates: 2 } },
    });
    const r = await search(a, {});
    expect(r.body.data.records.map((x) => x.id)).toEqual(['c', 'b', 'a']);
    expect(r.body.data.records[1]).toEqual(records[1]);
  });

  it('takes gzip bodies', async () => {
    const { app: a } = await app();
    const payload = gzipSync(JSON.stringify({ records: [rec('g', 1, 'zipped line')] }));
    const r = await a.inject({ method: 'POST', url: '/api/v1/logs', payload, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(r.statusCode).toBe(200);
    expect((await search(a, { query: 'zipped' })).body.data.records.map((x) => x.id)).toEqual(['g']);
  });

  it('stores the good records of a partly bad body and answers 400 naming each bad record and field', async () => {
    const { app: a } = await app();
    const r = await post(a, [
      rec('ok1', 1, 'fine'),
      { id: 'bad1', timestamp: 'yesterday', level: 'info', message: 'x' },
      rec('ok2', 1, 'also fine', { attributes: { 'http.status_code': 500 as unknown as string } }),
      { id: 'bad2', timestamp: NOW, level: 'verbose', message: 'x' },
      'not a record',
      { id: 'bad3', timestamp: NOW, level: 'info', message: 'x', attributes: { nested: { a: 1 } } },
      { timestamp: NOW, level: 'info', message: 'no id' },
    ]);
    expect(r.statusCode).toBe(400);
    const body = r.body as LogIngestPartialError;
    expect(body.status).toBe('error');
    expect(body.errorType).toBe('bad_data');
    expect(body.data).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [
        { index: 1, field: 'timestamp', message: expect.stringContaining('must be Unix milliseconds') },
        { index: 3, field: 'level', message: expect.stringContaining('got "verbose"') },
        { index: 4, field: '', message: 'must be an object' },
        { index: 5, field: 'attributes.nested', message: 'must be a string' },
        { index: 6, field: 'id', message: 'is required' },
      ],
    });
    expect(body.error).toMatch(/^5 of 7 records rejected \(2 stored\): record 1: timestamp: must be Unix milliseconds/);
    const stored = (await search(a, {})).body.data.records;
    expect(stored.map((x) => x.id)).toEqual(['ok2', 'ok1']);
    expect(stored[0].attributes).toEqual({ 'http.status_code': '500' });
  });

  it('refuses bodies that are not JSON, lack records, or exceed ingest.maxBodyBytes (also after gunzip)', async () => {
    const { app: a } = await app('ingest:\n  maxBodyBytes: 2KiB\n');
    const notJson = await a.inject({ method: 'POST', url: '/api/v1/logs', payload: '{"records": [', headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ status: 'error', errorType: 'bad_data', error: expect.stringContaining('invalid JSON body') });
    expect((await post(a, undefined as unknown as unknown[])).statusCode).toBe(400);
    const big = [rec('big', 1, 'x'.repeat(3000))];
    const tooBig = await post(a, big);
    expect(tooBig.statusCode).toBe(413);
    const bomb = gzipSync(JSON.stringify({ records: big }));
    expect(bomb.length).toBeLessThan(2048);
    const r = await a.inject({ method: 'POST', url: '/api/v1/logs', payload: bomb, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(r.statusCode).toBe(413);
  });

  it('needs a write token when tokens are configured; a read token can search', async () => {
    const { app: a } = await app('auth:\n  tokens:\n    - { token: r, scope: read }\n    - { token: w, scope: write }\n');
    expect((await post(a, [rec('x', 1, 'm')], { authorization: 'Bearer r' })).statusCode).toBe(403);
    expect((await post(a, [rec('x', 1, 'm')])).statusCode).toBe(401);
    expect((await post(a, [rec('x', 1, 'm')], { authorization: 'Bearer w' })).statusCode).toBe(200);
    const r = await a.inject({ method: 'GET', url: '/api/v1/logs', headers: { authorization: 'Bearer r' } });
    expect(r.statusCode).toBe(200);
  });
});

describe('GET /api/v1/logs', () => {
  it('searches the last hour by default, and takes start/end as RFC 3339 or Unix seconds', async () => {
    const { app: a } = await app();
    await post(a, [rec('old', 120, 'checkout timeout'), rec('recent', 30, 'checkout timeout', { service: 'checkout' }), rec('other', 10, 'all good')]);
    expect((await search(a, { query: 'timeout' })).body.data.records.map((x) => x.id)).toEqual(['recent']);
    const iso = (ms: number): string => new Date(ms).toISOString();
    expect((await search(a, { query: 'timeout', start: iso(NOW - 3 * 3_600_000), end: iso(NOW) })).body.data.records.map((x) => x.id)).toEqual(['recent', 'old']);
    expect((await search(a, { query: 'timeout', start: String((NOW - 7_200_000) / 1000), end: String((NOW - 3_600_000) / 1000) })).body.data.records.map((x) => x.id)).toEqual([
      'old',
    ]);
    expect((await search(a, { query: 'timeout service:checkout', start: '0' })).body.data.records.map((x) => x.id)).toEqual(['recent']);
  });

  it('answers 400 for bad syntax (naming the position), bad times, limits and cursors', async () => {
    const { app: a } = await app();
    const bad = async (params: Record<string, string>): Promise<string> => {
      const r = await search(a, params);
      expect(r.statusCode).toBe(400);
      expect(r.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
      return r.body.error ?? '';
    };
    expect(await bad({ query: 'level:error "unterminated' })).toBe('invalid query: unterminated quote at position 13');
    expect(await bad({ query: 'a OR' })).toBe('invalid query: missing search term after OR at position 5');
    expect(await bad({ start: 'yesterday' })).toMatch(/invalid parameter "start": cannot parse "yesterday"/);
    expect(await bad({ start: '200', end: '100' })).toMatch(/invalid parameter "end"/);
    expect(await bad({ limit: '0' })).toMatch(/invalid parameter "limit": must be an integer from 1 to 5000/);
    expect(await bad({ limit: '5001' })).toMatch(/limit/);
    expect(await bad({ limit: '1.5' })).toMatch(/limit/);
    expect(await bad({ cursor: 'abc' })).toMatch(/invalid parameter "cursor"/);
  });

  it('pages newest first with nextCursor; records posted between pages never repeat or shift the pages', async () => {
    const { app: a } = await app();
    const records: LogRecord[] = [];
    for (let i = 0; i < 23; i++) records.push(rec(`r${i}`, 50 - i, `request ${i} done`, { level: i % 4 === 0 ? 'error' : 'info' }));
    await post(a, records);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const params: Record<string, string> = { query: 'request', limit: '5', start: String((NOW - 3_600_000) / 1000), end: String(NOW / 1000) };
      if (cursor !== null) params.cursor = cursor;
      const r = await search(a, params);
      expect(r.statusCode).toBe(200);
      seen.push(...r.body.data.records.map((x) => x.id));
      cursor = r.body.data.nextCursor;
      pages++;
      await post(a, [rec(`late${pages}`, 0, `request late ${pages}`), rec(`dup${pages}`, 50 - 22, `request same minute ${pages}`)]);
    } while (cursor !== null);
    expect(pages).toBe(5);
    expect(seen).toEqual(records.map((r) => r.id).reverse());
  });
});

describe('GET /api/v1/logs/volume', () => {
  it('counts records by level per step, zeros included, with the query applied', async () => {
    const { app: a } = await app();
    await post(a, [
      rec('a', 59, 'x', { level: 'error' }),
      rec('b', 50, 'x', { level: 'info' }),
      rec('c', 25, 'x', { level: 'error' }),
      rec('d', 1, 'y', { level: 'error' }),
      rec('e', 0, 'x', { level: 'info' }),
    ]);
    const r = await a.inject({ method: 'GET', url: `/api/v1/logs/volume?query=x&start=${(NOW - 3_600_000) / 1000}&end=${NOW / 1000}&step=20m` });
    expect(r.statusCode).toBe(200);
    const t0 = (NOW - 3_600_000) / 1000;
    expect(r.json<LogVolumeResponse>()).toEqual({
      status: 'success',
      data: {
        stepMs: 1_200_000,
        series: [
          { level: 'info', points: [[t0, 1], [t0 + 1200, 0], [t0 + 2400, 0], [t0 + 3600, 1]] },
          { level: 'error', points: [[t0, 1], [t0 + 1200, 1], [t0 + 2400, 0], [t0 + 3600, 0]] },
        ],
      },
    });
  });

  it('defaults to about 100 buckets over the last hour and refuses bad or too fine steps', async () => {
    const { app: a } = await app();
    const r = await a.inject({ method: 'GET', url: '/api/v1/logs/volume' });
    expect(r.statusCode).toBe(200);
    expect(r.json<LogVolumeResponse>().data).toEqual({ stepMs: 60_000, series: [] });
    expect((await a.inject({ method: 'GET', url: '/api/v1/logs/volume?step=0' })).statusCode).toBe(400);
    expect((await a.inject({ method: 'GET', url: '/api/v1/logs/volume?step=soon' })).statusCode).toBe(400);
    const fine = await a.inject({ method: 'GET', url: '/api/v1/logs/volume?step=0.1' });
    expect(fine.statusCode).toBe(400);
    expect(fine.json()).toMatchObject({ error: expect.stringContaining('exceeded maximum resolution of 11,000 points') });
    expect((await a.inject({ method: 'GET', url: '/api/v1/logs/volume?query=%22' })).statusCode).toBe(400);
  });
});

describe('/metrics', () => {
  it('exports the log store activity and size', async () => {
    const { app: a } = await app();
    await post(a, [rec('a', 1, 'one'), rec('b', 1, 'two')]);
    await post(a, [rec('a', 1, 'one'), { id: 'bad' }]);
    await search(a, { query: 'one' });
    const text = (await a.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/^log_store_records_appended_total 2$/m);
    expect(text).toMatch(/^log_store_duplicate_records_total 1$/m);
    expect(text).toMatch(/^log_ingest_rejected_records_total 1$/m);
    expect(text).toMatch(/^log_store_records 2$/m);
    expect(text).toMatch(/^log_store_operation_duration_seconds_count\{operation="search"\} 1$/m);
    expect(text).toMatch(/^log_store_disk_bytes [1-9]\d*$/m);
    expect(text).toMatch(/^log_store_open 1$/m);
  });
});
