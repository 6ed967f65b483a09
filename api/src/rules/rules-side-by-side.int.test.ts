import { promGet, sampleKey, type PromRawSeries } from '../promql-compat/prometheus-api-client.js';
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type PrometheusProcess } from '../promql-compat/prometheus-process.js';
import { pushRemoteWrite } from '../promql-compat/remote-write-push.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import { labelsKey } from '../storage/labels.js';
import type { Sample } from '../storage/metric-store.js';
import { isStaleMarker } from '../storage/stale-marker.js';
import { parseRuleFile } from './parse-rule-file.js';
import { RuleGroup, type RuleGroupEnv } from './rule-group.js';
import { groupJson } from './rules-json.js';
import type { RuleGroupSpec } from './rule-spec.js';

/**
 * The rule engine beside a real Prometheus 2.42: both get the same samples (remote_write into Prometheus, append
 * into the api's store) and the same rule files (testdata/side-by-side/). Prometheus evaluates its groups in real
 * time for ~20 s; the api then evaluates its groups at exactly Prometheus's evaluation timestamps (read back from
 * the recorded series). Required: the same recording-rule samples, the same ALERTS{alertstate} and
 * ALERTS_FOR_STATE samples at every evaluation, the same rule health, and the same expanded annotations.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const ruleFiles = ['alerts.yaml', 'templates.yaml'].map((f) => path.join(here, 'testdata/side-by-side', f));
const EXTERNAL_URL = 'http://prometheus.example:9090/prom';
const EXTERNAL_LABELS = { cluster: 'side-by-side' };
const RUN_MS = 20_000;

/** sbs_load cycles every 10 s: instance a is 90 for 5 s then 10; instance b is 60 for 3 s (from second 4) then 0. */
function loadAt(instance: 'a' | 'b', ms: number): number {
  const s = Math.floor(ms / 1000) % 10;
  if (instance === 'a') return s < 5 ? 90 : 10;
  return s >= 4 && s < 7 ? 60 : 0;
}

const TEMPLATE_VALUES: ReadonlyArray<[string, number]> = [
  ['zero', 0],
  ['half', 0.5],
  ['million', 1234567.891],
  ['tiny', 0.000123456],
  ['day', 86461.5],
  ['tie', 12.345],
  ['negative', -42.125],
  ['huge', 1e21],
  ['kibi', 2048],
  ['epoch', 1700000000.25],
  ['alpha', 3],
];

function generate(start: number, end: number): Sample[] {
  const out: Sample[] = [];
  let requests = 0;
  for (let t = start; t <= end; t += 1000) {
    for (const instance of ['a', 'b'] as const) out.push({ labels: { __name__: 'sbs_load', job: 'sbs', instance }, timestamp: t, value: loadAt(instance, t) });
    requests += (Math.floor(t / 1000) % 7) + 1;
    out.push({ labels: { __name__: 'sbs_requests_total', job: 'sbs', instance: 'a' }, timestamp: t, value: requests });
    for (const [kind, value] of TEMPLATE_VALUES) {
      out.push({ labels: { __name__: 'sbs_tpl_value', kind, instance: `host-${kind}:9100` }, timestamp: t, value });
    }
  }
  return out;
}

describe('rule evaluation beside Prometheus 2.42', () => {
  let prometheus: PrometheusProcess;
  const store = new MemoryMetricStore();
  let theirs: Map<string, number>;
  let evalTimes: Map<string, number[]>;
  let promRules: { groups: Array<Record<string, unknown> & { name: string; rules: Array<Record<string, unknown> & { name: string; health: string; lastError?: string }> }> };
  let promAlerts: { alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string>; state: string }> };
  let groups: RuleGroup[];

  let rulesDir: string;

  beforeAll(async () => {
    rulesDir = await mkdtemp(path.join(tmpdir(), 'rules-side-by-side-'));
    const now = Date.now();
    const samples = generate(Math.floor((now - 10 * 60_000) / 1000) * 1000, now + RUN_MS + 10_000);
    const config = [
      'global:',
      '  evaluation_interval: 1s',
      `  external_labels: {cluster: ${EXTERNAL_LABELS.cluster}}`,
      'rule_files:',
      `  - ${rulesDir}/*.yaml`,
      '',
    ].join('\n');
    const flags = [`--web.external-url=${EXTERNAL_URL}`, '--web.route-prefix=/', '--web.enable-lifecycle'];
    prometheus = await startPrometheus({ remoteWriteReceiver: true, config, flags });
    await pushRemoteWrite(`${prometheus.url}/api/v1/write`, samples);
    await store.append(samples);
    // The rules arrive by a reload once all data is in, so every evaluation sees the whole data set (and rules
    // loaded by a reload write ALERTS from their first evaluation: no for-state restore).
    for (const f of ruleFiles) await copyFile(f, path.join(rulesDir, path.basename(f)));
    const reload = await fetch(`${prometheus.url}/-/reload`, { method: 'POST' });
    expect(reload.status).toBe(200);
    const pushedAt = Date.now();
    await new Promise((r) => setTimeout(r, RUN_MS));

    // Everything Prometheus recorded since the push, raw (stale markers are not returned by its API).
    const at = Date.now() / 1000;
    const window = `${Math.ceil((Date.now() - pushedAt) / 1000) + 5}s`;
    const raw = await promGet<{ result: PromRawSeries[] }>(
      `${prometheus.url}/api/v1/query?time=${at}&query=${encodeURIComponent(`{__name__=~"sbs:.+|ALERTS|ALERTS_FOR_STATE"}[${window}]`)}`,
    );
    promRules = await promGet(`${prometheus.url}/api/v1/rules`);
    promAlerts = await promGet(`${prometheus.url}/api/v1/alerts`);

    // Evaluation times per group, from each group's first recording rule.
    const firstRecord: Record<string, string> = { 'sbs-alerts': 'sbs:load:sum', 'sbs-limit': 'sbs:load:copy', 'sbs-templates': 'sbs:tpl:count' };
    evalTimes = new Map();
    theirs = new Map();
    for (const s of raw.result) {
      for (const [t, v] of s.values) theirs.set(sampleKey(s.metric, Math.round(t * 1000)), Number(v));
    }
    for (const [group, metric] of Object.entries(firstRecord)) {
      const times = new Set<number>();
      for (const s of raw.result) if (s.metric.__name__ === metric) for (const [t] of s.values) times.add(Math.round(t * 1000));
      evalTimes.set(group, [...times].sort((a, b) => a - b));
    }
    // sbs-limit's rules always exceed its limit and record nothing: it is evaluated at sbs-alerts' times, and
    // compared by rule health.

    const specs: RuleGroupSpec[] = [];
    for (const f of ruleFiles) {
      const parsed = parseRuleFile(readFileSync(f, 'utf8'), f);
      expect(parsed.problems).toEqual([]);
      specs.push(...parsed.groups);
    }
    groups = specs.map((s) => new RuleGroup(s, s.intervalMs ?? 1000, false));
    const env: RuleGroupEnv = {
      query: { store, lookbackDeltaMs: 5 * 60_000, maxSamples: 50_000_000 },
      queryTimeoutMs: 10_000,
      externalLabels: EXTERNAL_LABELS,
      externalURL: EXTERNAL_URL,
      logger: pino({ level: 'silent' }),
      listeners: () => [],
    };
    const limitTimes = evalTimes.get('sbs-alerts') ?? [];
    for (const g of groups) {
      for (const ts of evalTimes.get(g.name)?.length ? (evalTimes.get(g.name) as number[]) : limitTimes) await g.evaluate(ts, env);
    }
  }, RUN_MS + 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await store.close();
    await rm(rulesDir, { recursive: true, force: true });
  });

  async function ours(names: RegExp, from: number, to: number): Promise<Map<string, number>> {
    const series = await store.select([{ name: '__name__', type: '=~', value: names.source }], { start: from, end: to });
    const out = new Map<string, number>();
    for (const s of series) {
      for (let i = 0; i < s.timestamps.length; i++) if (!isStaleMarker(s.values[i])) out.set(sampleKey(s.labels, s.timestamps[i]), s.values[i]);
    }
    return out;
  }

  function theirsIn(names: RegExp, times: readonly number[]): Map<string, number> {
    const set = new Set(times);
    const out = new Map<string, number>();
    for (const [k, v] of theirs) {
      const ts = Number(k.slice(0, k.indexOf(' ')));
      const name = /__name__="([^"]*)"/.exec(k)?.[1] ?? '';
      if (set.has(ts) && new RegExp(`^(?:${names.source})$`).test(name)) out.set(k, v);
    }
    return out;
  }

  function compare(a: Map<string, number>, b: Map<string, number>): string[] {
    const diffs: string[] = [];
    for (const [k, v] of b) {
      const mine = a.get(k);
      if (mine === undefined) diffs.push(`missing in ours: ${k} = ${v}`);
      else if (!(Math.abs(mine - v) <= 1e-9 * Math.max(1, Math.abs(v)))) diffs.push(`${k}: ours ${mine}, Prometheus ${v}`);
    }
    for (const k of a.keys()) if (!b.has(k)) diffs.push(`only in ours: ${k}`);
    return diffs;
  }

  it('evaluated each group many times in Prometheus', () => {
    expect(evalTimes.get('sbs-alerts')?.length).toBeGreaterThanOrEqual(12);
    expect(evalTimes.get('sbs-templates')?.length).toBeGreaterThanOrEqual(12);
  });

  it('writes the same recording-rule samples at the same evaluation times', async () => {
    const times = [...(evalTimes.get('sbs-alerts') ?? []), ...(evalTimes.get('sbs-templates') ?? [])].slice(0, -1);
    const last = Math.max(...(evalTimes.get('sbs-alerts') ?? [0]).slice(0, -1));
    const mine = await ours(/sbs:.+/, Math.min(...times), last);
    const expected = theirsIn(/sbs:.+/, (evalTimes.get('sbs-alerts') ?? []).filter((t) => t <= last).concat(evalTimes.get('sbs-templates') ?? []).filter((t) => t <= last));
    for (const k of [...mine.keys()]) if (Number(k.slice(0, k.indexOf(' '))) > last) mine.delete(k);
    expect(expected.size).toBeGreaterThan(20);
    expect(compare(mine, expected)).toEqual([]);
  });

  it('has the same ALERTS and ALERTS_FOR_STATE samples (pending, firing, keep_firing_for) at every evaluation', async () => {
    // The last evaluation may have been in flight when Prometheus was queried.
    const times = (evalTimes.get('sbs-alerts') ?? []).slice(0, -1);
    const mine = await ours(/ALERTS|ALERTS_FOR_STATE/, times[0], times[times.length - 1]);
    const inTimes = new Set(times);
    for (const k of [...mine.keys()]) if (!inTimes.has(Number(k.slice(0, k.indexOf(' ')))) || !k.includes('sbs')) mine.delete(k);
    const expected = theirsIn(/ALERTS|ALERTS_FOR_STATE/, times);
    for (const k of [...expected.keys()]) if (!k.includes('sbs')) expected.delete(k);
    const states = new Set([...expected.keys()].map((k) => /alertstate="([a-z]+)"/.exec(k)?.[1]).filter(Boolean));
    expect(states).toEqual(new Set(['pending', 'firing']));
    expect(compare(mine, expected)).toEqual([]);
  });

  it('reports the same rule health (a group over its limit fails its rules)', () => {
    const theirsHealth = promRules.groups.flatMap((g) => g.rules.map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ''}`)).sort();
    const oursHealth = groups.flatMap((g) => g.rules.map((r) => `${g.name}/${r.spec.name}: ${r.health} ${r.lastError ?? ''}`)).sort();
    expect(oursHealth).toEqual(theirsHealth);
    expect(oursHealth.some((h) => h.includes('exceeded limit of 1'))).toBe(true);
  });

  it('answers /api/v1/rules in the same JSON shape with the same static fields', () => {
    // Times and the alerts' momentary states differ by when each side last evaluated; the rest must be equal.
    const strip = (g: Record<string, unknown>): unknown => ({
      ...g,
      file: path.basename(String(g.file)),
      evaluationTime: typeof g.evaluationTime,
      lastEvaluation: typeof g.lastEvaluation,
      rules: (g.rules as Array<Record<string, unknown>>).map((r) => ({
        ...r,
        evaluationTime: typeof r.evaluationTime,
        lastEvaluation: typeof r.lastEvaluation,
        ...(r.state !== undefined ? { state: typeof r.state } : {}),
        ...(r.alerts !== undefined
          ? {
              // Prometheus lists a rule's alerts in map order (random): compare them sorted by labels
              alerts:
                r.name === 'TemplateOutput'
                  ? (r.alerts as Array<Record<string, unknown>>)
                      .map((a): Record<string, unknown> => ({ ...a, activeAt: typeof a.activeAt }))
                      .sort((x, y) => (JSON.stringify(x.labels) < JSON.stringify(y.labels) ? -1 : 1))
                  : 'varies',
            }
          : {}),
      })),
    });
    const mine = groups.map((g) => strip(groupJson(g, true, true) as unknown as Record<string, unknown>));
    expect(mine).toEqual(promRules.groups.map(strip));
  });

  it('expands annotation and label templates exactly like Prometheus', () => {
    const their = promAlerts.alerts.filter((a) => a.labels.alertname === 'TemplateOutput');
    const group = groups.find((g) => g.name === 'sbs-templates');
    const mine = group?.rules.find((r) => r.spec.name === 'TemplateOutput')?.alerting?.activeAlerts() ?? [];
    expect(their.length).toBe(TEMPLATE_VALUES.length);
    const byLabels = new Map(mine.map((a) => [labelsKey(a.labels), a]));
    for (const a of their) {
      const m = byLabels.get(labelsKey(a.labels));
      expect(m, `alert ${JSON.stringify(a.labels)}`).toBeDefined();
      expect({ labels: a.labels, annotations: m?.annotations }).toEqual({ labels: a.labels, annotations: a.annotations });
    }
  });
});
