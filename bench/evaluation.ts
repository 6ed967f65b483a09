// Evaluation benchmark (issue 5, point 9): 1,000 alert and recording rules and 100 SLOs (with their generated
// Sloth-style burn-rate rule groups, registered as server.ts does) on 10,000 series in the SqliteMetricStore,
// evaluated every 30 s by RuleManager and SloManager.
//
// Data (cached under /tmp, keyed by GENERATOR_VERSION): 100 services x 10 routes x 2 status codes of prom-client
// histograms (_count and le 0.1/0.2/+Inf buckets: 8,000 series) and 1,000 hosts x 2 node gauges (2,000 series):
// 6 h at 30 s, plus one sample every 2 h over the 28 days before, and a new scrape before every round; and the 28 days of 30 s `slo:sli_error:ratio_rate5m`
// recordings a running api would have written (with a staleness marker and an hour's gap 10 days ago), which the
// SLO period recording (`..._rate28d`) reads every round.
//
// CPU share: rounds run back to back with `evaluateAllAt` (rules, then SLOs, at t, t+30 s, ...); the CPU time of
// the process (process.cpuUsage) per round is divided by the 30 s the round stands for. Warm-up rounds first (the
// SLO engine's first round computes 56 days of slices). Standalone: `npx tsx bench/evaluation.ts`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { RuleManager } from '../api/src/rules/rule-manager.js';
import { generateSloRuleGroups } from '../api/src/slo/burn-rate-rules.js';
import { loadSloFiles } from '../api/src/slo/parse-slo-file.js';
import { SloManager } from '../api/src/slo/slo-manager.js';
import { LONG_WINDOW_INTERVAL } from '../api/src/slo/burn-rate-rules.js';
import { SloRuleSync } from '../api/src/slo/slo-rule-sync.js';
import type { Sample } from '../api/src/storage/metric-store.js';
import { SqliteMetricStore } from '../api/src/storage/sqlite/sqlite-metric-store.js';
import { STALE_NAN } from '../api/src/storage/stale-marker.js';
import type { BenchRow } from './bench-row.js';

const GENERATOR_VERSION = 3;
const T = 1_767_225_600_000; // 2026-01-01T00:00:00Z: the first evaluation
const STEP_MS = 30_000;
const DENSE_MS = 6 * 3_600_000;
const SPARSE_STEP_MS = 2 * 3_600_000;
const PERIOD_MS = 28 * 86_400_000;
const SERVICES = 100;
const ROUTES = 10;
const HOSTS = 1_000;
const RETENTION_MS = 30 * 86_400_000;
const GAP_START = T - 10 * 86_400_000;
const WARMUP_ROUNDS = 3;
const ROUNDS = Number(process.env.BENCH_EVAL_ROUNDS ?? 10);
const BUCKETS: ReadonlyArray<[string, number]> = [['0.1', 0.9], ['0.2', 0.995], ['+Inf', 1]];

const svc = (i: number): string => `svc${String(i).padStart(2, '0')}`;

/** Sloth prometheus/v1 files: one service each; availability, error rate (grouped by route) and latency SLOs. */
function sloFiles(): Array<[string, string]> {
  const files: Array<[string, string]> = [];
  for (let i = 0; i < SERVICES; i++) {
    const job = svc(i);
    const kind = i % 3;
    const count = `http_request_duration_seconds_count{job="${job}"`;
    let slo: string;
    if (kind === 0) {
      slo = `  - name: availability
    objective: 99.9
    window: 28d
    sli:
      events:
        error_query: sum(rate(${count},status_code=~"5.."}[{{.window}}]))
        total_query: sum(rate(${count}}[{{.window}}]))
    alerting:
      page_alert: {}
      ticket_alert: {}
`;
    } else if (kind === 1) {
      slo = `  - name: error-rate
    objective: 99.5
    window: 28d
    group_by: [route]
    sli:
      events:
        error_query: sum by (route) (rate(${count},status_code=~"5..|429"}[{{.window}}]))
        total_query: sum by (route) (rate(${count}}[{{.window}}]))
    alerting:
      min_traffic: 100
      page_alert: {}
      ticket_alert: {}
`;
    } else {
      slo = `  - name: latency
    objective: 99
    window: 28d
    sli:
      events:
        error_query: sum(rate(${count}}[{{.window}}])) - sum(rate(http_request_duration_seconds_bucket{job="${job}",le="0.2"}[{{.window}}]))
        total_query: sum(rate(${count}}[{{.window}}]))
    alerting:
      page_alert: {}
      ticket_alert: {}
`;
    }
    files.push([`${job}.yaml`, `version: prometheus/v1\nservice: ${job}\nslos:\n${slo}`]);
  }
  return files;
}

/** 10 rules per service (thresholds, rate(), ratios, histogram_quantile, predict_linear, `for`), one group each. */
function ruleFile(): string {
  const lines = ['groups:'];
  for (let i = 0; i < SERVICES; i++) {
    const job = svc(i);
    const c = `http_request_duration_seconds_count{job="${job}"`;
    const b = `http_request_duration_seconds_bucket{job="${job}"`;
    const hosts = `instance=~"host-${String(i).padStart(2, '0')}.*"`;
    const rules: Array<[string, string, string | undefined]> = [
      ['record: job:http_requests:rate5m', `sum by (job) (rate(${c}}[5m]))`, undefined],
      ['alert: HighErrorRatio', `sum by (route) (rate(${c},status_code=~"5.."}[5m])) / sum by (route) (rate(${c}}[5m])) > 0.05`, '5m'],
      ['alert: ErrorRatio30m', `sum(rate(${c},status_code=~"5.."}[30m])) / sum(rate(${c}}[30m])) > 0.01`, '1h'],
      ['alert: SlowP99', `histogram_quantile(0.99, sum by (le) (rate(${b}}[5m]))) > 0.5`, '10m'],
      ['alert: SlowRouteP50', `histogram_quantile(0.5, sum by (route, le) (rate(${b}}[5m]))) > 0.1`, '10m'],
      ['alert: LowTraffic', `sum(rate(${c}}[5m])) < 1`, '15m'],
      ['alert: TrafficSpike', `sum(rate(${c}}[1h])) > 10000`, undefined],
      ['alert: RouteSilent', `rate(${c},route="/r1",status_code="200"}[5m]) == 0`, '5m'],
      ['alert: LowMemory', `node_memory_MemAvailable_bytes{${hosts}} < 100000000`, '5m'],
      ['alert: DiskFillingUp', `predict_linear(node_filesystem_avail_bytes{${hosts}}[1h], 4 * 3600) < 0`, '30m'],
    ];
    lines.push(`  - name: ${job}`, '    interval: 30s', '    rules:');
    for (const [head, expr, forDur] of rules) {
      lines.push(`      - ${head}`, `        expr: '${expr}'`);
      if (forDur) lines.push(`        for: ${forDur}`);
      if (head.startsWith('alert')) lines.push('        labels:', '          severity: warning', '        annotations:', `          summary: '{{ $labels.job }} {{ $value }}'`);
    }
  }
  return lines.join('\n') + '\n';
}

function* timestamps(): Generator<number> {
  const denseStart = T - DENSE_MS;
  for (let t = denseStart - PERIOD_MS; t < denseStart; t += SPARSE_STEP_MS) yield t;
  for (let t = denseStart; t < T; t += STEP_MS) yield t;
}

async function generate(store: SqliteMetricStore, sloDir: string): Promise<number> {
  let n = 0;
  let batch: Sample[] = [];
  const flush = async (): Promise<void> => {
    n += batch.length;
    await store.append(batch);
    batch = [];
  };
  const ts = [...timestamps()];
  const origin = ts[0];
  for (let i = 0; i < SERVICES; i++) {
    for (let r = 0; r < ROUTES; r++) {
      for (const code of ['200', '500']) {
        const rate = (code === '200' ? 5 : 0.002) * (1 + ((i * 7 + r) % 5) / 10);
        const base = { job: svc(i), route: `/r${r}`, status_code: code };
        const series: Array<[Record<string, string>, number]> = [
          [{ __name__: 'http_request_duration_seconds_count', ...base }, 1],
          ...BUCKETS.map(([le, share]): [Record<string, string>, number] => [{ __name__: 'http_request_duration_seconds_bucket', ...base, le }, share]),
        ];
        for (const [labels, share] of series) for (const t of ts) batch.push({ labels, timestamp: t, value: Math.floor(((t - origin) / 1000) * rate * share) });
        await flush();
      }
    }
  }
  for (let h = 0; h < HOSTS; h++) {
    const instance = `host-${String(h % SERVICES).padStart(2, '0')}-${Math.floor(h / SERVICES)}`;
    for (const t of ts) {
      const wobble = Math.sin(t / 3_600_000 + h);
      batch.push({ labels: { __name__: 'node_memory_MemAvailable_bytes', instance }, timestamp: t, value: 4e9 + 1e9 * wobble });
      batch.push({ labels: { __name__: 'node_filesystem_avail_bytes', instance, mountpoint: '/' }, timestamp: t, value: 50e9 + 1e8 * wobble });
    }
    if (h % 100 === 99) await flush();
  }
  // The 5m SLI recordings a running api would have written over the last 28 days (every 30 s), which the period
  // recording reads: labels as the generated rules give them (plus the route of a grouped SLO).
  const loaded = await loadSloFiles(fs.readdirSync(sloDir).map((f) => path.join(sloDir, f)));
  for (const slo of loaded.definitions) {
    const rule = generateSloRuleGroups(slo)[0].rules.find((x) => x.record === 'slo:sli_error:ratio_rate5m');
    if (!rule) throw new Error(`no 5m SLI recording for ${slo.name}`);
    const groups = slo.groupBy.length > 0 ? Array.from({ length: ROUTES }, (_, r) => ({ route: `/r${r}` })) : [{}];
    for (const g of groups) {
      const labels = { __name__: 'slo:sli_error:ratio_rate5m', ...rule.labels, ...g };
      for (let t = T - PERIOD_MS; t < T; t += STEP_MS) {
        // One hour without the SLI 10 days ago (the service was not scraped): a staleness marker, then nothing.
        if (t >= GAP_START && t < GAP_START + 3_600_000) {
          if (t === GAP_START) batch.push({ labels, timestamp: t, value: STALE_NAN });
          continue;
        }
        batch.push({ labels, timestamp: t, value: 0.0004 + 0.0002 * Math.sin(t / 7_200_000) });
      }
      if (batch.length >= 200_000) await flush();
    }
  }
  await flush();
  return n;
}

/** One scrape of the 10,000 raw series at `t` (as generate() writes them), appended before each round. */
function scrapeAt(t: number): Sample[] {
  const out: Sample[] = [];
  const origin = T - DENSE_MS - PERIOD_MS;
  for (let i = 0; i < SERVICES; i++) {
    for (let r = 0; r < ROUTES; r++) {
      for (const code of ['200', '500']) {
        const rate = (code === '200' ? 5 : 0.002) * (1 + ((i * 7 + r) % 5) / 10);
        const base = { job: svc(i), route: `/r${r}`, status_code: code };
        out.push({ labels: { __name__: 'http_request_duration_seconds_count', ...base }, timestamp: t, value: Math.floor(((t - origin) / 1000) * rate) });
        for (const [le, share] of BUCKETS) out.push({ labels: { __name__: 'http_request_duration_seconds_bucket', ...base, le }, timestamp: t, value: Math.floor(((t - origin) / 1000) * rate * share) });
      }
    }
  }
  for (let h = 0; h < HOSTS; h++) {
    const instance = `host-${String(h % SERVICES).padStart(2, '0')}-${Math.floor(h / SERVICES)}`;
    const wobble = Math.sin(t / 3_600_000 + h);
    out.push({ labels: { __name__: 'node_memory_MemAvailable_bytes', instance }, timestamp: t, value: 4e9 + 1e9 * wobble });
    out.push({ labels: { __name__: 'node_filesystem_avail_bytes', instance, mountpoint: '/' }, timestamp: t, value: 50e9 + 1e8 * wobble });
  }
  return out;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export async function benchEvaluation(): Promise<BenchRow[]> {
  const cacheDir = path.join(os.tmpdir(), `bench-evaluation-v${GENERATOR_VERSION}`);
  const sloDir = path.join(cacheDir, 'slo');
  const ruleDir = path.join(cacheDir, 'rules');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-evaluation-run-'));
  let now = T;
  const clock = (): number => now;
  const logger = pino({ level: 'warn' });
  try {
    const genStarted = performance.now();
    if (!fs.existsSync(path.join(cacheDir, 'done'))) {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      fs.mkdirSync(sloDir, { recursive: true });
      fs.mkdirSync(ruleDir, { recursive: true });
      for (const [name, text] of sloFiles()) fs.writeFileSync(path.join(sloDir, name), text);
      fs.writeFileSync(path.join(ruleDir, 'bench.yaml'), ruleFile());
      const gen = SqliteMetricStore.open({ dataDir: path.join(cacheDir, 'data'), sync: 'normal', retentionMs: RETENTION_MS, clock, maintenanceIntervalMs: 0 });
      const n = await generate(gen, sloDir);
      // As a running api's store is: everything but the last 1-2 hours in compressed chunks.
      gen.compact();
      await gen.close();
      fs.writeFileSync(path.join(cacheDir, 'done'), String(n));
      console.error(`generated ${n} samples in ${Math.round(performance.now() - genStarted)} ms (cached in ${cacheDir})`);
    }
    // Each run evaluates on a copy: the rules write series.
    fs.cpSync(path.join(cacheDir, 'data'), path.join(work, 'data'), { recursive: true });
    // No maintenance timer: which round would meet a block closing would depend on the machine's speed.
    const store = SqliteMetricStore.open({ dataDir: path.join(work, 'data'), sync: 'normal', retentionMs: RETENTION_MS, clock, maintenanceIntervalMs: 0 });
    const query = { store, lookbackDeltaMs: 300_000, maxSamples: 50_000_000, queryTimeoutMs: 120_000, logger };
    const rules = new RuleManager({ ...query, files: [path.join(ruleDir, '*.yaml')], baseDir: work, evaluationIntervalMs: STEP_MS, watch: false, schedule: false, now: clock, logger: logger.child({ component: 'rules' }) });
    const slos = new SloManager({ ...query, files: [path.join(sloDir, '*.yaml')], baseDir: work, evaluationIntervalMs: STEP_MS, watch: false, schedule: false, now: clock, writeSeries: false, logger: logger.child({ component: 'slo' }) });
    const sloRules = new SloRuleSync({ rules, slos, options: { longWindowInterval: LONG_WINDOW_INTERVAL }, logger: logger.child({ component: 'slo-rules' }) });
    try {
      const loadedRules = await rules.start();
      if (!loadedRules.success) throw new Error(`bench rules rejected: ${loadedRules.error ?? ''}`);
      const loadedSlos = await slos.start();
      if (loadedSlos.problems.length > 0) throw new Error(`bench SLOs rejected: ${JSON.stringify(loadedSlos.problems)}`);
      slos.addListener(sloRules);
      await sloRules.sync();
      const groups = rules.ruleGroups();
      const ruleCount = groups.reduce((s, g) => s + g.rules.length, 0);
      const fileRules = groups.filter((g) => !g.file.startsWith('slo:')).reduce((s, g) => s + g.rules.length, 0);
      console.error(`${fileRules} file rules, ${ruleCount - fileRules} generated SLO rules in ${groups.length} groups, ${loadedSlos.slos} SLOs`);

      const ruleMs: number[] = [];
      const sloMs: number[] = [];
      let ruleCpu = 0;
      let sloCpu = 0;
      const breakdown = new Map<string, number>();
      for (let i = 0; i < WARMUP_ROUNDS + ROUNDS; i++) {
        now = T + i * STEP_MS;
        // The collector's scrape of this round (not counted: ingest has its own benchmark).
        await store.append(scrapeAt(now - 1_000));
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        // Each group when due by its own interval (the SLOs' long-window groups every 2m30s, the rest every 30 s).
        await rules.evaluateDueAt(now, STEP_MS);
        const t1 = performance.now();
        const c1 = process.cpuUsage(c0);
        await slos.evaluateAllAt(now);
        const t2 = performance.now();
        const c2 = process.cpuUsage(c0);
        const rCpu = (c1.user + c1.system) / 1000;
        const sCpu = (c2.user + c2.system) / 1000 - rCpu;
        console.error(`round ${i}${i < WARMUP_ROUNDS ? ' (warm-up)' : ''}: rules ${Math.round(t1 - t0)} ms (${Math.round(rCpu)} ms CPU), SLOs ${Math.round(t2 - t1)} ms (${Math.round(sCpu)} ms CPU)`);
        if (i < WARMUP_ROUNDS) continue;
        if (process.env.BENCH_EVAL_BREAKDOWN) for (const g of rules.ruleGroups()) for (const r of g.rules) {
          const key = `${g.file.startsWith('slo:') ? 'slo ' : 'file '}${r.spec.kind} ${r.spec.name}`;
          breakdown.set(key, (breakdown.get(key) ?? 0) + r.evaluationSeconds * 1000);
        }
        ruleMs.push(t1 - t0);
        sloMs.push(t2 - t1);
        ruleCpu += rCpu;
        sloCpu += sCpu;
      }
      for (const [k, ms] of [...breakdown].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.error(`${(ms / ROUNDS).toFixed(0).padStart(6)} ms/round  ${k}`);
      ruleMs.sort((a, b) => a - b);
      sloMs.sort((a, b) => a - b);
      const share = (cpuMs: number): number => (cpuMs / ROUNDS / STEP_MS) * 100;
      return [
        { name: `CPU share of one core, ${fileRules} rules + ${loadedSlos.slos} SLOs (${ruleCount - fileRules} burn-rate rules) every 30 s`, value: share(ruleCpu + sloCpu), unit: '%', target: '<= 10' },
        { name: 'CPU share of one core, rule groups (file + generated)', value: share(ruleCpu), unit: '%', target: '' },
        { name: 'CPU share of one core, SLO engine', value: share(sloCpu), unit: '%', target: '' },
        { name: 'rule round duration p50', value: quantile(ruleMs, 0.5), unit: 'ms', target: '' },
        { name: 'rule round duration max', value: ruleMs[ruleMs.length - 1], unit: 'ms', target: '' },
        { name: 'SLO round duration p50', value: quantile(sloMs, 0.5), unit: 'ms', target: '' },
        { name: 'SLO round duration max', value: sloMs[sloMs.length - 1], unit: 'ms', target: '' },
      ];
    } finally {
      await slos.stop();
      await rules.stop();
      await store.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchEvaluation()
    .then((rows) => {
      for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
