// Storage benchmark: SqliteMetricStore append, on-disk size after blocks close, select decode speed.
// Standalone: `npx tsx bench/storage.ts`.
//
// Data: 10,000 series scraped every 10 s for 6 h (2,160 rounds, 21.6 M samples), exact 10 s spacing
// (as Prometheus's scrape-timestamp alignment produces), written in batches of 5,000 samples:
//   45 % request counters: integer Poisson increments, rate log-uniform between 0.01 and 20 per second;
//   10 % byte counters: integer increments uniform in 0..1 MB per scrape;
//   20 % integer gauges (memory/disk bytes): change on 30 % of scrapes by a multiple of 4,096;
//   15 % decimal gauges (temperature, load, ratios): 1-2 decimals, change on 10 % of scrapes;
//   10 % constant gauges (up, *_info, sizes).
// Blocks are 2 h (the default), so after the run two blocks are closed into chunks and the last block
// sits in the head, stored as a compressed checkpoint (raw per-batch head rows are folded into it
// once they pass 32 MB, and on close).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { normalizeLabels, type Labels } from '../api/src/storage/labels.js';
import type { Sample } from '../api/src/storage/metric-store.js';
import { SqliteMetricStore } from '../api/src/storage/sqlite/sqlite-metric-store.js';
import type { BenchRow } from './bench-row.js';

const SERIES = 10_000;
const INTERVAL_MS = 10_000;
const HOURS = 6;
const ROUNDS = (HOURS * 3_600_000) / INTERVAL_MS;
const BATCH = 5_000;
const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z, a block boundary

type Kind = 'requests' | 'bytes' | 'intGauge' | 'decGauge' | 'constant';

interface SeriesModel {
  labels: Labels;
  kind: Kind;
  rate: number;
  value: number;
}

function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function makeModels(rnd: () => number): SeriesModel[] {
  const models: SeriesModel[] = [];
  for (let i = 0; i < SERIES; i++) {
    const r = i % 20;
    const kind: Kind = r < 9 ? 'requests' : r < 11 ? 'bytes' : r < 15 ? 'intGauge' : r < 18 ? 'decGauge' : 'constant';
    const host = `host-${i % 100}`;
    const labels = normalizeLabels({ __name__: `bench_${kind}`, instance: `${host}:9100`, job: 'bench', series: String(i) });
    const value =
      kind === 'requests' ? Math.floor(rnd() * 1e6) : kind === 'bytes' ? Math.floor(rnd() * 1e12) : kind === 'intGauge' ? Math.floor(rnd() * 1e6) * 4096 : kind === 'decGauge' ? Math.round(rnd() * 10000) / 100 : 1;
    models.push({ labels, kind, rate: 0.01 * Math.pow(2000, rnd()) * 10, value });
  }
  return models;
}

function poisson(lambda: number, rnd: () => number): number {
  if (lambda > 30) {
    const g = Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * g));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rnd();
  } while (p > l);
  return k - 1;
}

function step(m: SeriesModel, rnd: () => number): number {
  switch (m.kind) {
    case 'requests':
      m.value += poisson(m.rate, rnd);
      break;
    case 'bytes':
      m.value += Math.floor(rnd() * 1_000_000);
      break;
    case 'intGauge':
      if (rnd() < 0.3) m.value = Math.max(0, m.value + Math.round((rnd() - 0.5) * 2000) * 4096);
      break;
    case 'decGauge':
      if (rnd() < 0.1) m.value = Math.round((m.value + (rnd() - 0.5) * 4) * (rnd() < 0.5 ? 10 : 100)) / (rnd() < 0.5 ? 10 : 100);
      break;
    case 'constant':
      break;
  }
  return m.value;
}

export async function benchStorage(): Promise<BenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-storage-'));
  const store = SqliteMetricStore.open({ dataDir, maintenanceIntervalMs: 0, clock: () => T0 + HOURS * 3_600_000 });
  try {
    const rnd = makeRandom(42);
    const models = makeModels(rnd);
    let appendMs = 0;
    let compactMs = 0;
    let samples = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const t = T0 + round * INTERVAL_MS;
      for (let from = 0; from < SERIES; from += BATCH) {
        const batch: Sample[] = new Array(Math.min(BATCH, SERIES - from));
        for (let i = 0; i < batch.length; i++) {
          const m = models[from + i];
          batch[i] = { labels: m.labels, timestamp: t, value: step(m, rnd) };
        }
        const started = performance.now();
        await store.append(batch);
        appendMs += performance.now() - started;
        samples += batch.length;
      }
      // What the maintenance timer does every minute in production, here every simulated 10 minutes.
      if (round % 60 === 59) {
        const started = performance.now();
        store.compact();
        compactMs += performance.now() - started;
      }
    }
    const started = performance.now();
    store.compact();
    compactMs += performance.now() - started;
    const stats = await store.stats();
    if (stats.headSamples + stats.blockSamples !== samples) throw new Error(`sample count mismatch: ${JSON.stringify(stats)} vs ${samples}`);

    // Decode: select every series over the two closed blocks (all samples come out of chunks).
    const blocksEnd = T0 + 4 * 3_600_000 - 1;
    const decodeRates: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      const s0 = performance.now();
      const result = await store.select([{ name: 'job', type: '=', value: 'bench' }], { start: T0, end: blocksEnd });
      const ms = performance.now() - s0;
      let n = 0;
      for (const s of result) n += s.timestamps.length;
      if (n !== stats.blockSamples) throw new Error(`decoded ${n} samples, expected ${stats.blockSamples}`);
      decodeRates.push(n / (ms / 1000));
    }
    decodeRates.sort((a, b) => a - b);

    // At rest: close() folds the last raw head rows into the compressed head checkpoint.
    await store.close();
    let restBytes = 0;
    for (const f of ['metrics.db', 'metrics.db-wal']) {
      const file = path.join(dataDir, f);
      if (fs.existsSync(file)) restBytes += fs.statSync(file).size;
    }

    return [
      { name: 'store.append, 5,000-sample batches incl. commit (sync=full)', value: samples / (appendMs / 1000), unit: 'samples/s', target: '>= 1500000' },
      { name: 'on-disk size after blocks close, closed store (whole DB, 10k series, 6 h)', value: restBytes / samples, unit: 'bytes/sample', target: '<= 3' },
      { name: 'on-disk size while running (incl. up to 32 MB of raw head rows)', value: stats.diskBytes / samples, unit: 'bytes/sample', target: '' },
      { name: 'select decode, closed blocks (median of 3)', value: decodeRates[1], unit: 'samples/s', target: '>= 20000000' },
      { name: 'compaction (encode + write chunks and head checkpoint)', value: samples / (compactMs / 1000), unit: 'samples/s', target: '' },
    ];
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchStorage()
    .then((rows) => {
      for (const r of rows) console.log(`${r.name.padEnd(75)} ${r.value.toFixed(r.value < 100 ? 3 : 0).padStart(14)} ${r.unit.padEnd(13)} target ${r.target || '-'}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
