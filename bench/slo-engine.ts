// SLO engine benchmark: the shipped SLOs (slo/api.yaml, slo/shop.yaml: 6 SLOs, two of them grouped by route) on a
// SqliteMetricStore holding 3 days at 15 s of prom-client-style histograms (jobs api and shop, 10 routes, 2 status
// codes: 160 series, 2.8 M samples). Timed: the first evaluation round (it computes 56 days of slices: twice the
// 28-day window), then 20 steady rounds 30 s apart (one new 5-minute slice every 10 rounds), as the api runs them.
// Standalone: `npx tsx bench/slo-engine.ts`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadSloFiles } from '../api/src/slo/parse-slo-file.js';
import { SloRuntime } from '../api/src/slo/slo-runtime.js';
import type { Sample } from '../api/src/storage/metric-store.js';
import { SqliteMetricStore } from '../api/src/storage/sqlite/sqlite-metric-store.js';
import type { BenchRow } from './bench-row.js';

const T = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const DAYS = 3;
const SCRAPE_MS = 15_000;
const INTERVAL_MS = 30_000;
const STEADY_ROUNDS = 20;
const SLO_DIR = fileURLToPath(new URL('../slo/', import.meta.url));

export async function benchSloEngine(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-slo-'));
  const store = SqliteMetricStore.open({ dataDir: dir, sync: 'normal' });
  try {
    const start = T - DAYS * 86_400_000;
    for (const job of ['api', 'shop']) {
      for (let r = 0; r < 10; r++) {
        for (const code of ['200', '500']) {
          const rate = code === '200' ? 10 : 0.01;
          const series: Array<[Record<string, string>, number]> = [
            [{ __name__: 'http_request_duration_seconds_count', job, route: `/r${r}`, status_code: code }, 1],
            ...(['0.1', '0.2', '+Inf'] as const).map((le): [Record<string, string>, number] => [
              { __name__: 'http_request_duration_seconds_bucket', job, route: `/r${r}`, status_code: code, le },
              le === '0.1' ? 0.9 : le === '0.2' ? 0.995 : 1,
            ]),
          ];
          const batch: Sample[] = [];
          for (const [labels, share] of series) {
            for (let t = start; t <= T; t += SCRAPE_MS) batch.push({ labels, timestamp: t, value: ((t - start) / SCRAPE_MS) * rate * share });
          }
          await store.append(batch);
        }
      }
    }
    const loaded = await loadSloFiles([path.join(SLO_DIR, 'api.yaml'), path.join(SLO_DIR, 'shop.yaml')]);
    if (loaded.problems.length > 0) throw new Error(`shipped SLO files rejected: ${JSON.stringify(loaded.problems)}`);
    const env = { store, lookbackDeltaMs: 300_000, maxSamples: 50_000_000, queryTimeoutMs: 120_000, settleMs: 60_000, historyFactor: 2, backfillChunkSlices: 288 };
    const runtimes = loaded.definitions.map((d) => new SloRuntime(d, env));

    let t0 = performance.now();
    for (const rt of runtimes) await rt.evaluate(T);
    const firstMs = performance.now() - t0;

    let wall = 0;
    const cpu0 = process.cpuUsage();
    for (let i = 1; i <= STEADY_ROUNDS; i++) {
      t0 = performance.now();
      for (const rt of runtimes) {
        const s = await rt.evaluate(T + i * INTERVAL_MS);
        if (s.state !== 'ok') throw new Error(`SLO ${rt.definition.name}: ${s.state} ${s.errors.join('; ')}`);
      }
      wall += performance.now() - t0;
    }
    const cpu = process.cpuUsage(cpu0);
    const cpuMsPerRound = (cpu.user + cpu.system) / 1000 / STEADY_ROUNDS;
    return [
      { name: `first evaluation round, ${runtimes.length} SLOs (56 days of slices)`, value: firstMs, unit: 'ms', target: '' },
      { name: `steady evaluation round, ${runtimes.length} SLOs`, value: wall / STEADY_ROUNDS, unit: 'ms', target: '' },
      { name: 'CPU share of one core, one SLO every 30 s', value: (cpuMsPerRound / runtimes.length / INTERVAL_MS) * 100, unit: '%', target: '<= 0.1' },
    ];
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchSloEngine()
    .then((rows) => {
      for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
