// Log search benchmark: SqliteLogStore filled with 10 million realistic log lines over 7 days, then searches over
// the whole range, newest 100 first (store.search, and once through the GET /api/v1/logs route), volume counts,
// and the append rate. Standalone: `npx tsx bench/logs-search.ts` (BENCH_LOG_LINES=1000000 for a smaller store).
//
// Generating 10 M lines takes 10-15 minutes on a small shared machine, so the filled database is cached under
// /tmp/bench-logs-search/<generator version>-<lines>/ and reused by later runs (the build-time insert rate printed
// then is the one measured when it was built; the append rate into an empty store is measured on every run).
// BENCH_LOGS_FRESH=1 builds a new one in a temp dir and deletes it afterwards. Delete the cache dir to rebuild.
//
// Data: 8 services, 12 hosts, levels about 62 % info / 18 % debug / 12 % warn / 7.5 % error / 0.5 % fatal; about 30
// message templates (HTTP access lines with routes and status codes, payment, cache, database, retries, stack
// trace heads) with ids, durations, IPs and amounts in them; HTTP lines carry http.* attributes, 30 % of lines a
// trace id. Written by store.append in batches of 5,000 (one transaction each).
// Searched terms occur in about 0.1 % to 3 % of the lines; each query runs 20 times (warm page cache).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { registerErrorHandler } from '../api/src/http/error-handler.js';
import { logRoutes } from '../api/src/logs/http/log-routes.js';
import type { LogRecord, LogRecordLevel } from '../api/src/logs/log-record.js';
import { parseLogQuery } from '../api/src/logs/query/parse-log-query.js';
import { LOG_DB_FILE, SqliteLogStore } from '../api/src/logs/sqlite/sqlite-log-store.js';
import type { BenchRow } from './bench-row.js';

/** Bump when the generated data or the store's schema changes, so a stale cached database is not reused. */
const GENERATOR_VERSION = 'v1';
const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const SPAN_MS = 7 * 24 * 3_600_000;
const BATCH = 5_000;
const CACHE_ROOT = path.join(os.tmpdir(), 'bench-logs-search');
const SEARCHES_PER_QUERY = 20;

function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const SERVICES = ['checkout', 'payments', 'frontend', 'inventory', 'auth', 'shipping', 'search', 'gateway'];
const HOSTS = Array.from({ length: 12 }, (_, i) => `web-${i + 1}`);
const ROUTES = ['/api/orders', '/api/orders/:id', '/api/cart', '/api/checkout', '/api/products', '/api/products/:id', '/api/login', '/api/search'];
const CARRIERS = ['dhl', 'ups', 'fedex', 'colissimo'];

type Template = (r: () => number, int: (n: number) => number) => { level: LogRecordLevel; message: string; attributes?: Record<string, string> };

const ip = (int: (n: number) => number): string => `10.${int(4)}.${int(256)}.${int(256)}`;

const TEMPLATES: Array<[weight: number, template: Template]> = [
  [30, (r, int) => {
    const route = ROUTES[int(ROUTES.length)];
    const method = route.includes('checkout') || route === '/api/orders' ? 'POST' : 'GET';
    const roll = r();
    const status = roll < 0.9 ? (method === 'POST' ? 201 : 200) : roll < 0.95 ? 404 : roll < 0.98 ? 500 : 503;
    const path = route.replace(':id', String(int(1_000_000)));
    return {
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      message: `${method} ${path} ${status} in ${int(900) + 2}ms`,
      attributes: { 'http.method': method, 'http.route': route, 'http.status_code': String(status), 'client.address': ip(int) },
    };
  }],
  [8, (_r, int) => ({ level: 'info', message: `user ${int(200_000)} logged in from ${ip(int)}`, attributes: { 'user.id': String(int(200_000)) } })],
  [6, (_r, int) => ({ level: 'info', message: `payment authorized for order ${int(5_000_000)} amount ${(int(50_000) / 100).toFixed(2)} EUR` })],
  [10, (_r, int) => ({ level: 'debug', message: `cache miss for key product:${int(100_000)}` })],
  [6, (_r, int) => ({ level: 'debug', message: `cache hit ratio ${(int(1000) / 10).toFixed(1)}% over the last ${int(60) + 1}s` })],
  [2, (_r, int) => ({ level: 'error', message: `upstream timeout after ${int(30) + 1}000ms calling inventory-service` })],
  [2, (_r, int) => ({ level: 'warn', message: `connection reset by peer while reading from ${ip(int)}:5432` })],
  [3, (_r, int) => ({ level: 'warn', message: `slow query took ${int(4000) + 500}ms: SELECT * FROM orders WHERE customer_id = ${int(200_000)}` })],
  [3, (_r, int) => ({ level: 'warn', message: `retrying request to payments (${int(5) + 1}/5)` })],
  [4, (_r, int) => ({ level: 'info', message: `order ${int(5_000_000)} shipped via ${CARRIERS[int(CARRIERS.length)]}` })],
  [1, (_r, int) => ({ level: 'error', message: `failed to charge card: insufficient funds (order ${int(5_000_000)})` })],
  [1, () => ({ level: 'error', message: 'NullPointerException in CartService.applyDiscount(CartService.java:214)' })],
  [3, (_r, int) => ({ level: 'info', message: `discount code SPRING${int(100)} applied to cart ${int(1_000_000)}` })],
  [3, (_r, int) => ({ level: 'debug', message: `loaded ${int(500)} products from catalog in ${int(200)}ms` })],
  [2, (_r, int) => ({ level: 'warn', message: `rate limit reached for client ${ip(int)}, rejecting for ${int(60) + 1}s` })],
  [2, (_r, int) => ({ level: 'info', message: `inventory reserved ${int(5) + 1} items of sku-${int(50_000)} for order ${int(5_000_000)}` })],
  [2, () => ({ level: 'info', message: 'health check ok' })],
  [1, (_r, int) => ({ level: 'error', message: `connection refused: redis at 10.0.0.${int(8)}:6379` })],
  [1, (_r, int) => ({ level: 'warn', message: `JWT expired for session ${int(1_000_000).toString(16)}` })],
  [1, (_r, int) => ({ level: 'error', message: `deadlock detected while updating stock for sku-${int(50_000)}` })],
  [2, (_r, int) => ({ level: 'debug', message: `gc pause ${int(80)}ms heap ${int(900) + 100}MB` })],
  [2, (_r, int) => ({ level: 'info', message: `email receipt queued for order ${int(5_000_000)}` })],
  [1, (_r, int) => ({ level: 'warn', message: `search query took ${int(3000) + 1000}ms for "${['shoes', 'red dress', 'laptop bag', 'coffee'][int(4)]}"` })],
  [1, () => ({ level: 'fatal', message: 'out of memory: worker process exiting' })],
  [1, (_r, int) => ({ level: 'info', message: `feature flag new-checkout evaluated to ${int(2) ? 'on' : 'off'} for user ${int(200_000)}` })],
];

function pickTemplate(): (r: () => number) => Template {
  const total = TEMPLATES.reduce((a, [w]) => a + w, 0);
  return (r) => {
    let x = r() * total;
    for (const [w, t] of TEMPLATES) {
      x -= w;
      if (x < 0) return t;
    }
    return TEMPLATES[0][1];
  };
}

/** A deterministic stream of log records spread evenly over SPAN_MS for `lines` lines; `next(n)` returns the next n. */
function recordGenerator(lines: number, seed: number): (n: number) => LogRecord[] {
  const r = makeRandom(seed);
  const int = (n: number): number => Math.floor(r() * n);
  const pick = pickTemplate();
  const stepMs = SPAN_MS / lines;
  let line = 0;
  return (n) => {
    const batch = new Array<LogRecord>(n);
    for (let i = 0; i < n; i++, line++) {
      const t = pick(r)(r, int);
      const rec: { -readonly [K in keyof LogRecord]: LogRecord[K] } = {
        id: `bench${seed}:${Math.floor(line / 1_000_000)}:${String(line).padStart(10, '0')}`,
        timestamp: Math.floor(T0 + line * stepMs + r() * 1000),
        level: r() < 0.15 && t.level === 'info' ? 'debug' : t.level,
        message: t.message,
        service: SERVICES[int(SERVICES.length)],
        host: HOSTS[int(HOSTS.length)],
      };
      if (t.attributes) rec.attributes = t.attributes;
      if (r() < 0.3) rec.traceId = (int(2 ** 32).toString(16) + int(2 ** 32).toString(16) + line.toString(16)).padStart(32, '0');
      batch[i] = rec;
    }
    return batch;
  };
}

/** Appends `lines` generated records to the store; returns the append rate (lines/s of wall and of CPU time in store.append). */
async function fill(store: SqliteLogStore, lines: number, seed = 7): Promise<{ wall: number; cpu: number }> {
  const next = recordGenerator(lines, seed);
  let appendMs = 0;
  let cpuMicros = 0;
  for (let from = 0; from < lines; from += BATCH) {
    const batch = next(Math.min(BATCH, lines - from));
    const started = performance.now();
    const cpu = process.cpuUsage();
    await store.append(batch);
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    appendMs += performance.now() - started;
    if (from % 500_000 === 0 && from > 0) console.error(`  ${from.toLocaleString('en-US')} lines, ${Math.round(from / (appendMs / 1000)).toLocaleString('en-US')} lines/s`);
  }
  return { wall: lines / (appendMs / 1000), cpu: lines / (cpuMicros / 1e6) };
}

/**
 * POST /api/v1/logs through the route (Fastify inject: gunzip, JSON, validation, append with sync=full) into an empty
 * store, gzip bodies of 1,000 records prepared beforehand (the collector's side of the work is not timed).
 */
async function postRate(lines: number): Promise<{ wall: number; cpu: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-logs-post-'));
  const store = SqliteLogStore.open({ dataDir: dir, retentionIntervalMs: 0, sync: 'full', retentionMs: 100 * 365 * 24 * 3_600_000 });
  const app = Fastify();
  registerErrorHandler(app);
  await app.register(logRoutes, { store, maxBodyBytes: 64 * 1024 * 1024 });
  try {
    const next = recordGenerator(lines, 13);
    const bodies: Buffer[] = [];
    for (let from = 0; from < lines; from += 1000) bodies.push(gzipSync(JSON.stringify({ records: next(Math.min(1000, lines - from)) })));
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (const payload of bodies) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/logs', payload, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
      if (r.statusCode !== 200) throw new Error(`POST /api/v1/logs answered ${r.statusCode}: ${r.body}`);
    }
    const used = process.cpuUsage(cpu);
    return { wall: lines / ((performance.now() - started) / 1000), cpu: lines / ((used.user + used.system) / 1e6) };
  } finally {
    await app.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timeRuns(queries: readonly string[], run: (q: string) => Promise<unknown>, reps = SEARCHES_PER_QUERY): Promise<{ p50: number; p95: number }> {
  const ms: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    for (const q of queries) {
      const started = performance.now();
      await run(q);
      ms.push(performance.now() - started);
    }
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

function timeSearches(store: SqliteLogStore, queries: readonly string[]): Promise<{ p50: number; p95: number }> {
  return timeRuns(queries, (q) => store.search({ query: parseLogQuery(q), start: 0, end: T0 + 2 * SPAN_MS, limit: 100 }));
}

/** Append rate into a fresh, empty store (measured on every run, also when the 10 M store comes from the cache). */
async function freshAppendRate(lines: number): Promise<{ wall: number; cpu: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-logs-append-'));
  const store = SqliteLogStore.open({ dataDir: dir, retentionIntervalMs: 0, sync: 'full', retentionMs: 100 * 365 * 24 * 3_600_000 });
  try {
    return await fill(store, lines, 11);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchLogsSearch(): Promise<BenchRow[]> {
  const lines = Number(process.env.BENCH_LOG_LINES ?? 10_000_000);
  const fresh = process.env.BENCH_LOGS_FRESH === '1';
  const dataDir = fresh ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-logs-search-')) : path.join(CACHE_ROOT, `${GENERATOR_VERSION}-${lines}`);
  const marker = path.join(dataDir, 'complete.json');
  try {
    let insertRate: { wall: number; cpu?: number };
    let cached = false;
    if (!fresh && fs.existsSync(marker)) {
      insertRate = (JSON.parse(fs.readFileSync(marker, 'utf8')) as { insertRate: { wall: number; cpu?: number } | number }).insertRate as { wall: number; cpu?: number };
      if (typeof insertRate === 'number') insertRate = { wall: insertRate };
      cached = true;
      console.error(`  reusing the ${lines.toLocaleString('en-US')}-line store in ${dataDir} (delete it to rebuild)`);
    } else {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.mkdirSync(dataDir, { recursive: true });
      console.error(`  generating ${lines.toLocaleString('en-US')} lines into ${dataDir}`);
      const store = SqliteLogStore.open({ dataDir, retentionIntervalMs: 0, sync: 'normal', retentionMs: 100 * 365 * 24 * 3_600_000 });
      try {
        insertRate = await fill(store, lines);
      } finally {
        await store.close();
      }
      if (!fresh) fs.writeFileSync(marker, JSON.stringify({ insertRate, lines, builtAt: new Date().toISOString() }));
    }

    const store = SqliteLogStore.open({ dataDir, retentionIntervalMs: 0, retentionMs: 100 * 365 * 24 * 3_600_000 });
    try {
      if ((await store.stats()).records !== lines) throw new Error(`store holds ${(await store.stats()).records} records, expected ${lines}`);
      const diskBytes = fs.statSync(path.join(dataDir, LOG_DB_FILE)).size;
      // Terms of different frequencies (about 0.1 % to 3 % of lines), so each search reads different index pages.
      const terms = ['timeout', 'refused', 'shipped', 'discount', 'deadlock', 'retrying', 'expired', 'receipt'];
      const term = await timeSearches(store, terms);
      const filtered = await timeSearches(store, terms.map((t) => `${t} service:checkout`));
      const phrase = await timeSearches(store, ['"connection reset by peer"', '"insufficient funds"', '"health check ok"']);
      const negated = await timeSearches(store, ['level:error -timeout', 'http.status_code:503', 'GET -http.status_code:200', 'timeout OR level:fatal']);
      // Worst case of a text search: a filter that none of the term's lines pass, so every match in the range is read.
      const noMatch = await timeRuns(['timeout level:fatal', 'deadlock service:checkout level:info'], (q) =>
        store.search({ query: parseLogQuery(q), start: 0, end: T0 + 2 * SPAN_MS, limit: 100 }),
      3);
      const lastDay = { start: T0 + SPAN_MS - 86_400_000, end: T0 + SPAN_MS };
      const volumeDay = await timeRuns([''], () => store.volume({ query: parseLogQuery(''), ...lastDay, stepMs: 900_000 }), 3);
      const volumeTerm = await timeRuns(['timeout'], (q) => store.volume({ query: parseLogQuery(q), ...lastDay, stepMs: 900_000 }), 3);

      // The same search through the route (querystring parsing, JSON of 100 records), on Fastify's inject.
      const app = Fastify();
      registerErrorHandler(app);
      await app.register(logRoutes, { store, maxBodyBytes: 64 * 1024 * 1024 });
      const http = await timeRuns(terms, async (q) => {
        const r = await app.inject({ method: 'GET', url: `/api/v1/logs?query=${encodeURIComponent(q)}&start=0&end=${(T0 + 2 * SPAN_MS) / 1000}&limit=100` });
        if (r.statusCode !== 200) throw new Error(`GET /api/v1/logs answered ${r.statusCode}: ${r.body}`);
      });
      await app.close();

      const fresh200k = await freshAppendRate(200_000);
      const posted = await postRate(200_000);
      const note = cached ? ' (measured when the cached store was built)' : '';
      return [
        { name: 'store.append into an empty store, 200k lines in 5,000-line batches (sync=full), wall', value: fresh200k.wall, unit: 'lines/s', target: '' },
        { name: 'store.append into an empty store, same, per CPU-second of the process (event loop and log writer thread)', value: fresh200k.cpu, unit: 'lines/s', target: '' },
        { name: 'POST /api/v1/logs (inject), 200k lines in gzip bodies of 1,000, into an empty store, wall', value: posted.wall, unit: 'lines/s', target: '' },
        { name: 'POST /api/v1/logs, same, per CPU-second (gunzip, JSON, validation, append)', value: posted.cpu, unit: 'lines/s', target: '' },
        { name: `store.append building the ${lines.toLocaleString('en-US')}-line store (sync=normal), wall${note}`, value: insertRate.wall, unit: 'lines/s', target: '' },
        { name: `store size on disk, ${lines.toLocaleString('en-US')} lines`, value: diskBytes / lines, unit: 'bytes/line', target: '' },
        { name: 'search: one term, whole range, newest 100, p50', value: term.p50, unit: 'ms', target: '' },
        { name: 'search: one term, whole range, newest 100, p95', value: term.p95, unit: 'ms', target: '<= 200' },
        { name: 'search: term + service:checkout, newest 100, p50', value: filtered.p50, unit: 'ms', target: '' },
        { name: 'search: term + service:checkout, newest 100, p95', value: filtered.p95, unit: 'ms', target: '<= 200' },
        { name: 'search: quoted phrase, newest 100, p95', value: phrase.p95, unit: 'ms', target: '' },
        { name: 'search: field filters, negation, OR, newest 100, p95', value: negated.p95, unit: 'ms', target: '' },
        { name: 'search worst case: term + filter no line of the term passes, p95', value: noMatch.p95, unit: 'ms', target: '' },
        { name: 'GET /api/v1/logs (inject), one term, newest 100, p95', value: http.p95, unit: 'ms', target: '<= 200' },
        { name: 'volume, last day (1.4M lines), 15m steps, p50', value: volumeDay.p50, unit: 'ms', target: '' },
        { name: 'volume of one term, last day, 15m steps, p50', value: volumeTerm.p50, unit: 'ms', target: '' },
      ];
    } finally {
      await store.close();
    }
  } finally {
    if (fresh) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchLogsSearch()
    .then((rows) => {
      for (const r of rows) console.log(`${r.name.padEnd(80)} ${r.value.toFixed(r.value < 100 ? 2 : 0).padStart(12)} ${r.unit.padEnd(10)} target ${r.target || '-'}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
