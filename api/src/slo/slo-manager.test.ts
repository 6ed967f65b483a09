import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authPlugin } from '../auth/auth-plugin.js';
import { registerErrorHandler } from '../http/error-handler.js';
import { parseQuery } from '../query/parse-query.js';
import { evaluateInstant } from '../query/evaluate-query.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import type { SloDetailResponse, SloHistoryResponse, SloListResponse } from './slo-api-schemas.js';
import { SloManager } from './slo-manager.js';
import { sloRoutes } from './slo-routes.js';
import { T, ramp, writeCounter } from './slo-test-data.test-helper.js';

const MIN = 60_000;
const H = 60 * MIN;

const SPEC = `version: prometheus/v1
service: shop
labels:
  owner: team-a
slos:
  - name: errors
    objective: 99.9
    window: 28d
    sli:
      events:
        error_query: sum(rate(errors_total[{{.window}}]))
        total_query: sum(rate(requests_total[{{.window}}]))
  - name: errors-by-route
    objective: 99
    window: 28d
    group_by: [route]
    sli:
      events:
        error_query: sum by (route) (rate(errors_total[{{.window}}]))
        total_query: sum by (route) (rate(requests_total[{{.window}}]))
`;

describe('SloManager and /api/v1/slos', () => {
  let dir: string;
  let store: MemoryMetricStore;
  let slos: SloManager;
  let app: FastifyInstance;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'slo-manager-'));
    await writeFile(path.join(dir, 'shop.yaml'), SPEC);
    store = new MemoryMetricStore();
    // 1000 requests over the last hour on route /a, 3 of them errors in the last 5 minutes
    await writeCounter(store, { __name__: 'requests_total', route: '/a' }, T - 2 * H, T, ramp(T - H, T, 1000));
    await writeCounter(store, { __name__: 'errors_total', route: '/a' }, T - 2 * H, T, ramp(T - 5 * MIN, T, 3));
    slos = new SloManager({
      files: ['*.yaml'],
      baseDir: dir,
      evaluationIntervalMs: 30_000,
      store,
      lookbackDeltaMs: 5 * MIN,
      maxSamples: 50_000_000,
      queryTimeoutMs: 60_000,
      logger: pino({ level: 'silent' }),
      schedule: false,
      watch: false,
      settleMs: 0,
      now: () => T,
    });
    await slos.start();
    app = Fastify({ logger: false });
    registerErrorHandler(app);
    await app.register(authPlugin, { host: '127.0.0.1', tokens: [] });
    await app.register(sloRoutes, { slos, now: () => T });
  });

  afterEach(async () => {
    await app.close();
    await slos.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function instant(query: string, t: number): Promise<Array<{ labels: Record<string, string>; value: number }>> {
    const r = await evaluateInstant(parseQuery(query), t, { store, lookbackDeltaMs: 5 * MIN, maxSamples: 1e7, deadline: Infinity });
    return r.resultType === 'vector' ? r.result.map((s) => ({ labels: { ...s.labels }, value: s.value })) : [];
  }

  it("writes Sloth's series: SLI error ratio per window, objective, budget, burn rates", async () => {
    await slos.evaluateAllAt(T);
    const [five] = await instant('slo:sli_error:ratio_rate5m{slo="shop-errors"}', T);
    expect(five.labels).toEqual({
      __name__: 'slo:sli_error:ratio_rate5m',
      owner: 'team-a',
      service: 'shop',
      slo: 'shop-errors',
      sloth_id: 'shop-errors',
      sloth_service: 'shop',
      sloth_slo: 'shop-errors',
      sloth_window: '5m',
      window: '5m',
    });
    expect(five.value).toBeCloseTo(0.036, 9);
    expect((await instant('slo:sli_error:ratio_rate1h{slo="shop-errors"}', T))[0].value).toBeCloseTo(0.003, 9);
    expect((await instant('slo:sli_error:ratio_rate28d{slo="shop-errors"}', T))[0].value).toBeCloseTo(0.003, 9);
    expect((await instant('slo:objective:ratio{slo="shop-errors"}', T))[0].value).toBe(0.999);
    expect((await instant('slo:error_budget:ratio{slo="shop-errors"}', T))[0].value).toBeCloseTo(0.001, 12);
    expect((await instant('slo:current_burn_rate:ratio{slo="shop-errors"}', T))[0].value).toBeCloseTo(36, 6);
    expect((await instant('slo:period_burn_rate:ratio{slo="shop-errors"}', T))[0].value).toBeCloseTo(3, 9);
    expect((await instant('slo:period_error_budget_remaining:ratio{slo="shop-errors"}', T))[0].value).toBeCloseTo(-2, 9);
    // a grouped SLO writes one set per group, with the group's label
    const grouped = await instant('slo:sli_error:ratio_rate1h{slo="shop-errors-by-route"}', T);
    expect(grouped.map((s) => s.labels.route)).toEqual(['/a']);
    // rules and panels can compute with them
    expect((await instant('slo:sli_error:ratio_rate1h{sloth_id="shop-errors"} / on (sloth_id) slo:error_budget:ratio', T))[0].value).toBeCloseTo(3, 6);
  });

  it('marks the series of a removed SLO stale after a reload', async () => {
    await slos.evaluateAllAt(T);
    await writeFile(path.join(dir, 'shop.yaml'), SPEC.split('  - name: errors-by-route')[0]);
    const r = await slos.reload();
    expect(r.slos).toBe(1);
    await slos.evaluateAllAt(T + MIN);
    expect(await instant('slo:objective:ratio{slo="shop-errors-by-route"}', T + MIN)).toEqual([]);
    expect(await instant('slo:objective:ratio{slo="shop-errors"}', T + MIN)).toHaveLength(1);
  });

  it('keeps the other files and reports the problem when a file turns bad; the bad file keeps its SLOs running', async () => {
    await writeFile(path.join(dir, 'other.yaml'), 'version: prometheus/v1\nservice: other\nslos:\n  - name: x\n    objective: 101\n    sli:\n      events:\n        error_query: e{w="{{.window}}"}\n        total_query: t{w="{{.window}}"}\n');
    const r = await slos.reload();
    expect(r.problems).toEqual([expect.objectContaining({ file: path.join(dir, 'other.yaml'), line: 5, field: 'slos[0].objective' })]);
    expect(slos.definitions().map((d) => d.name)).toEqual(['shop-errors', 'shop-errors-by-route']);
    const list = (await app.inject({ url: '/api/v1/slos' })).json<SloListResponse>();
    expect(list.data.problems[0]).toMatch(/other\.yaml:5: slos\[0\]\.objective: must be a percentage/);
  });

  it('GET /api/v1/slos lists every SLO with its status; grouped SLOs list their groups', async () => {
    let list = (await app.inject({ url: '/api/v1/slos' })).json<SloListResponse>();
    expect(list.data.slos.map((s) => [s.name, s.state])).toEqual([
      ['shop-errors', 'pending'],
      ['shop-errors-by-route', 'pending'],
    ]);
    await slos.evaluateAllAt(T);
    const res = await app.inject({ url: '/api/v1/slos' });
    expect(res.statusCode).toBe(200);
    list = res.json<SloListResponse>();
    const [errors, byRoute] = list.data.slos;
    expect(errors).toMatchObject({ name: 'shop-errors', service: 'shop', state: 'ok', objective: { target: 0.999 }, window: { kind: 'rolling', text: '28d', end: T }, exhaustionBurnWindow: '1h', groups: [] });
    expect(errors.result?.sli).toBeCloseTo(0.997, 9);
    expect(errors.result?.errorBudget.remaining).toBeCloseTo(-2, 9);
    expect(errors.result?.burnRates['5m']).toBeCloseTo(36, 6);
    expect(errors.result?.timeToExhaustionMs).toBe(0);
    expect(byRoute.groupBy).toEqual(['route']);
    expect(byRoute.groups.map((g) => g.labels)).toEqual([{ route: '/a' }]);
    expect(byRoute.groups[0].errorBudget.consumed).toBeCloseTo(0.3, 9);
  });

  it('GET /api/v1/slos/:name gives the detail; an unknown name is a 404', async () => {
    await slos.evaluateAllAt(T);
    const detail = (await app.inject({ url: '/api/v1/slos/shop-errors' })).json<SloDetailResponse>();
    expect(detail.data.queries).toEqual({ bad: 'sum(rate(errors_total[{{.window}}]))', total: 'sum(rate(requests_total[{{.window}}]))' });
    expect(detail.data.alerting).toMatchObject({ page: { enabled: true }, ticket: { enabled: true }, minTraffic: 0 });
    const missing = await app.inject({ url: '/api/v1/slos/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: 'error', errorType: 'not_found' });
  });

  it('GET /api/v1/slos/:name/history gives the burn-down points; a bad step is a 400', async () => {
    await slos.evaluateAllAt(T);
    const res = await app.inject({ url: `/api/v1/slos/shop-errors/history?start=${(T - H) / 1000}&end=${T / 1000}&step=30m` });
    expect(res.statusCode).toBe(200);
    const h = res.json<SloHistoryResponse>();
    expect(h.data.series).toHaveLength(1);
    expect(h.data.series[0].points.map((p) => p.t)).toEqual([T - H, T - 30 * MIN, T]);
    expect(h.data.series[0].points[0]).toEqual({ t: T - H, sli: null, remaining: 1, consumed: 0 });
    expect(h.data.series[0].points[2].remaining).toBeCloseTo(-2, 9);
    // default: one window back from the last evaluation
    const def = (await app.inject({ url: '/api/v1/slos/shop-errors/history' })).json<SloHistoryResponse>();
    expect(def.data.end).toBe(T);
    expect(def.data.start).toBe(T - 28 * 24 * H);
    expect((await app.inject({ url: '/api/v1/slos/shop-errors/history?step=0' })).statusCode).toBe(400);
  });

  it('reloads when a file in the SLO folder changes', async () => {
    const watched = new SloManager({
      files: ['*.yaml'],
      baseDir: dir,
      evaluationIntervalMs: 30_000,
      store,
      lookbackDeltaMs: 5 * MIN,
      maxSamples: 50_000_000,
      queryTimeoutMs: 60_000,
      logger: pino({ level: 'silent' }),
      schedule: false,
      watchDebounceMs: 20,
    });
    try {
      await watched.start();
      expect(watched.definitions()).toHaveLength(2);
      await writeFile(path.join(dir, 'more.yaml'), 'version: prometheus/v1\nservice: more\nslos:\n  - name: x\n    objective: 99\n    sli:\n      events:\n        error_query: e{w="{{.window}}"}\n        total_query: t{w="{{.window}}"}\n');
      const deadline = Date.now() + 10_000;
      while (watched.definitions().length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(watched.definitions().map((d) => d.name)).toContain('more-x');
    } finally {
      await watched.stop();
    }
  });

  it('leaves slices under a budget correction out of the SLI, the budget and the history (burn rates unchanged)', async () => {
    // the 3 errors fell in the last 5 minutes: a correction over them gives back the whole budget
    slos.useCorrections({ list: (slo) => (slo === 'shop-errors' ? [{ id: 'c1', slo, start: T - 5 * MIN, end: T, description: 'maintenance', createdAt: T }] : []) });
    await slos.evaluateAllAt(T);
    const r = slos.status('shop-errors')?.result;
    expect(r?.sli).toBe(1);
    expect(r?.total).toBeCloseTo(1000 - 1000 / 12, 6);
    expect(r?.budget.remaining).toBe(1);
    expect(r?.burnRates['5m']).toBeCloseTo(36, 6);
    expect(slos.history('shop-errors', T, T, MIN)?.[0].points[0].remaining).toBe(1);
    expect(slos.status('shop-errors-by-route')?.result?.budget.consumed).toBeCloseTo(0.3, 9);
  });

  it('tells listeners after each evaluation round', async () => {
    const seen: Array<[number, string[]]> = [];
    slos.addListener({ onEvaluated: (statuses, at) => seen.push([at, statuses.map((s) => s.state)]) });
    await slos.evaluateAllAt(T);
    expect(seen).toEqual([[T, ['ok', 'ok']]]);
  });
});
