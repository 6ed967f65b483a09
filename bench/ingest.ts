// Ingest benchmark: InfluxDB line protocol over HTTP into the real SqliteMetricStore.
// Run alone with `npx tsx bench/ingest.ts` (env BENCH_INGEST_POINTS: timestamps per series, default 100).
// The server (Fastify + lineProtocolRoutes + SqliteMetricStore) runs on this thread; the client runs in a
// worker thread (its own core) with pre-generated bodies and a few keep-alive connections.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { parseLineProtocol } from '../api/src/ingest/line-protocol/line-protocol-parser.js';
import { lineProtocolRoutes } from '../api/src/ingest/line-protocol/routes.js';
import { SeriesLabelCache } from '../api/src/ingest/line-protocol/series-label-cache.js';
import { SqliteMetricStore } from '../api/src/storage/sqlite/sqlite-metric-store.js';
import type { BenchRow } from './bench-row.js';

const SERIES = 10_000;
const LINES_PER_BATCH = 5_000;
const INTERVAL_MS = 10_000;
const CONNECTIONS = 4;
const TARGET = '>= 500000';
const RUNS = 3;

interface ClientResult {
  readonly samples: number;
  readonly requests: number;
  readonly seconds: number;
  readonly failures: number;
  readonly firstError: string;
}

/** Line-protocol bodies: every series once per timestamp, ns timestamps, 10 s apart, 5,000 lines a body. */
export function generateBodies(points: number, startMs: number): string[] {
  const bodies: string[] = [];
  let lines: string[] = [];
  for (let p = 0; p < points; p++) {
    const ns = String(startMs + p * INTERVAL_MS) + '000000';
    for (let s = 0; s < SERIES; s++) {
      const value = ((s * 31 + p * 7) % 1000) / 8;
      lines.push(`bench_requests,host=host-${s % 500},service=svc-${s % 20},instance=i-${s},region=eu-${s % 3} value=${value} ${ns}`);
      if (lines.length === LINES_PER_BATCH) {
        bodies.push(lines.join('\n') + '\n');
        lines = [];
      }
    }
  }
  if (lines.length > 0) bodies.push(lines.join('\n') + '\n');
  return bodies;
}

// Client code, evaluated in the worker (plain JS so the worker needs no TypeScript loader).
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, bodies, connections } = workerData;
parentPort.once('message', async () => {
  let next = 0, failures = 0, firstError = '';
  const started = process.hrtime.bigint();
  async function lane() {
    while (next < bodies.length) {
      const body = bodies[next++];
      const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/plain; charset=utf-8' } });
      if (res.status !== 204) { failures++; if (!firstError) firstError = res.status + ' ' + (await res.text()).slice(0, 300); }
      else await res.arrayBuffer();
    }
  }
  await Promise.all(Array.from({ length: connections }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  parentPort.postMessage({ requests: bodies.length, seconds, failures, firstError });
});
parentPort.postMessage('ready');
`;

async function runClient(url: string, bodies: string[]): Promise<Omit<ClientResult, 'samples'>> {
  const worker = new Worker(CLIENT, { eval: true, workerData: { url, bodies, connections: CONNECTIONS } });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage('go');
    });
  } finally {
    await worker.terminate();
  }
}

/** Parser throughput on flat strings (as decoded from a request), second pass: JIT and series cache warm. */
function parserOnly(bodies: string[]): number {
  const flat = bodies.map((b) => Buffer.from(b).toString('utf8'));
  const cache = new SeriesLabelCache();
  let rate = 0;
  for (let pass = 0; pass < 2; pass++) {
    let samples = 0;
    const started = process.hrtime.bigint();
    for (const body of flat) samples += parseLineProtocol(body, { precision: 'ns', defaultTimestampMs: 0, cache }).samples.length;
    rate = samples / (Number(process.hrtime.bigint() - started) / 1e9);
  }
  return rate;
}

export async function benchIngest(): Promise<BenchRow[]> {
  const points = Number(process.env.BENCH_INGEST_POINTS ?? 100);
  const startMs = Math.floor((Date.now() - points * INTERVAL_MS) / INTERVAL_MS) * INTERVAL_MS;
  const bodies = generateBodies(points, startMs);
  const samples = points * SERIES;
  const bytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0);

  const parseRate = parserOnly(bodies);

  // Three timed runs, each into a fresh store; the median is reported (the box is shared, runs vary).
  await timedRun(bodies.slice(0, 20), 20 * LINES_PER_BATCH, 0, false); // JIT warm-up of server and store, not reported
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) rates.push(await timedRun(bodies, samples, bytes, true));
  const sorted = [...rates].sort((a, b) => a - b);
  console.error(`ingest runs: ${rates.map((r) => Math.round(r).toLocaleString('en-US')).join(', ')} samples/s`);
  return [
    { name: `line protocol over HTTP into SqliteMetricStore (median of ${RUNS})`, value: sorted[Math.floor(RUNS / 2)], unit: 'samples/s', target: TARGET },
    { name: 'line-protocol parser alone (warm JIT and series cache, no HTTP)', value: parseRate, unit: 'samples/s', target: '' },
  ];
}

async function timedRun(bodies: string[], samples: number, bytes: number, check: boolean): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const store = SqliteMetricStore.open({ dataDir, maintenanceIntervalMs: 0 });
  const app = Fastify({ logger: false });
  await app.register(lineProtocolRoutes, { store, maxBodyBytes: 64 * 1024 * 1024 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  try {
    const result = await runClient(`http://127.0.0.1:${port}/api/v2/write?org=bench&bucket=bench&precision=ns`, bodies);
    if (result.failures > 0) throw new Error(`${result.failures} of ${result.requests} writes failed, first: ${result.firstError}`);
    const stats = await store.stats();
    if (check && (stats.series !== SERIES || stats.headSamples !== samples)) {
      throw new Error(`expected ${SERIES} series and ${samples} samples in the store, found ${stats.series} and ${stats.headSamples}`);
    }
    if (check) console.error(
      `ingest: ${samples} samples in ${result.requests} requests (${(bytes / 2 ** 20).toFixed(1)} MiB) over ${CONNECTIONS} connections in ${result.seconds.toFixed(2)} s`,
    );
    return samples / result.seconds;
  } finally {
    await app.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchIngest()
    .then((rows) => {
      for (const row of rows) console.log(`${row.name}: ${Math.round(row.value).toLocaleString('en-US')} ${row.unit} (target ${row.target || 'none'})`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
