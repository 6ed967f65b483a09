import { describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import type { MetricStore } from '../storage/metric-store.js';
import { parseSloFile } from './parse-slo-file.js';
import { SloRuntime } from './slo-runtime.js';
import { SCRAPE_MS, T, ramp, writeCounter } from './slo-test-data.test-helper.js';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;

function runtime(yaml: string, store: MetricStore): SloRuntime {
  const parsed = parseSloFile(yaml, 'slo.yaml');
  expect(parsed.problems).toEqual([]);
  return new SloRuntime(parsed.definitions[0], {
    store,
    lookbackDeltaMs: 5 * MIN,
    maxSamples: 50_000_000,
    queryTimeoutMs: 60_000,
    settleMs: 0,
    historyFactor: 2,
    backfillChunkSlices: 288,
  });
}

const sloth = (objective: number, extra = '', errorQuery = 'sum(rate(errors_total[{{.window}}]))', totalQuery = 'sum(rate(requests_total[{{.window}}]))'): string =>
  `version: prometheus/v1
service: svc
slos:
  - name: x
    objective: ${objective}
    window: 28d
${extra}    sli:
      events:
        error_query: ${errorQuery}
        total_query: ${totalQuery}
`;

/** 1000 requests spread evenly over the last hour; `errorsFrom`..T holds 3 errors spread evenly. Series start at T - 2h. */
async function thousandRequestsThreeErrors(errorsFrom: number): Promise<MemoryMetricStore> {
  const store = new MemoryMetricStore();
  await writeCounter(store, { __name__: 'requests_total' }, T - 2 * H, T, ramp(T - H, T, 1000));
  await writeCounter(store, { __name__: 'errors_total' }, T - 2 * H, T, ramp(errorsFrom, T, 3));
  return store;
}

describe('SLO engine: ratio SLIs (Occurrences)', () => {
  it('1000 requests with 3 errors against 99.9%: SLI 0.997, budget spent three times over, burn rates per window', async () => {
    const store = await thousandRequestsThreeErrors(T - 5 * MIN);
    const s = await runtime(sloth(99.9), store).evaluate(T);
    expect(s.state).toBe('ok');
    const r = s.result;
    expect(r?.total).toBeCloseTo(1000, 6);
    expect(r?.good).toBeCloseTo(997, 6);
    expect(r?.sli).toBeCloseTo(0.997, 9);
    expect(r?.errorRatio).toBeCloseTo(0.003, 9);
    // budget: 0.1% of 28 days = 40.32 minutes of full outage; 0.3% errors spend it 3 times
    expect(r?.budget.ratio).toBeCloseTo(0.001, 12);
    expect(r?.budget.consumed).toBeCloseTo(3, 9);
    expect(r?.budget.remaining).toBeCloseTo(-2, 9);
    expect(r?.budget.totalMinutes).toBeCloseTo(40.32, 9);
    expect(r?.budget.consumedMinutes).toBeCloseTo(120.96, 9);
    expect(r?.budget.remainingMinutes).toBeCloseTo(-80.64, 9);
    // the 3 errors all fell in the last 5 minutes, which saw 1000/12 requests: 3.6% errors, 36 times the budget rate
    expect(r?.burnRates['5m']).toBeCloseTo(36, 6);
    expect(r?.windowEvents['5m']).toBeCloseTo(1000 / 12, 6);
    expect(r?.burnRates['30m']).toBeCloseTo(6, 6);
    for (const w of ['1h', '2h', '6h', '1d', '3d'] as const) expect(r?.burnRates[w]).toBeCloseTo(3, 6);
    expect(r?.windowEvents['1h']).toBeCloseTo(1000, 6);
    expect(r?.timeToExhaustionMs).toBe(0);
    expect(s.groups).toEqual([]);
  });

  it('time to exhaustion at the 1h burn rate: 99% target, 0.3% errors → 70% left, burning 0.3 → 0.7 × 28d / 0.3', async () => {
    const store = await thousandRequestsThreeErrors(T - H);
    const r = (await runtime(sloth(99), store).evaluate(T)).result;
    expect(r?.budget.consumed).toBeCloseTo(0.3, 9);
    expect(r?.budget.remaining).toBeCloseTo(0.7, 9);
    expect(r?.burnRates['1h']).toBeCloseTo(0.3, 9);
    expect(r?.timeToExhaustionMs).toBeCloseTo((0.7 * 28 * DAY) / 0.3, 0);
  });

  it('without traffic: no data, the whole budget left, no burn rate', async () => {
    const store = new MemoryMetricStore();
    await writeCounter(store, { __name__: 'requests_total' }, T - 2 * H, T, () => 5);
    await writeCounter(store, { __name__: 'errors_total' }, T - 2 * H, T, () => 0);
    const s = await runtime(sloth(99.9), store).evaluate(T);
    expect(s.state).toBe('no_data');
    expect(s.result?.sli).toBeUndefined();
    expect(s.result?.budget.remaining).toBe(1);
    expect(s.result?.burnRates['1h']).toBeUndefined();
    expect(s.result?.windowEvents['1h']).toBe(0);
    expect(s.result?.timeToExhaustionMs).toBeUndefined();
  });

  it('an error query without series counts as no errors', async () => {
    const store = new MemoryMetricStore();
    await writeCounter(store, { __name__: 'requests_total' }, T - 2 * H, T, ramp(T - H, T, 600));
    const r = (await runtime(sloth(99.9), store).evaluate(T)).result;
    expect(r?.sli).toBe(1);
    expect(r?.burnRates['1h']).toBe(0);
    expect(r?.budget.remaining).toBe(1);
  });

  it('a 100% objective: any error spends the whole budget and burns infinitely fast', async () => {
    const store = await thousandRequestsThreeErrors(T - H);
    const r = (await runtime(sloth(100), store).evaluate(T)).result;
    expect(r?.budget.totalMinutes).toBe(0);
    expect(r?.budget.consumed).toBe(1);
    expect(r?.budget.remaining).toBe(0);
    expect(r?.burnRates['1h']).toBe(Infinity);
    expect(r?.timeToExhaustionMs).toBe(0);
  });

  it('the burn-down history: budget untouched before the errors, spent at the end, equal to the status', async () => {
    const store = await thousandRequestsThreeErrors(T - 5 * MIN);
    const rt = runtime(sloth(99.9), store);
    const s = await rt.evaluate(T);
    const [whole] = rt.history(T - 2 * H, T, 30 * MIN);
    expect(whole.labels).toEqual({});
    expect(whole.points.map((p) => p.t)).toEqual([T - 2 * H, T - 90 * MIN, T - H, T - 30 * MIN, T]);
    expect(whole.points.slice(0, 3).map((p) => p.remaining)).toEqual([1, 1, 1]);
    // at T - 30m: 500 requests and no error yet
    expect(whole.points[3].sli).toBeCloseTo(1, 12);
    expect(whole.points[4].remaining).toBeCloseTo(s.result?.budget.remaining ?? NaN, 12);
  });
});

describe('SLO engine: latency SLIs from histogram buckets', () => {
  async function histogram(bounds: readonly string[]): Promise<MemoryMetricStore> {
    const store = new MemoryMetricStore();
    const base = { job: 'api' };
    await writeCounter(store, { __name__: 'http_request_duration_seconds_count', ...base }, T - 2 * H, T, ramp(T - H, T, 1000));
    for (const le of bounds) {
      const share = le === '+Inf' ? 1 : le === '0.25' ? 0.98 : 0.9;
      await writeCounter(store, { __name__: 'http_request_duration_seconds_bucket', le, ...base }, T - 2 * H, T, ramp(T - H, T, 1000 * share));
    }
    return store;
  }
  const latency = (le: string): string =>
    sloth(99, '', `sum(rate(http_request_duration_seconds_count{job="api"}[{{.window}}])) - sum(rate(http_request_duration_seconds_bucket{job="api",le="${le}"}[{{.window}}]))`, 'sum(rate(http_request_duration_seconds_count{job="api"}[{{.window}}]))');

  it('counts requests under a bucket boundary as good', async () => {
    const s = await runtime(latency('0.25'), await histogram(['0.1', '0.25', '+Inf'])).evaluate(T);
    expect(s.state).toBe('ok');
    expect(s.definition.indicator.kind).toBe('latency');
    expect(s.result?.sli).toBeCloseTo(0.98, 9);
    expect(s.result?.burnRates['1h']).toBeCloseTo(2, 6);
  });

  it('reports a threshold that is not a bucket boundary with the file, line and field, and the boundaries', async () => {
    const s = await runtime(latency('0.2'), await histogram(['0.1', '0.25', '+Inf'])).evaluate(T);
    expect(s.state).toBe('error');
    expect(s.result).toBeUndefined();
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]).toBe(
      'slo.yaml:9: slos[0].sli.events.error_query: le="0.2" is not a bucket boundary of http_request_duration_seconds_bucket{job="api"}: a latency threshold must be one of its boundaries (0.1, 0.25, +Inf)',
    );
  });

  it('matches boundaries by value (0.250 is 0.25)', async () => {
    const s = await runtime(latency('0.250'), await histogram(['0.1', '0.25', '+Inf'])).evaluate(T);
    expect(s.state).toBe('ok');
  });
});

describe('SLO engine: grouped SLOs', () => {
  it('one SLI, budget and burn rates per route, and the whole SLO summed over routes', async () => {
    const store = new MemoryMetricStore();
    for (const route of ['/a', '/b']) {
      await writeCounter(store, { __name__: 'requests_total', route }, T - 2 * H, T, ramp(T - H, T, 500));
    }
    await writeCounter(store, { __name__: 'errors_total', route: '/a' }, T - 2 * H, T, ramp(T - H, T, 3));
    const yaml = sloth(99.9, '    group_by: [route]\n', 'sum by (route) (rate(errors_total[{{.window}}]))', 'sum by (route) (rate(requests_total[{{.window}}]))');
    const s = await runtime(yaml, store).evaluate(T);
    expect(s.groups.map((g) => g.labels)).toEqual([{ route: '/a' }, { route: '/b' }]);
    const [a, b] = s.groups;
    expect(a.sli).toBeCloseTo(0.994, 9);
    expect(a.budget.consumed).toBeCloseTo(6, 9);
    expect(a.burnRates['1h']).toBeCloseTo(6, 6);
    expect(b.sli).toBe(1);
    expect(b.burnRates['1h']).toBe(0);
    expect(s.result?.sli).toBeCloseTo(0.997, 9);
    expect(s.result?.burnRates['1h']).toBeCloseTo(3, 6);
    const history = runtime(yaml, store);
    await history.evaluate(T);
    expect(history.history(T, T, MIN).map((h) => h.labels)).toEqual([{}, { route: '/a' }, { route: '/b' }]);
  });
});

describe('SLO engine: Timeslices', () => {
  it('a minute is good when its SLI reaches the slice target; one bad minute of ten → SLI 0.9, one of 14.4 allowed minutes spent', async () => {
    const store = new MemoryMetricStore();
    // 100 requests a minute over the last 10 minutes; half of them fail in the minute (T-4m, T-3m]
    await writeCounter(store, { __name__: 'requests_total' }, T - 2 * H, T, ramp(T - 10 * MIN, T, 1000));
    await writeCounter(store, { __name__: 'errors_total' }, T - 2 * H, T, ramp(T - 4 * MIN, T - 3 * MIN, 50));
    const yaml = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: minutes
spec:
  service: svc
  indicator:
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: sum(errors_total)
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(requests_total)
  timeWindow:
    - duration: 1d
      isRolling: true
  budgetingMethod: Timeslices
  objectives:
    - target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
`;
    const s = await runtime(yaml, store).evaluate(T);
    const r = s.result;
    // RatioTimeslices on the same minutes: the mean of the minutes' SLIs, (9 × 1 + 0.5) / 10
    const ratio = await runtime(yaml.replace('budgetingMethod: Timeslices', 'budgetingMethod: RatioTimeslices').replace('      timeSliceTarget: 0.95\n', ''), store).evaluate(T);
    expect(ratio.result?.sli).toBeCloseTo(0.95, 12);
    expect(ratio.result?.budget.consumed).toBeCloseTo(5, 9);
    expect(r?.total).toBe(10);
    expect(r?.good).toBe(9);
    expect(r?.sli).toBeCloseTo(0.9, 12);
    // 1% of the 1440 minutes of a day may be bad: 14.4; one was
    expect(r?.budget.totalMinutes).toBeCloseTo(14.4, 9);
    expect(r?.budget.consumed).toBeCloseTo(1 / 14.4, 9);
    expect(r?.budget.consumedMinutes).toBeCloseTo(1, 9);
  });

  it('threshold SLIs: a point is good when the value meets the objective', async () => {
    const store = new MemoryMetricStore();
    const samples = [];
    for (let t = T - 10 * MIN; t <= T; t += SCRAPE_MS) samples.push({ labels: { __name__: 'p99_seconds' }, timestamp: t, value: t > T - 4 * MIN && t <= T - MIN ? 0.5 : 0.1 });
    await store.append(samples);
    const yaml = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: p99
spec:
  service: svc
  indicator:
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: p99_seconds
  timeWindow:
    - duration: 1d
      isRolling: true
  objectives:
    - op: lte
      value: 0.3
      target: 0.9
`;
    const s = await runtime(yaml, store).evaluate(T);
    // one point a minute from T-10m to T: 11 points, those at T-3m, T-2m, T-1m above 0.3
    expect(s.result?.total).toBe(11);
    expect(s.result?.good).toBe(8);
    expect(s.result?.burnRates['5m']).toBeCloseTo(3 / 5 / 0.1, 9);
  });
});
