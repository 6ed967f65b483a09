import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertTransition } from '../alerting/alert.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import { isStaleMarker } from '../storage/stale-marker.js';
import { RuleManager, type RuleManagerOptions } from './rule-manager.js';
import { createRulesMetrics } from './rules-metrics.js';

const T0 = 1_700_000_000_000;
const S = 1000;

const RULES = `groups:
  - name: demo
    rules:
      - record: job:load:sum
        expr: sum by (job) (load)
      - alert: LoadHigh
        expr: job:load:sum > 10
        for: 1m
        labels:
          severity: '{{ if gt $value 100.0 }}critical{{ else }}warning{{ end }}'
        annotations:
          summary: 'load {{ $value }} for {{ $labels.job }}'
`;

describe('RuleManager', () => {
  let dir: string;
  let store: MemoryMetricStore;
  const managers: RuleManager[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rules-'));
    store = new MemoryMetricStore();
  });
  afterEach(async () => {
    for (const m of managers.splice(0)) await m.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  function manager(opts: Partial<RuleManagerOptions> = {}): RuleManager {
    const m = new RuleManager({
      files: ['*.yaml'],
      baseDir: dir,
      evaluationIntervalMs: 60 * S,
      store,
      lookbackDeltaMs: 5 * 60 * S,
      maxSamples: 1e7,
      queryTimeoutMs: 10 * S,
      logger: pino({ level: 'silent' }),
      schedule: false,
      watch: false,
      ...opts,
    });
    managers.push(m);
    return m;
  }

  async function load(t: number, job: string, value: number): Promise<void> {
    await store.append([{ labels: { __name__: 'load', job, instance: 'i1' }, timestamp: t, value }]);
  }

  async function valuesOf(name: string, t: number): Promise<Array<[string, number]>> {
    const series = await store.select([{ name: '__name__', type: '=', value: name }], { start: t, end: t });
    return series
      .flatMap((s) => [...s.values].map((v) => [JSON.stringify(s.labels), v] as [string, number]))
      .filter(([, v]) => !isStaleMarker(v))
      .sort();
  }

  it('records series, moves alerts through pending and firing, and writes ALERTS', async () => {
    await writeFile(path.join(dir, 'demo.yaml'), RULES);
    const m = manager();
    expect((await m.start()).success).toBe(true);
    const transitions: string[] = [];
    m.addListener({ onTransition: (t: AlertTransition) => transitions.push(`${t.alert.labels.severity}:${t.from}>${t.to}`) });
    // The first evaluation after a start restores `for` state and writes no ALERTS yet (as Prometheus).
    await load(T0, 'api', 50);
    await m.evaluateAllAt(T0);
    expect(await valuesOf('job:load:sum', T0)).toEqual([['{"__name__":"job:load:sum","job":"api"}', 50]]);
    expect(await valuesOf('ALERTS', T0)).toEqual([]);
    await load(T0 + 60 * S, 'api', 60);
    await m.evaluateAllAt(T0 + 60 * S);
    expect(await valuesOf('ALERTS', T0 + 60 * S)).toEqual([
      ['{"__name__":"ALERTS","alertname":"LoadHigh","alertstate":"firing","job":"api","severity":"warning"}', 1],
    ]);
    expect(await valuesOf('ALERTS_FOR_STATE', T0 + 60 * S)).toEqual([
      ['{"__name__":"ALERTS_FOR_STATE","alertname":"LoadHigh","job":"api","severity":"warning"}', T0 / 1000],
    ]);
    expect(transitions).toEqual(['warning:inactive>pending', 'warning:pending>firing']);
    const [alert] = m.activeAlerts();
    expect(alert.annotations.summary).toBe('load 60 for api');
    expect(alert.source).toEqual({ file: path.join(dir, 'demo.yaml'), group: 'demo', rule: 'LoadHigh' });

    // The condition clears: resolved, and the ALERTS series gets a staleness marker.
    await load(T0 + 120 * S, 'api', 1);
    await m.evaluateAllAt(T0 + 120 * S);
    expect(transitions.at(-1)).toBe('warning:firing>inactive');
    const stale = await store.select([{ name: '__name__', type: '=', value: 'ALERTS' }], { start: T0 + 120 * S, end: T0 + 120 * S });
    expect(stale.map((s) => isStaleMarker(s.values[0]))).toEqual([true]);
  });

  it('keeps the last good rules when a reload finds a bad file, and says where', async () => {
    const registry = new Registry();
    await writeFile(path.join(dir, 'demo.yaml'), RULES);
    const m = manager({ metrics: createRulesMetrics(registry) });
    await m.start();
    await writeFile(path.join(dir, 'broken.yaml'), 'groups:\n  - name: b\n    rules:\n      - record: x\n        expr: sum(\n');
    const r = await m.reload();
    expect(r.success).toBe(false);
    expect(r.error).toMatch(/broken\.yaml:5: groups\[0\]\.rules\[0\]\.expr: group "b", rule 1, "x": could not parse expression/);
    expect(m.ruleGroups().map((g) => g.name)).toEqual(['demo']);
    expect(await registry.getSingleMetricAsString('rules_last_reload_successful')).toMatch(/rules_last_reload_successful 0/);

    await writeFile(path.join(dir, 'broken.yaml'), 'groups:\n  - name: b\n    rules:\n      - record: x\n        expr: sum(load)\n');
    expect((await m.reload()).success).toBe(true);
    expect(m.ruleGroups().map((g) => g.name)).toEqual(['b', 'demo']);
    expect(await registry.getSingleMetricAsString('rules_last_reload_successful')).toMatch(/rules_last_reload_successful 1/);
  });

  it('keeps alert state across a reload of the same group, and marks removed groups stale', async () => {
    await writeFile(path.join(dir, 'demo.yaml'), RULES);
    const m = manager();
    await m.start();
    await load(T0, 'api', 50);
    await m.evaluateAllAt(T0);
    await writeFile(path.join(dir, 'demo.yaml'), RULES.replace('summary:', 'description: changed\n          summary:'));
    await m.reload();
    await load(T0 + 60 * S, 'api', 50);
    await m.evaluateAllAt(T0 + 60 * S);
    expect(m.activeAlerts().map((a) => [a.state, a.activeAt])).toEqual([['firing', T0]]);

    await writeFile(path.join(dir, 'demo.yaml'), 'groups: []\n');
    await m.reload();
    const recorded = await store.select([{ name: '__name__', type: '=', value: 'job:load:sum' }], { start: T0, end: Date.now() + 1000 });
    expect(isStaleMarker(recorded[0].values[recorded[0].values.length - 1])).toBe(true);
  });

  it('reloads by itself when a rule file changes', async () => {
    await writeFile(path.join(dir, 'demo.yaml'), RULES);
    const m = manager({ watch: true, watchDebounceMs: 50 });
    await m.start();
    await writeFile(path.join(dir, 'more.yaml'), 'groups:\n  - name: more\n    rules: []\n');
    const deadline = Date.now() + 5000;
    while (m.ruleGroups().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(m.ruleGroups().map((g) => g.name)).toEqual(['demo', 'more']);
  });

  it('restores `for` progress after a restart from ALERTS_FOR_STATE', async () => {
    const longFor = RULES.replace('for: 1m', 'for: 30m');
    await writeFile(path.join(dir, 'demo.yaml'), longFor);
    const before = manager();
    await before.start();
    for (let t = 0; t <= 20; t += 1) {
      await load(T0 + t * 60 * S, 'api', 50);
      await before.evaluateAllAt(T0 + t * 60 * S);
    }
    expect(before.activeAlerts().map((a) => [a.state, a.activeAt])).toEqual([['pending', T0]]);
    await before.stop();

    // Down for 5 minutes; the new process evaluates, finds the alert active again and restores its activeAt,
    // shifted by the downtime: it has been pending for 20 of its 30 minutes.
    const after = manager();
    await after.start();
    const restartAt = T0 + 25 * 60 * S;
    await load(restartAt, 'api', 50);
    await after.evaluateAllAt(restartAt);
    expect(after.activeAlerts().map((a) => a.activeAt)).toEqual([T0 + 5 * 60 * S]);
    await load(restartAt + 10 * 60 * S, 'api', 50);
    await after.evaluateAllAt(restartAt + 10 * 60 * S);
    expect(after.activeAlerts().map((a) => a.state)).toEqual(['firing']);
  });

  it('evaluates each group on its own interval at aligned, evenly spaced timestamps until stopped', async () => {
    await writeFile(path.join(dir, 'fast.yaml'), 'groups:\n  - name: fast\n    interval: 200ms\n    rules:\n      - record: one\n        expr: vector(1)\n');
    const m = manager({ schedule: true });
    await m.start();
    await new Promise((r) => setTimeout(r, 1300));
    await m.stop();
    const [series] = await store.select([{ name: '__name__', type: '=', value: 'one' }], { start: 0, end: Date.now() + 1000 });
    const ts = [...series.timestamps];
    expect(ts.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < ts.length; i++) expect(ts[i] - ts[i - 1]).toBe(200);
    const stoppedAt = ts.length;
    await new Promise((r) => setTimeout(r, 500));
    const [after] = await store.select([{ name: '__name__', type: '=', value: 'one' }], { start: 0, end: Date.now() + 1000 });
    expect(after.timestamps.length).toBe(stoppedAt);
  });

  it('loads and evaluates the default rule files in alert-rules/ without errors', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const m = manager({ files: ['alert-rules/*.yaml'], baseDir: root });
    const r = await m.start();
    expect(r.problems).toEqual([]);
    expect(r.groups).toBeGreaterThanOrEqual(5);
    await store.append([
      { labels: { __name__: 'up', job: 'node', instance: 'h:9100' }, timestamp: T0, value: 0 },
      { labels: { __name__: 'pg_up', instance: 'db' }, timestamp: T0, value: 0 },
      { labels: { __name__: 'redis_up', instance: 'cache' }, timestamp: T0, value: 0 },
    ]);
    await m.evaluateAllAt(T0);
    const health = m.ruleGroups().flatMap((g) => g.rules.map((rule) => `${rule.spec.name}:${rule.health}`));
    expect(health.filter((h) => !h.endsWith(':ok'))).toEqual([]);
    expect(m.activeAlerts().map((a) => a.labels.alertname).sort()).toEqual(['HostDown', 'PostgresDown', 'RedisDown', 'TargetDown', 'TargetsMostlyDown']);
    expect(m.activeAlerts().every((a) => a.labels.severity !== undefined && a.annotations.summary !== '' && a.annotations.description !== '')).toBe(true);
  });
});
