// Query benchmark: the api against a real Prometheus 2.42 holding the same data, in the same run.
// Standalone: `npx tsx bench/query.ts`.
//
// Data: 24 h at 15 s resolution (5,760 points per series, 11.5 M samples) of
//   1,000 counters   http_requests_total{handler="h000".."h199", code="200|201|400|404|500"}
//   1,000 buckets    http_request_duration_seconds_bucket{handler="h00".."h99", le=10 bounds incl. +Inf}
// Prometheus gets it as TSDB blocks made by `promtool tsdb create-blocks-from openmetrics` (its remote-write
// receiver refuses samples that old), cached in the temp dir between runs; the api gets the same samples by
// SqliteMetricStore.append, then compact() so that reads decode closed chunks as in production.
// Timed: the two range queries below over the 24 h with a 60 s step through each HTTP API (fetch + full JSON
// body), the median of 5 runs after 2 warm-up runs. Both servers run on this machine at the same time, and
// their runs alternate, so that load from other processes slows both alike.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import pino from 'pino';
import { loadConfig } from '../api/src/config/load-config.js';
import { registerErrorHandler } from '../api/src/http/error-handler.js';
import { readApiPlugin } from '../api/src/read-api/read-api-plugin.js';
import type { Labels } from '../api/src/storage/labels.js';
import type { Sample } from '../api/src/storage/metric-store.js';
import { SqliteMetricStore } from '../api/src/storage/sqlite/sqlite-metric-store.js';
import { compareResponses } from '../api/src/promql-compat/compare-results.js';
import { startPrometheus } from '../api/src/promql-compat/prometheus-process.js';
import type { BenchRow } from './bench-row.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z, a 2 h block boundary
const INTERVAL_MS = 15_000;
const POINTS = (24 * 3_600_000) / INTERVAL_MS; // 5,760
const CODES = ['200', '201', '400', '404', '500'] as const;
const LE = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'] as const;
const WARMUP = 2;
const RUNS = 5;
const DATA_VERSION = 'v1';

export const BENCH_QUERIES = [
  { name: 'sum by (code) (rate(http_requests_total[5m]))', query: 'sum by (code) (rate(http_requests_total[5m]))' },
  {
    name: 'histogram_quantile(0.99, sum by (le) (rate(..._bucket[5m])))',
    query: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
  },
] as const;

interface BenchSeries {
  labels: Labels;
  values: Float64Array;
}

function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** The 2,000 series with their 5,760 values each: counters with integer increments, cumulative buckets. */
function makeSeries(): BenchSeries[] {
  const rnd = makeRandom(7);
  const out: BenchSeries[] = [];
  for (let h = 0; h < 200; h++) {
    for (const [c, code] of CODES.entries()) {
      const values = new Float64Array(POINTS);
      const rate = (c === 0 ? 40 : c === 1 ? 5 : 1) * (1 + (h % 7));
      let v = Math.floor(rnd() * 1000);
      for (let i = 0; i < POINTS; i++) {
        v += Math.floor(rnd() * rate);
        values[i] = v;
      }
      out.push({ labels: { __name__: 'http_requests_total', code, handler: `h${String(h).padStart(3, '0')}` }, values });
    }
  }
  for (let h = 0; h < 100; h++) {
    const buckets = LE.map(() => new Float64Array(POINTS));
    const counts: number[] = LE.map(() => 0);
    for (let i = 0; i < POINTS; i++) {
      const n = Math.floor(rnd() * 30);
      for (let k = 0; k < n; k++) {
        const d = rnd() * rnd() * rnd() * 3;
        for (let j = 0; j < LE.length; j++) if (LE[j] === '+Inf' || d <= Number(LE[j])) counts[j]++;
      }
      for (let j = 0; j < LE.length; j++) buckets[j][i] = counts[j];
    }
    for (const [j, le] of LE.entries()) {
      out.push({ labels: { __name__: 'http_request_duration_seconds_bucket', handler: `h${String(h).padStart(2, '0')}`, le }, values: buckets[j] });
    }
  }
  return out;
}

function seriesText(s: BenchSeries): string {
  const { __name__: name, ...rest } = s.labels;
  const labels = Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const lines: string[] = [];
  for (let i = 0; i < POINTS; i++) lines.push(`${name}{${labels}} ${s.values[i]} ${(T0 + i * INTERVAL_MS) / 1000}`);
  return lines.join('\n') + '\n';
}

/** Prometheus's TSDB for the data, made once with promtool and kept in the temp dir for later runs. */
function prometheusBlocks(series: readonly BenchSeries[]): string {
  const dir = path.join(os.tmpdir(), `slo-bench-query-${DATA_VERSION}`);
  const tsdb = path.join(dir, 'tsdb');
  if (fs.existsSync(path.join(dir, 'done'))) return tsdb;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'data.om');
  const fd = fs.openSync(file, 'w');
  for (const s of series) fs.writeSync(fd, seriesText(s));
  fs.writeSync(fd, '# EOF\n');
  fs.closeSync(fd);
  console.error(`  promtool tsdb create-blocks-from openmetrics (${Math.round(fs.statSync(file).size / 2 ** 20)} MiB)...`);
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, tsdb], { stdio: ['ignore', 'ignore', 'inherit'] });
  fs.rmSync(file);
  fs.writeFileSync(path.join(dir, 'done'), new Date().toISOString());
  return tsdb;
}

async function loadApiStore(store: SqliteMetricStore, series: readonly BenchSeries[]): Promise<void> {
  const batchPoints = 5;
  for (let i = 0; i < POINTS; i += batchPoints) {
    const batch: Sample[] = [];
    for (let k = i; k < Math.min(POINTS, i + batchPoints); k++) {
      const t = T0 + k * INTERVAL_MS;
      for (const s of series) batch.push({ labels: s.labels, timestamp: t, value: s.values[k] });
    }
    await store.append(batch);
    if (i % 480 === 0) store.compact();
  }
  store.compact();
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time (ms) of one range query through an HTTP API (fetch + whole body); throws on a non-success answer. */
async function runOnce(baseUrl: string, query: string): Promise<{ ms: number; series: number; json: unknown }> {
  const url = `${baseUrl}/api/v1/query_range?query=${encodeURIComponent(query)}&start=${T0 / 1000}&end=${(T0 + 24 * 3_600_000) / 1000}&step=60`;
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  const ms = performance.now() - started;
  const json = JSON.parse(body) as { status: string; error?: string; data?: { result?: unknown[] } };
  if (json.status !== 'success') throw new Error(`${res.status} ${json.error ?? body.slice(0, 200)}`);
  return { ms, series: json.data?.result?.length ?? 0, json };
}

export async function benchQuery(): Promise<BenchRow[]> {
  const series = makeSeries();
  console.error(`  ${series.length} series x ${POINTS} points = ${(series.length * POINTS) / 1e6} M samples`);
  const tsdb = prometheusBlocks(series);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-bench-query-api-'));
  const store = SqliteMetricStore.open({ dataDir, sync: 'normal', maintenanceIntervalMs: 0, clock: () => T0 + 24 * 3_600_000, logger: pino({ level: 'silent' }) });
  // The read API as buildApp mounts it, without auth and ingest (bench/tsconfig does not see the ingest's typings).
  const { query } = loadConfig({});
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  await app.register(readApiPlugin, { store, lookbackDeltaMs: query.lookbackDeltaMs, timeoutMs: query.timeoutMs, maxSamples: query.maxSamples });
  const prometheus = await startPrometheus({ tsdbPath: tsdb });
  const rows: BenchRow[] = [];
  try {
    const started = performance.now();
    await loadApiStore(store, series);
    const stats = await store.stats();
    console.error(`  api store loaded in ${((performance.now() - started) / 1000).toFixed(1)} s (${stats.blockSamples} samples in chunks, ${stats.headSamples} in the head)`);
    const apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });

    // The store's share of the api's time: reading the 1,000 counters over the queried range.
    const readMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await store.select([{ name: '__name__', type: '=', value: 'http_requests_total' }], { start: T0 - 300_000, end: T0 + 24 * 3_600_000 });
      readMs.push(performance.now() - t);
    }

    // Both servers are up; their runs alternate so that load from other processes hits both alike.
    for (const q of BENCH_QUERIES) {
      const prom: number[] = [];
      const api: number[] = [];
      let apiError: string | undefined;
      let seriesCounts = '';
      let differences: string[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const p = await runOnce(prometheus.url, q.query);
        let a: { ms: number; series: number; json: unknown } | undefined;
        if (apiError === undefined) {
          try {
            a = await runOnce(apiUrl, q.query);
          } catch (err) {
            apiError = err instanceof Error ? err.message : String(err);
          }
        }
        if (i < WARMUP) continue;
        prom.push(p.ms);
        if (a) api.push(a.ms);
        seriesCounts = `${p.series} series from Prometheus, ${a?.series ?? '-'} from the api`;
        if (a) differences = compareResponses(a.json, p.json);
      }
      const promMs = median(prom);
      console.error(`  prometheus  ${promMs.toFixed(1)} ms  ${q.query} (${seriesCounts})`);
      rows.push({ name: `prometheus 2.42: ${q.name}, 24 h / 60 s`, value: promMs, unit: 'ms', target: '' });
      if (apiError === undefined) {
        const apiMs = median(api);
        console.error(`  api         ${apiMs.toFixed(1)} ms  ${q.query} (${differences.length === 0 ? 'same result as Prometheus' : `DIFFERS: ${differences.slice(0, 3).join('; ')}`})`);
        rows.push({ name: `api: ${q.name}, 24 h / 60 s`, value: apiMs, unit: 'ms', target: '' });
        rows.push({ name: `ratio api/prometheus: ${q.name}`, value: apiMs / promMs, unit: 'x', target: '<= 1' });
      } else {
        console.error(`  api FAILED  ${q.query}: ${apiError}`);
        rows.push({ name: `api: ${q.name} FAILED (${apiError.slice(0, 80)})`, value: NaN, unit: 'ms', target: '' });
        rows.push({ name: `ratio api/prometheus: ${q.name}`, value: NaN, unit: 'x', target: '<= 1' });
      }
    }
    rows.push({ name: 'api store read of the 1,000 counters over 24 h (part of the api time above)', value: median(readMs), unit: 'ms', target: '' });
  } finally {
    await prometheus.stop();
    await app.close();
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchQuery()
    .then((rows) => {
      for (const r of rows) console.log(`${r.name.padEnd(90)} ${r.value.toFixed(r.value < 100 ? 3 : 0).padStart(10)} ${r.unit.padEnd(3)} target ${r.target || '-'}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
