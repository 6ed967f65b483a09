import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleManager } from '../rules/rule-manager.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import { BUDGET_EXHAUSTED_ALERT, LONG_WINDOW_INTERVAL } from './burn-rate-rules.js';
import { parseSloFile } from './parse-slo-file.js';
import type { SloDefinition } from './slo-definition.js';
import { registerSloRules } from './slo-rule-registration.js';
import { SloRuntime } from './slo-runtime.js';
import { T, writeCounter } from './slo-test-data.test-helper.js';

/**
 * A fresh start (`npm run demo`): the service's counters begin 40 s after a 5-minute boundary and the SLO engine
 * and the generated rules run on the api's settings (settle 1 min, long-window group every 2m30s). The SLO must
 * have an SLI and a budget from its first evaluations with data (not "no data" until a 5-minute slice settles),
 * and `SLOErrorBudgetExhausted` must fire exactly when the engine's budget (GET /api/v1/slos) is spent.
 */
const S = T + 40_000;
const MIN = 60_000;
const RULE_STEP_MS = 30_000;
const LONG_MS = 150_000;

const SLO_YAML = `version: prometheus/v1
service: svc
slos:
  - name: availability
    objective: 99
    window: 28d
    sli:
      events:
        error_query: sum(rate(requests_total{code="500"}[{{.window}}]))
        total_query: sum(rate(requests_total[{{.window}}]))
    alerting:
      name: SvcAvailability
`;

function definition(): SloDefinition {
  const parsed = parseSloFile(SLO_YAML, 'slo.yaml');
  expect(parsed.problems).toEqual([]);
  return parsed.definitions[0];
}

function runtime(store: MemoryMetricStore): SloRuntime {
  return new SloRuntime(definition(), { store, lookbackDeltaMs: 5 * MIN, maxSamples: 50_000_000, queryTimeoutMs: 60_000, settleMs: 60_000, historyFactor: 2, backfillChunkSlices: 288 });
}

/** Requests per second and error share, piecewise from S; returns the cumulative ok and error counts at t. */
function counts(phases: ReadonlyArray<{ untilMs: number; rps: number; errors: number }>): (t: number) => { ok: number; bad: number } {
  return (t) => {
    let ok = 0;
    let bad = 0;
    let from = S;
    for (const p of phases) {
      const sec = Math.max(0, Math.min(t, S + p.untilMs) - from) / 1000;
      ok += sec * p.rps * (1 - p.errors);
      bad += sec * p.rps * p.errors;
      from = S + p.untilMs;
      if (t <= from) break;
    }
    return { ok, bad };
  };
}

async function traffic(store: MemoryMetricStore, phases: ReadonlyArray<{ untilMs: number; rps: number; errors: number }>): Promise<void> {
  const c = counts(phases);
  const end = S + phases[phases.length - 1].untilMs;
  await writeCounter(store, { __name__: 'requests_total', code: '200' }, S, end, (t) => c(t).ok);
  await writeCounter(store, { __name__: 'requests_total', code: '500' }, S, end, (t) => c(t).bad);
}

describe('SLO engine from a fresh start', () => {
  let store: MemoryMetricStore | undefined;
  let manager: RuleManager | undefined;
  afterEach(async () => {
    await manager?.stop();
    await store?.close();
    manager = undefined;
    store = undefined;
  });

  it('has an SLI and an error budget from the first evaluation with data, before any 5-minute slice has settled', async () => {
    store = new MemoryMetricStore();
    // 2 requests/s, 5% errors, for 4 minutes: against 99% the budget is spent 5 times (1 - 5 = -4 left).
    await traffic(store, [{ untilMs: 4 * MIN, rps: 2, errors: 0.05 }]);
    const rt = runtime(store);
    // T+20 s: no samples yet.
    expect((await rt.evaluate(T + 20_000)).state).toBe('no_data');
    for (const t of [S + MIN, S + 2 * MIN, S + 3 * MIN + 30_000]) {
      const s = await rt.evaluate(t);
      expect(s.state, `at S+${(t - S) / 1000}s`).toBe('ok');
      expect(s.result?.sli).toBeCloseTo(0.95, 3);
      expect(s.result?.budget.remaining).toBeCloseTo(-4, 1);
      expect(s.result?.total).toBeGreaterThan(0.9 * 2 * ((t - S) / 1000));
      expect(s.result?.total).toBeLessThan(1.1 * 2 * ((t - S) / 1000));
    }
    // The burn-down's point at the last evaluation shows the same budget.
    const last = rt.lastStatus();
    const history = rt.history(S + 3 * MIN + 30_000, S + 3 * MIN + 30_000, 60_000);
    expect(history[0].points.at(-1)?.remaining).toBeCloseTo(last.result?.budget.remaining ?? NaN, 9);
    // Once the slice (T+5m, T+10m] has settled, the figures go on from the slices without a jump.
    const settled = await rt.evaluate(T + 11 * MIN);
    expect(settled.result?.sli).toBeCloseTo(0.95, 3);
    // 480 requests (rate()'s extrapolation at the series' start adds a few)
    expect(settled.result?.total).toBeGreaterThan(0.95 * 480);
    expect(settled.result?.total).toBeLessThan(1.05 * 480);
  });

  it('SLOErrorBudgetExhausted fires exactly when the engine shows the budget spent, with the same budget left', async () => {
    store = new MemoryMetricStore();
    // A quiet start with 5% errors (spent), then busy traffic without errors: by events the budget comes back
    // (24 errors in 31,480 requests: 0.076% of 1%, 92% left) while the unweighted mean of the 5m ratios stays above 1%.
    await traffic(store, [
      { untilMs: 4 * MIN, rps: 2, errors: 0.05 },
      { untilMs: 15 * MIN, rps: 50, errors: 0 },
    ]);
    manager = new RuleManager({
      files: [],
      baseDir: '/nonexistent',
      evaluationIntervalMs: RULE_STEP_MS,
      store,
      lookbackDeltaMs: 5 * MIN,
      maxSamples: 1e8,
      queryTimeoutMs: 60_000,
      logger: pino({ level: 'silent' }),
      schedule: false,
      watch: false,
      now: () => T,
    });
    await manager.start();
    await registerSloRules(manager, [definition()], { longWindowInterval: LONG_WINDOW_INTERVAL, externalUrl: 'http://dash' });
    const rt = runtime(store);
    const seen: string[] = [];
    for (let t = T + RULE_STEP_MS; t <= T + 15 * MIN; t += RULE_STEP_MS) {
      await manager.evaluateDueAt(t, RULE_STEP_MS);
      const s = await rt.evaluate(t);
      if (t % LONG_MS !== 0 || t < S + MIN) continue;
      // The long-window group (and so the alert) ran at t, as the engine did.
      const alert = manager.activeAlerts().find((a) => a.labels.alertname === BUDGET_EXHAUSTED_ALERT && a.state === 'firing');
      const remaining = s.result?.budget.remaining;
      const at = `at T+${(t - T) / 1000}s`;
      expect(s.state, at).toBe('ok');
      expect(remaining, at).toBeDefined();
      expect(alert !== undefined, `${at}: engine budget left ${remaining}, alert ${alert?.value}`).toBe((remaining ?? 1) <= 0);
      if (alert) {
        expect(alert.labels).toMatchObject({ slo: 'svc-availability', sloth_id: 'svc-availability', severity: 'ticket' });
        expect(Math.abs(alert.value - (remaining ?? NaN)), at).toBeLessThan(0.02 * Math.max(1, Math.abs(remaining ?? 0)));
      }
      seen.push(`${(t - T) / 1000}s ${alert ? 'exhausted' : 'ok'}`);
    }
    // Spent from the start, then back above zero once the busy traffic outweighs the early errors.
    expect(seen[0]).toBe('150s exhausted');
    expect(seen.at(-1)).toBe('900s ok');
  });
});
