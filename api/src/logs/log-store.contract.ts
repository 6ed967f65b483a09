import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import type { LogRecord } from './log-record.js';
import type { LogStore } from './log-store.js';
import { parseLogQuery } from './query/parse-log-query.js';

export interface LogStoreUnderTest {
  store: LogStore;
  cleanup(): Promise<void>;
}

export interface LogStoreFactoryOptions {
  readonly retentionMs: number;
  readonly clock: () => number;
}

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const ALL = { start: 0, end: T0 * 2 };

function rec(id: string, offsetMs: number, message: string, extra: Partial<LogRecord> = {}): LogRecord {
  return { id, timestamp: T0 + offsetMs, level: 'info', message, ...extra };
}

/** The behaviour every LogStore must have; run against each implementation with a fresh empty store. */
export function describeLogStoreContract(name: string, factory: (opts: LogStoreFactoryOptions) => Promise<LogStoreUnderTest>): void {
  describe(`LogStore contract: ${name}`, () => {
    let sut: LogStoreUnderTest | undefined;
    let now = T0 + 3_600_000;

    async function open(retentionMs = 7 * 24 * 3600 * 1000): Promise<LogStore> {
      now = T0 + 3_600_000;
      sut = await factory({ retentionMs, clock: () => now });
      return sut.store;
    }

    afterEach(async () => {
      await sut?.cleanup();
      sut = undefined;
    });

    async function ids(store: LogStore, query: string, range = ALL, limit = 1000): Promise<string[]> {
      const r = await store.search({ query: parseLogQuery(query), ...range, limit });
      return r.records.map((x) => x.id);
    }

    const corpus: LogRecord[] = [
      rec('a', 1_000, 'GET /api/orders 200 in 12ms', { service: 'checkout', host: 'web-1', attributes: { 'http.status_code': '200', 'http.route': '/api/orders' } }),
      rec('b', 2_000, 'Payment timeout after 30s', {
        level: 'error',
        service: 'payments',
        host: 'web-2',
        traceId: 'trace-1',
        spanId: 'span-1',
        attributes: { 'http.status_code': '504', 'user.id': '42' },
      }),
      rec('c', 3_000, 'Connection reset by peer', { level: 'warn', service: 'checkout', host: 'web-1', attributes: { 'http.status_code': '500' } }),
      rec('d', 4_000, 'Café opened; time to order', { level: 'debug', service: 'frontend' }),
      rec('e', 5_000, 'peer reset connection', { level: 'error', service: 'checkout', traceId: 'trace-2' }),
      rec('f', 6_000, 'Timeouts are configured per route', { level: 'info' }),
    ];

    it('stores records and returns them newest first, every field intact', async () => {
      const store = await open();
      expect(await store.append(corpus)).toEqual({ accepted: 6, duplicates: 0, duplicateIndexes: [] });
      const r = await store.search({ query: parseLogQuery(''), ...ALL, limit: 100 });
      expect(r.records.map((x) => x.id)).toEqual(['f', 'e', 'd', 'c', 'b', 'a']);
      expect(r.records[4]).toEqual(corpus[1]);
      expect(r.records[0]).toEqual(corpus[5]);
      expect(Object.keys(r.records[0]).sort()).toEqual(['id', 'level', 'message', 'timestamp']);
      expect(r.nextCursor).toBeNull();
      expect((await store.stats()).records).toBe(6);
    });

    it('stores each id once: re-sent records and repeats within a batch are duplicates', async () => {
      const store = await open();
      await store.append(corpus.slice(0, 3));
      expect(await store.append([...corpus.slice(1, 4), corpus[3]])).toEqual({ accepted: 1, duplicates: 3, duplicateIndexes: [0, 1, 3] });
      expect(await store.append([{ ...corpus[0], message: 'changed' }])).toEqual({ accepted: 0, duplicates: 1, duplicateIndexes: [0] });
      expect(await ids(store, '')).toEqual(['d', 'c', 'b', 'a']);
      expect(await ids(store, 'changed')).toEqual([]);
      expect((await store.stats()).records).toBe(4);
    });

    it('keeps records of the same millisecond in arrival order (newest stored first) and truncates fractions', async () => {
      const store = await open();
      await store.append([rec('x1', 0, 'one'), rec('x2', 0.9, 'two')]);
      await store.append([rec('x3', 0, 'three')]);
      const r = await store.search({ query: parseLogQuery(''), ...ALL, limit: 10 });
      expect(r.records.map((x) => [x.id, x.timestamp])).toEqual([
        ['x3', T0],
        ['x2', T0],
        ['x1', T0],
      ]);
    });

    it('limits to [start, end], both inclusive', async () => {
      const store = await open();
      await store.append(corpus);
      expect(await ids(store, '', { start: T0 + 2_000, end: T0 + 4_000 })).toEqual(['d', 'c', 'b']);
      expect(await ids(store, '', { start: T0 + 2_001, end: T0 + 3_999 })).toEqual(['c']);
      expect(await ids(store, '', { start: T0 + 7_000, end: T0 + 9_000 })).toEqual([]);
      expect(await ids(store, '', { start: T0 + 4_000, end: T0 + 2_000 })).toEqual([]);
    });

    it('matches words of the message, case- and accent-insensitively, not parts of words', async () => {
      const store = await open();
      await store.append(corpus);
      expect(await ids(store, 'timeout')).toEqual(['b']);
      expect(await ids(store, 'TIMEOUT')).toEqual(['b']);
      expect(await ids(store, 'timeout*')).toEqual(['f', 'b']);
      expect(await ids(store, 'time')).toEqual(['d']);
      expect(await ids(store, 'cafe')).toEqual(['d']);
      expect(await ids(store, 'peer reset')).toEqual(['e', 'c']);
      expect(await ids(store, '"reset by peer"')).toEqual(['c']);
      expect(await ids(store, '"peer reset"')).toEqual(['e']);
      expect(await ids(store, '"conn res"*')).toEqual([]);
      expect(await ids(store, '"reset conn"*')).toEqual(['e']);
      expect(await ids(store, '/api/orders')).toEqual(['a']);
      expect(await ids(store, 'orders')).toEqual(['a']);
      expect(await ids(store, 'message:"reset by"')).toEqual(['c']);
    });

    it('filters by level, service, host, trace and span id, exactly and case-sensitively', async () => {
      const store = await open();
      await store.append(corpus);
      expect(await ids(store, 'level:error')).toEqual(['e', 'b']);
      expect(await ids(store, 'service:checkout')).toEqual(['e', 'c', 'a']);
      expect(await ids(store, 'service:Checkout')).toEqual([]);
      expect(await ids(store, 'service:check')).toEqual([]);
      expect(await ids(store, 'service:check*')).toEqual(['e', 'c', 'a']);
      expect(await ids(store, 'host:web-1 level:warn')).toEqual(['c']);
      expect(await ids(store, 'trace_id:trace-1')).toEqual(['b']);
      expect(await ids(store, 'traceId:trace-2')).toEqual(['e']);
      expect(await ids(store, 'span_id:span-1')).toEqual(['b']);
      expect(await ids(store, 'service:checkout reset')).toEqual(['e', 'c']);
    });

    it('filters by attributes: exact value, prefix and presence', async () => {
      const store = await open();
      await store.append(corpus);
      expect(await ids(store, 'http.status_code:500')).toEqual(['c']);
      expect(await ids(store, 'http.status_code:50')).toEqual([]);
      expect(await ids(store, 'http.status_code:5*')).toEqual(['c', 'b']);
      expect(await ids(store, 'user.id:*')).toEqual(['b']);
      expect(await ids(store, 'http.route:"/api/orders"')).toEqual(['a']);
      expect(await ids(store, 'http.route:/api/*')).toEqual(['a']);
      expect(await ids(store, 'status_code:500')).toEqual([]);
      expect(await ids(store, 'http.status_code:500 reset')).toEqual(['c']);
      expect(await ids(store, 'http.status_code:504 reset')).toEqual([]);
    });

    it('negates terms, phrases and filters; a missing field counts as not equal', async () => {
      const store = await open();
      await store.append(corpus);
      expect(await ids(store, '-level:info')).toEqual(['e', 'd', 'c', 'b']);
      expect(await ids(store, '-service:checkout')).toEqual(['f', 'd', 'b']);
      expect(await ids(store, 'reset -"by peer"')).toEqual(['e']);
      expect(await ids(store, '-reset -timeout')).toEqual(['f', 'd', 'a']);
      expect(await ids(store, 'service:checkout -http.status_code:500')).toEqual(['e', 'a']);
      expect(await ids(store, '-http.status_code:5*')).toEqual(['f', 'e', 'd', 'a']);
      expect(await ids(store, 'NOT level:error NOT level:info')).toEqual(['d', 'c']);
    });

    it('combines with OR and parentheses', async () => {
      const store = await open();
      await store.append(corpus);
      expect(await ids(store, 'timeout OR cafe')).toEqual(['d', 'b']);
      expect(await ids(store, 'timeout OR level:warn')).toEqual(['c', 'b']);
      expect(await ids(store, '(reset OR timeout) service:checkout')).toEqual(['e', 'c']);
      expect(await ids(store, '-(level:debug OR level:info)')).toEqual(['e', 'c', 'b']);
      expect(await ids(store, 'reset -(level:error OR host:web-2)')).toEqual(['c']);
    });

    it('finds the few lines of a common term that pass a rare level or service filter, page by page', async () => {
      const store = await open();
      const records: LogRecord[] = [];
      for (let i = 0; i < 30; i++) {
        const level = i === 3 || i === 11 || i === 12 ? 'error' : 'info';
        records.push(rec(`k${i}`, i * 10, `ping ${i}`, { level, service: i === 5 ? 'rare' : 'common' }));
        records.push(rec(`o${i}`, i * 10 + 1, `pong ${i}`, { level: 'debug', service: 'other' }));
      }
      await store.append(records);
      expect(await ids(store, 'ping level:error')).toEqual(['k12', 'k11', 'k3']);
      expect(await ids(store, 'ping service:rare')).toEqual(['k5']);
      expect(await ids(store, 'ping service:rare level:error')).toEqual([]);
      expect(await ids(store, 'ping level:error -"ping 11"')).toEqual(['k12', 'k3']);
      const first = await store.search({ query: parseLogQuery('ping level:error'), ...ALL, limit: 2 });
      expect(first.records.map((r) => r.id)).toEqual(['k12', 'k11']);
      const second = await store.search({ query: parseLogQuery('ping level:error'), ...ALL, limit: 2, cursor: first.nextCursor ?? undefined });
      expect(second.records.map((r) => r.id)).toEqual(['k3']);
      expect(second.nextCursor).toBeNull();
    });

    it('pages with a cursor: no record repeated or skipped while records are appended between pages', async () => {
      const store = await open();
      const batch: LogRecord[] = [];
      for (let i = 0; i < 50; i++) batch.push(rec(`p${i}`, Math.floor(i / 3) * 10, `page record ${i}`, { level: i % 2 ? 'info' : 'error' }));
      await store.append(batch);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const r = await store.search({ query: parseLogQuery('page'), ...ALL, limit: 7, cursor });
        seen.push(...r.records.map((x) => x.id));
        cursor = r.nextCursor ?? undefined;
        pages++;
        // Concurrent writers: newer records, records in the millisecond the page ended on, and older ones.
        await store.append([
          rec(`new${pages}`, 100_000 + pages, `page late new ${pages}`),
          rec(`same${pages}`, r.records[r.records.length - 1]?.timestamp - T0, `page same ms ${pages}`),
        ]);
      } while (cursor !== undefined && pages < 50);
      const original = batch.map((b) => b.id);
      const seenOriginal = seen.filter((id) => original.includes(id));
      expect(new Set(seen).size).toBe(seen.length);
      expect(seenOriginal).toEqual([...batch].sort((x, y) => y.timestamp - x.timestamp || Number(y.id.slice(1)) - Number(x.id.slice(1))).map((b) => b.id));
      expect(seen.some((id) => id.startsWith('new'))).toBe(false);
      expect(pages).toBe(8);
    });

    it('returns nextCursor only when more records match', async () => {
      const store = await open();
      await store.append(corpus);
      const first = await store.search({ query: parseLogQuery('service:checkout'), ...ALL, limit: 3 });
      expect(first.records).toHaveLength(3);
      expect(first.nextCursor).toBeNull();
      const page = await store.search({ query: parseLogQuery(''), ...ALL, limit: 4 });
      expect(page.nextCursor).not.toBeNull();
      const rest = await store.search({ query: parseLogQuery(''), ...ALL, limit: 4, cursor: page.nextCursor ?? undefined });
      expect(rest.records.map((x) => x.id)).toEqual(['b', 'a']);
      expect(rest.nextCursor).toBeNull();
    });

    it('rejects a cursor it did not make', async () => {
      const store = await open();
      await expect(store.search({ query: parseLogQuery(''), ...ALL, limit: 1, cursor: 'garbage' })).rejects.toThrow(AppError);
    });

    it('counts matching records by level per bucket, zeros included', async () => {
      const store = await open();
      await store.append(corpus);
      const v = await store.volume({ query: parseLogQuery(''), start: T0, end: T0 + 6_000, stepMs: 2_000 });
      expect(v.series).toEqual([
        { level: 'debug', counts: [0, 0, 1, 0] },
        { level: 'info', counts: [1, 0, 0, 1] },
        { level: 'warn', counts: [0, 1, 0, 0] },
        { level: 'error', counts: [0, 1, 1, 0] },
      ]);
      const filtered = await store.volume({ query: parseLogQuery('reset OR timeout'), start: T0 + 2_000, end: T0 + 4_999, stepMs: 1_000 });
      expect(filtered.series).toEqual([
        { level: 'warn', counts: [0, 1, 0] },
        { level: 'error', counts: [1, 0, 0] },
      ]);
      expect((await store.volume({ query: parseLogQuery('nothing'), ...ALL, stepMs: 3_600_000 })).series).toEqual([]);
      const byService = await store.volume({ query: parseLogQuery('service:checkout -level:warn'), start: T0 + 500, end: T0 + 5_500, stepMs: 2_500 });
      expect(byService.series).toEqual([
        { level: 'info', counts: [1, 0, 0] },
        { level: 'error', counts: [0, 1, 0] },
      ]);
      const orQuery = await store.volume({ query: parseLogQuery('timeout OR level:debug OR host:web-1'), start: T0, end: T0 + 5_999, stepMs: 3_000 });
      expect(orQuery.series).toEqual([
        { level: 'debug', counts: [0, 1] },
        { level: 'info', counts: [1, 0] },
        { level: 'warn', counts: [0, 1] },
        { level: 'error', counts: [1, 0] },
      ]);
    });

    it('deletes records older than the retention period', async () => {
      const store = await open(60_000);
      const records: LogRecord[] = [];
      for (let i = 0; i < 25; i++) records.push(rec(`r${i}`, i * 10_000, `record ${i}`));
      await store.append(records);
      now = T0 + 240_000 + 60_000; // keeps timestamps >= T0 + 240 s: r24
      expect(await store.enforceRetention()).toBe(24);
      expect(await ids(store, '')).toEqual(['r24']);
      expect(await ids(store, 'record')).toEqual(['r24']);
      expect(await store.stats()).toMatchObject({ records: 1, oldestTimestamp: T0 + 240_000 });
      expect(await store.enforceRetention()).toBe(0);
    });

    it('refuses to work once closed', async () => {
      const store = await open();
      await store.close();
      expect(store.isOpen()).toBe(false);
      await expect(store.append(corpus)).rejects.toMatchObject({ code: 'unavailable' });
    });
  });
}
