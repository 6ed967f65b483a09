import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { parseQuery } from '../../query/parse-query.js';
import type { QueryResult } from '../../query/query-result.js';
import type { LabelMatcher } from '../../storage/label-matcher.js';
import type { Labels } from '../../storage/labels.js';
import { MemoryMetricStore } from '../../storage/memory/memory-metric-store.js';
import type { SeriesSamples, TimeRange } from '../../storage/metric-store.js';
import { STALE_NAN } from '../../storage/stale-marker.js';
import type { EvaluationOptions } from './evaluation-options.js';
import { runInstantQuery, runRangeQuery } from './run-query.js';

class CountingStore extends MemoryMetricStore {
  selects: TimeRange[] = [];
  override async select(matchers: readonly LabelMatcher[], range: TimeRange): Promise<SeriesSamples[]> {
    this.selects.push(range);
    return super.select(matchers, range);
  }
}

/** Samples as [time, value]; 'stale' for a staleness marker (a plain array of doubles would lose the marker's NaN bits). */
async function storeWith(series: { labels: Labels; samples: [number, number | 'stale'][] }[]): Promise<CountingStore> {
  const store = new CountingStore();
  await store.append(
    series.flatMap((s) => s.samples.map(([timestamp, value]) => ({ labels: s.labels, timestamp, value: value === 'stale' ? STALE_NAN : value }))),
  );
  store.selects = [];
  return store;
}

function opts(store: MemoryMetricStore, extra: Partial<EvaluationOptions> = {}): EvaluationOptions {
  return { store, lookbackDeltaMs: 300_000, maxSamples: 1_000_000, deadline: Infinity, ...extra };
}

async function instant(store: MemoryMetricStore, q: string, t: number, extra: Partial<EvaluationOptions> = {}): Promise<QueryResult> {
  return runInstantQuery(parseQuery(q), t, opts(store, extra));
}

function vectorOf(r: QueryResult): [Labels, number][] {
  if (r.resultType !== 'vector') throw new Error(`not a vector: ${r.resultType}`);
  return r.result.map((s) => [s.labels, s.value]);
}

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an error');
}

const minute = 60_000;
const counter = (name: string, extra: Labels, perMinute: number, minutes: number): { labels: Labels; samples: [number, number][] } => ({
  labels: { __name__: name, ...extra },
  samples: Array.from({ length: minutes + 1 }, (_, i): [number, number] => [i * minute, i * perMinute]),
});

describe('runRangeQuery', () => {
  it('reads each selector once for the whole range and agrees with instant queries at every step', async () => {
    const store = await storeWith([counter('req', { code: '200', i: 'a' }, 60, 60), counter('req', { code: '500', i: 'b' }, 120, 60)]);
    const q = 'sum by (code) (rate(req[5m])) * 2';
    const range = await runRangeQuery(parseQuery(q), { start: 10 * minute, end: 50 * minute, step: 5 * minute }, opts(store));
    expect(store.selects).toEqual([{ start: 5 * minute, end: 50 * minute }]);
    if (range.resultType !== 'matrix') throw new Error('matrix expected');
    expect(range.result.map((s) => s.labels)).toEqual([{ code: '200' }, { code: '500' }]);
    for (const series of range.result) {
      for (let i = 0; i < series.timestamps.length; i++) {
        const at = vectorOf(await instant(store, q, series.timestamps[i])).find(([l]) => l.code === series.labels.code);
        expect(at?.[1]).toBeCloseTo(series.values[i], 9);
      }
    }
    expect(range.result[0].values[0]).toBeCloseTo(2, 9);
    expect(range.result[1].values[0]).toBeCloseTo(4, 9);
  });

  it('widens the single read by offset, range and subquery range', async () => {
    const store = await storeWith([counter('x', {}, 1, 100)]);
    await runRangeQuery(parseQuery('max_over_time(rate(x[2m] offset 1m)[10m:1m])'), { start: 60 * minute, end: 70 * minute, step: minute }, opts(store));
    expect(store.selects).toEqual([{ start: 47 * minute, end: 69 * minute }]);
  });

  it('resolves @ start() and @ end() to the range bounds at every step', async () => {
    const store = await storeWith([counter('x', {}, 1, 100)]);
    const r = await runRangeQuery(parseQuery('x @ start() + x @ end()'), { start: 10 * minute, end: 20 * minute, step: 5 * minute }, opts(store));
    expect(r).toMatchObject({ resultType: 'matrix', result: [{ labels: {}, values: [30, 30, 30] }] });
  });

  it('rejects range-vector expressions', async () => {
    const store = await storeWith([]);
    const err = await errorOf(runRangeQuery(parseQuery('x[5m]'), { start: 0, end: minute, step: minute }, opts(store)));
    expect(err.code).toBe('bad_data');
  });
});

describe('runInstantQuery semantics', () => {
  it('looks back 5 minutes inclusive and stops at a staleness marker', async () => {
    const store = await storeWith([
      { labels: { __name__: 'g', s: 'a' }, samples: [[0, 1]] },
      { labels: { __name__: 'g', s: 'b' }, samples: [[0, 1], [minute, 'stale']] },
    ]);
    expect(vectorOf(await instant(store, 'g', 5 * minute)).map(([l]) => l.s)).toEqual(['a']);
    expect(vectorOf(await instant(store, 'g', 5 * minute + 1))).toEqual([]);
    expect(vectorOf(await instant(store, 'g', 30_000)).map(([l]) => l.s)).toEqual(['a', 'b']);
  });

  it('includes both ends of a range window (2.42) and drops stale markers from it', async () => {
    const store = await storeWith([{ labels: { __name__: 'c' }, samples: [[0, 1], [minute, 'stale'], [2 * minute, 3]] }]);
    expect(vectorOf(await instant(store, 'count_over_time(c[2m])', 2 * minute))).toEqual([[{}, 2]]);
  });

  it('filters with comparisons and returns 0/1 with bool, dropping the name only for bool and arithmetic', async () => {
    const store = await storeWith([counter('m', { i: 'a' }, 1, 10), counter('m', { i: 'b' }, 3, 10)]);
    expect(vectorOf(await instant(store, 'm > 15', 10 * minute))).toEqual([[{ __name__: 'm', i: 'b' }, 30]]);
    expect(vectorOf(await instant(store, 'm > bool 15', 10 * minute))).toEqual([
      [{ i: 'a' }, 0],
      [{ i: 'b' }, 1],
    ]);
    expect(vectorOf(await instant(store, '20 < m', 10 * minute))).toEqual([[{ __name__: 'm', i: 'b' }, 30]]);
    expect(vectorOf(await instant(store, 'm - 1', 10 * minute))[0][0]).toEqual({ i: 'a' });
  });

  it('matches many-to-one with group_left and copies the included labels from the one side', async () => {
    const store = await storeWith([
      { labels: { __name__: 'req', job: 'api', code: '200' }, samples: [[0, 10]] },
      { labels: { __name__: 'req', job: 'api', code: '500' }, samples: [[0, 2]] },
      { labels: { __name__: 'info', job: 'api', team: 'core' }, samples: [[0, 1]] },
    ]);
    expect(vectorOf(await instant(store, 'req * on(job) group_left(team) info', 0))).toEqual([
      [{ job: 'api', code: '200', team: 'core' }, 10],
      [{ job: 'api', code: '500', team: 'core' }, 2],
    ]);
    const err = await errorOf(instant(store, 'req * on(job) info', 0));
    expect(err.code).toBe('execution');
    expect(err.message).toBe('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
    const m2m = await errorOf(instant(store, 'info * on(job) req', 0));
    expect(m2m.message).toContain('many-to-many matching not allowed: matching labels must be unique on one side');
  });

  it('implements and, or, unless on the label sets without the metric name', async () => {
    const store = await storeWith([
      { labels: { __name__: 'a', i: '1' }, samples: [[0, 1]] },
      { labels: { __name__: 'a', i: '2' }, samples: [[0, 2]] },
      { labels: { __name__: 'b', i: '2' }, samples: [[0, 20]] },
      { labels: { __name__: 'b', i: '3' }, samples: [[0, 30]] },
    ]);
    expect(vectorOf(await instant(store, 'a and b', 0))).toEqual([[{ __name__: 'a', i: '2' }, 2]]);
    expect(vectorOf(await instant(store, 'a unless b', 0))).toEqual([[{ __name__: 'a', i: '1' }, 1]]);
    expect(vectorOf(await instant(store, 'a or b', 0)).map(([l]) => `${l.__name__}${l.i}`)).toEqual(['a1', 'a2', 'b3']);
  });

  it('fails when dropping the name leaves two series with the same labels', async () => {
    const store = await storeWith([
      { labels: { __name__: 'a', i: '1' }, samples: [[0, 1]] },
      { labels: { __name__: 'b', i: '1' }, samples: [[0, 2]] },
    ]);
    const err = await errorOf(instant(store, '{i="1"} * 2', 0));
    expect(err.message).toBe('vector cannot contain metrics with the same labelset');
    expect((await errorOf(instant(store, 'abs({i="1"})', 0))).message).toBe('vector cannot contain metrics with the same labelset');
  });

  it('aligns subquery steps to absolute multiples of the step', async () => {
    const store = await storeWith([counter('x', {}, 1, 100)]);
    // At 10m30s a [5m:2m] subquery evaluates at 6m, 8m, 10m.
    const r = await instant(store, 'x[5m:2m]', 10 * minute + 30_000);
    expect(r).toMatchObject({ resultType: 'matrix', result: [{ timestamps: [6 * minute, 8 * minute, 10 * minute], values: [6, 8, 10] }] });
  });

  it('ends a query that would hold too many samples, times out, and can be canceled', async () => {
    const store = await storeWith([counter('x', { i: 'a' }, 1, 100), counter('x', { i: 'b' }, 1, 100)]);
    const tooMany = await errorOf(instant(store, 'count_over_time(x[1h])', 100 * minute, { maxSamples: 100 }));
    expect(tooMany.code).toBe('execution');
    expect(tooMany.message).toBe('query processing would load too many samples into memory in query execution');
    const timeout = await errorOf(instant(store, 'x', 0, { deadline: 0, now: () => 1 }));
    expect(timeout.code).toBe('timeout');
    const controller = new AbortController();
    controller.abort();
    const canceled = await errorOf(instant(store, 'x', 0, { signal: controller.signal }));
    expect(canceled.code).toBe('canceled');
    const rangeTooMany = await errorOf(
      runRangeQuery(parseQuery('x'), { start: 0, end: 100 * minute, step: minute }, opts(store, { maxSamples: 150 })),
    );
    expect(rangeTooMany.code).toBe('execution');
  });
});

describe('runRangeQuery and the event loop', () => {
  it('yields during a long evaluation so that an abort from elsewhere cancels it', async () => {
    const store = await storeWith(Array.from({ length: 200 }, (_, i) => counter('x', { i: String(i) }, 1, 1440)));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    const err = await errorOf(
      runRangeQuery(parseQuery('sum(rate(x[5m])) * 2'), { start: 0, end: 1440 * minute, step: 1000 }, opts(store, { signal: controller.signal })),
    );
    expect(err.code).toBe('canceled');
  });
});
