import { promGet, sampleKey, type PromRawSeries } from '../promql-compat/prometheus-api-client.js';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type PrometheusProcess } from '../promql-compat/prometheus-process.js';
import { pushRemoteWrite } from '../promql-compat/remote-write-push.js';
import { RuleGroup, type RuleGroupEnv } from '../rules/rule-group.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import type { Sample } from '../storage/metric-store.js';
import { isStaleMarker } from '../storage/stale-marker.js';
import { sloRuleFileYaml, type SloRuleOptions } from './burn-rate-rules.js';
import type { WindowRanges } from './burn-rate-windows.js';
import { availabilitySlo, TEST_ALERTING } from './burn-rate-test-slos.test-helper.js';
import { sloRuleGroupSpecs } from './slo-rule-registration.js';
import type { SloDefinition } from './slo-definition.js';

/**
 * Burn-rate rules beside a real Prometheus 2.42 (point 4 of issue 5). The generated Sloth-style rule file (checked
 * with `promtool check rules`) is loaded into Prometheus, which evaluates it in real time every 500 ms on traffic
 * pushed by remote_write; the api's rule engine evaluates the same rules (parsed from the same text) at exactly
 * Prometheus's evaluation times (read back from the recorded series; one group per SLO) on the same samples. Required: the same `slo:*` recordings (burn rates) within 1e-6
 * relative, and the same ALERTS samples (page, ticket, no data, budget exhausted: firing or not) at the same times.
 *
 * Compressed windows, so that the SRE Workbook's hours and days fit into ~40 s of wall-clock time: the recorded
 * series keep their nominal names, computed over 5m→1s, 30m→2s, 1h→4s, 2h→3s, 6h→6s, 1d→8s, 3d→12s, period→20s,
 * no-data window 2s. Traffic (relative to the moment the rules are loaded, samples every 100 ms):
 * `/checkout` 80 req/s with 0.2% errors, an outage (50% errors) over [6 s, 10 s) that must page, and a slow burn
 * (4% errors: above 3x and 1x but below 6x the 1% budget) over [16 s, 34 s) that must only ticket; `/rare` 0.5 req/s,
 * all errors, held back by the grouped SLO's minimum-traffic guard; and an SLO over a metric that does not exist
 * (no data).
 */
const RANGES: WindowRanges = { '5m': '1s', '30m': '2s', '1h': '4s', '2h': '3s', '6h': '6s', '1d': '8s', '3d': '12s' };
const OPTS: SloRuleOptions = { windowRanges: RANGES, periodRange: '20s', noDataWindow: '2s', externalUrl: 'http://dash.example' };
const RUN_MS = 36_000;
const STEP_MS = 100;
const INTERVAL_MS = 500;

const SLOS: SloDefinition[] = [
  availabilitySlo({
    name: 'shop-availability',
    service: 'shop',
    indicator: {
      kind: 'ratio',
      bad: { template: 'rate(sbr_requests_total{job="shop",code=~"5.."}[{{.window}}])', source: availabilitySlo().source },
      total: { template: 'rate(sbr_requests_total{job="shop"}[{{.window}}])', source: availabilitySlo().source },
    },
    objective: { target: 0.99, source: availabilitySlo().source },
    labels: { team: 'shop' },
  }),
  availabilitySlo({
    name: 'shop-routes',
    service: 'shop',
    indicator: {
      kind: 'ratio',
      good: { template: 'rate(sbr_requests_total{job="shop",code!~"5.."}[{{.window}}])', source: availabilitySlo().source },
      total: { template: 'rate(sbr_requests_total{job="shop"}[{{.window}}])', source: availabilitySlo().source },
    },
    objective: { target: 0.99, source: availabilitySlo().source },
    groupBy: ['route'],
    labels: {},
    alerting: { ...TEST_ALERTING, name: 'ShopRouteBurn', minTraffic: 20 },
  }),
  availabilitySlo({
    name: 'ghost-availability',
    service: 'ghost',
    indicator: {
      kind: 'ratio',
      bad: { template: 'rate(sbr_missing_total{code=~"5.."}[{{.window}}])', source: availabilitySlo().source },
      total: { template: 'rate(sbr_missing_total[{{.window}}])', source: availabilitySlo().source },
    },
    labels: {},
  }),
];

function checkoutErrorRatio(rel: number): number {
  if (rel >= 6000 && rel < 10_000) return 0.5;
  if (rel >= 16_000 && rel < 34_000) return 0.04;
  return 0.002;
}

/** Counters every 100 ms from `start` to `end`; `t0` is when the rules are loaded. */
function traffic(start: number, end: number, t0: number): Sample[] {
  const out: Sample[] = [];
  let ok = 0;
  let failed = 0;
  let rare = 0;
  for (let t = start; t <= end; t += STEP_MS) {
    const ratio = checkoutErrorRatio(t - t0);
    ok += 8 * (1 - ratio);
    failed += 8 * ratio;
    rare += 0.05;
    out.push({ labels: { __name__: 'sbr_requests_total', job: 'shop', route: '/checkout', code: '200' }, timestamp: t, value: ok });
    out.push({ labels: { __name__: 'sbr_requests_total', job: 'shop', route: '/checkout', code: '500' }, timestamp: t, value: failed });
    out.push({ labels: { __name__: 'sbr_requests_total', job: 'shop', route: '/rare', code: '503' }, timestamp: t, value: rare });
  }
  return out;
}

describe('SLO burn-rate rules beside Prometheus 2.42', () => {
  let prometheus: PrometheusProcess;
  let dir: string;
  const store = new MemoryMetricStore();
  const theirs = new Map<string, number>();
  let times: number[] = [];
  let t0 = 0;
  let promtoolOutput = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'slo-side-by-side-'));
    const ruleText = sloRuleFileYaml(SLOS, OPTS);
    const ruleFile = path.join(dir, 'rules', 'slo-rules.yaml');
    await writeFile(path.join(dir, 'staged.yaml'), ruleText);
    const { stdout, stderr } = await promisify(execFile)('promtool', ['check', 'rules', path.join(dir, 'staged.yaml')]);
    promtoolOutput = stdout + stderr;

    prometheus = await startPrometheus({
      remoteWriteReceiver: true,
      config: `global:\n  evaluation_interval: ${INTERVAL_MS}ms\nrule_files:\n  - ${path.join(dir, 'rules')}/*.yaml\n`,
      flags: ['--web.enable-lifecycle', '--web.external-url=http://prometheus.example'],
    });
    t0 = Math.ceil(Date.now() / 1000) * 1000 + 2000;
    const samples = traffic(t0 - 20_000, t0 + RUN_MS + 10_000, t0);
    await pushRemoteWrite(`${prometheus.url}/api/v1/write`, samples);
    await store.append(samples);
    await new Promise((r) => setTimeout(r, Math.max(0, t0 - Date.now())));
    await mkdir(path.dirname(ruleFile), { recursive: true });
    await rename(path.join(dir, 'staged.yaml'), ruleFile);
    const reload = await fetch(`${prometheus.url}/-/reload`, { method: 'POST' });
    expect(reload.status).toBe(200);
    await new Promise((r) => setTimeout(r, RUN_MS));

    const rules = await promGet<{ groups: Array<{ name: string; rules: Array<{ health: string; lastError?: string }> }> }>(`${prometheus.url}/api/v1/rules`);
    const raw = await promGet<{ result: PromRawSeries[] }>(
      `${prometheus.url}/api/v1/query?time=${Date.now() / 1000}&query=${encodeURIComponent(`{__name__=~"slo:.+|sloth_slo_info|ALERTS"}[${Math.ceil((Date.now() - t0) / 1000) + 5}s]`)}`,
    );
    for (const s of raw.result) for (const [t, v] of s.values) theirs.set(sampleKey(s.metric, Math.round(t * 1000)), Number(v));
    for (const g of rules.groups) for (const r of g.rules) expect(`${g.name}: ${r.health} ${r.lastError ?? ''}`).toBe(`${g.name}: ok `);

    // Every group runs every 500 ms at its own offset: its times are its last evaluation minus multiples of 500 ms.
    // The rules were loaded at t0, so every group had run once by t0 + 500 ms.
    // One group per SLO: its evaluation times are those of its recordings.
    const groups = sloRuleGroupSpecs(SLOS, OPTS).map((s) => new RuleGroup(s, INTERVAL_MS, false));
    const schedule: Array<{ ts: number; group: RuleGroup }> = [];
    for (const g of groups) {
      const slo = g.name.replace(/^sloth-slo-/, '');
      const recorded = [...theirs.keys()]
        .filter((k) => k.includes('__name__="slo:objective:ratio"') && k.includes(`slo="${slo}"`))
        .map((k) => Number(k.slice(0, k.indexOf(' '))));
      expect(recorded.length).toBeGreaterThan(60);
      for (const ts of recorded) schedule.push({ ts, group: g });
    }
    schedule.sort((a, b) => a.ts - b.ts);
    const env: RuleGroupEnv = {
      query: { store, lookbackDeltaMs: 5 * 60_000, maxSamples: 50_000_000 },
      queryTimeoutMs: 10_000,
      externalLabels: {},
      externalURL: 'http://prometheus.example',
      logger: pino({ level: 'silent' }),
      listeners: () => [],
    };
    for (const { ts, group } of schedule) await group.evaluate(ts, env);
    // Leave out each group's last evaluation: it may have been in flight when Prometheus was queried.
    const lastAll = Math.min(...groups.map((g) => g.lastEvaluation ?? 0));
    times = schedule.map((s) => s.ts).filter((ts) => ts < lastAll);
  }, RUN_MS + 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await store.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function ours(names: RegExp): Promise<Map<string, number>> {
    const series = await store.select([{ name: '__name__', type: '=~', value: names.source }], { start: times[0], end: times[times.length - 1] });
    const inTimes = new Set(times);
    const out = new Map<string, number>();
    for (const s of series) {
      for (let i = 0; i < s.timestamps.length; i++) if (!isStaleMarker(s.values[i]) && inTimes.has(s.timestamps[i])) out.set(sampleKey(s.labels, s.timestamps[i]), s.values[i]);
    }
    return out;
  }

  function theirsFor(names: RegExp): Map<string, number> {
    const inTimes = new Set(times);
    const out = new Map<string, number>();
    for (const [k, v] of theirs) {
      const name = /__name__="([^"]*)"/.exec(k)?.[1] ?? '';
      if (inTimes.has(Number(k.slice(0, k.indexOf(' ')))) && new RegExp(`^(?:${names.source})$`).test(name)) out.set(k, v);
    }
    return out;
  }

  function compare(mine: Map<string, number>, expected: Map<string, number>, relTol: number): string[] {
    const diffs: string[] = [];
    for (const [k, v] of expected) {
      const m = mine.get(k);
      if (m === undefined) diffs.push(`missing in ours: ${k} = ${v}`);
      else if (!(Number.isNaN(m) && Number.isNaN(v)) && !(Math.abs(m - v) <= relTol * Math.max(Math.abs(v), 1e-12))) diffs.push(`${k}: ours ${m}, Prometheus ${v}`);
    }
    for (const k of mine.keys()) if (!expected.has(k)) diffs.push(`only in ours: ${k}`);
    return diffs;
  }

  /** Firing alerts per evaluation time: `<ts> <alertname> <slo> <severity> <long>/<short> <route>`. */
  function firing(samples: Map<string, number>): string[] {
    return [...samples.keys()]
      .filter((k) => k.includes('alertstate="firing"'))
      .map((k) => {
        const l = (n: string): string => new RegExp(`${n}="([^"]*)"`).exec(k)?.[1] ?? '';
        return `${Number(k.slice(0, k.indexOf(' '))) - t0} ${l('alertname')} ${l('slo')} ${l('severity')} ${l('long_window')}/${l('short_window')} ${l('route')}`.trim();
      })
      .sort();
  }

  it('generates a rule file that promtool accepts', () => {
    expect(promtoolOutput).toMatch(/SUCCESS: \d+ rules found/);
    expect(times.length).toBeGreaterThanOrEqual(3 * 60);
  });

  it('records the same error ratios and burn rates (within 1e-6 relative) at every evaluation', async () => {
    const expected = theirsFor(/slo:.+|sloth_slo_info/);
    expect(expected.size).toBeGreaterThan(500);
    expect(compare(await ours(/slo:.+|sloth_slo_info/), expected, 1e-6)).toEqual([]);
  });

  it('makes the same alert decisions at the same times', async () => {
    const expected = theirsFor(/ALERTS/);
    expect(compare(await ours(/ALERTS/), expected, 0)).toEqual([]);
  });

  it('pages on the outage, only tickets on the slow burn, inhibits the ticket while paging, and guards low traffic', () => {
    const all = firing(theirsFor(/ALERTS/));
    const at = (from: number, to: number, re: RegExp): string[] => all.filter((f) => Number(f.split(' ')[0]) >= from && Number(f.split(' ')[0]) < to && re.test(f));
    // Outage [6 s, 10 s): the 14.4x page of both SLOs (the grouped one for /checkout).
    expect(at(6000, 11_000, /shop-availability page 1h\/5m/).length).toBeGreaterThan(0);
    expect(at(6000, 11_000, /ShopRouteBurn shop-routes page 1h\/5m \/checkout/).length).toBeGreaterThan(0);
    // Late slow burn [28 s, 34 s): tickets, and no page.
    expect(at(28_000, 34_000, /shop-availability ticket 1d\/2h/).length).toBeGreaterThan(0);
    expect(at(28_000, 34_000, /shop-availability ticket 3d\/6h/).length).toBeGreaterThan(0);
    expect(at(28_000, 34_000, / page /)).toEqual([]);
    // Never before the outage.
    expect(at(0, 6000, /Burn/)).toEqual([]);
    // Inhibition: no evaluation has a page and a ticket of the same SLO (and route) firing together.
    const byTime = new Map<string, Set<string>>();
    for (const f of all.filter((x) => x.includes('Burn'))) {
      const [ts, , slo, severity, , route] = f.split(' ');
      const k = `${ts} ${slo} ${route ?? ''}`;
      const s = byTime.get(k) ?? new Set<string>();
      s.add(severity);
      byTime.set(k, s);
    }
    expect([...byTime.entries()].filter(([, s]) => s.size > 1)).toEqual([]);
    // /rare fails every request but has too little traffic for the guard (20 events in the long window).
    expect(all.filter((f) => f.includes('/rare') && f.includes('Burn'))).toEqual([]);
    // The SLO without series has no data; the outage exhausts the 20 s period's budget.
    expect(at(1000, RUN_MS, /SLONoData ghost-availability ticket/).length).toBeGreaterThan(0);
    expect(at(10_000, 20_000, /SLOErrorBudgetExhausted shop-availability ticket/).length).toBeGreaterThan(0);
  });
});
