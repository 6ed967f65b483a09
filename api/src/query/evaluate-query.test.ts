import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import { STALE_NAN } from '../storage/stale-marker.js';
import type { Labels } from '../storage/labels.js';
import { evaluateInstant, evaluateRange, type QueryContext } from './evaluate-query.js';
import { parseQuery } from './parse-query.js';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

let store: MemoryMetricStore;
let ctx: QueryContext;

/** Points as [time, value]; 'stale' for a staleness marker (a plain array of doubles would lose its NaN bits). */
async function put(labels: Labels, points: Array<[number, number | 'stale']>): Promise<void> {
  await store.append(points.map(([t, v]) => ({ labels, timestamp: t, value: v === 'stale' ? STALE_NAN : v })));
}

beforeEach(async () => {
  store = new MemoryMetricStore();
  ctx = { store, lookbackDeltaMs: 5 * MIN, maxSamples: 50_000_000, deadline: Infinity };
  // up{job="a"}: every minute from T0 to T0+10m; up{job="b"}: once at T0, then goes stale at T0+2m.
  await put({ __name__: 'up', job: 'a' }, Array.from({ length: 11 }, (_, i) => [T0 + i * MIN, i] as [number, number]));
  await put({ __name__: 'up', job: 'b' }, [
    [T0, 100],
    [T0 + 2 * MIN, 'stale'],
  ]);
  await put({ __name__: 'other', job: 'a' }, [[T0, 7]]);
});

describe('instant vector selector', () => {
  it('returns the latest sample per series stamped with the query time, __name__ kept, sorted by labels', async () => {
    const r = await evaluateInstant(parseQuery('up'), T0 + MIN + 30_000, ctx);
    expect(r).toEqual({
      resultType: 'vector',
      result: [
        { labels: { __name__: 'up', job: 'a' }, timestamp: T0 + MIN + 30_000, value: 1 },
        { labels: { __name__: 'up', job: 'b' }, timestamp: T0 + MIN + 30_000, value: 100 },
      ],
    });
  });

  it('includes a sample exactly lookback-delta old and drops one a millisecond older (2.42: closed interval)', async () => {
    const at = async (t: number): Promise<number> => {
      const r = await evaluateInstant(parseQuery('other'), t, ctx);
      return r.resultType === 'vector' ? r.result.length : -1;
    };
    expect(await at(T0 + 5 * MIN)).toBe(1);
    expect(await at(T0 + 5 * MIN + 1)).toBe(0);
    expect(await at(T0 - 1)).toBe(0);
  });

  it('treats a staleness marker as the end of the series', async () => {
    const r = await evaluateInstant(parseQuery('up{job="b"}'), T0 + 3 * MIN, ctx);
    expect(r).toEqual({ resultType: 'vector', result: [] });
    const before = await evaluateInstant(parseQuery('up{job="b"}'), T0 + 2 * MIN - 1, ctx);
    expect(before.resultType === 'vector' && before.result.map((s) => s.value)).toEqual([100]);
  });

  it('applies offset to the lookup time but stamps the query time', async () => {
    const t = T0 + 10 * MIN;
    const r = await evaluateInstant(parseQuery('up{job="a"} offset 3m'), t, ctx);
    expect(r).toEqual({ resultType: 'vector', result: [{ labels: { __name__: 'up', job: 'a' }, timestamp: t, value: 7 }] });
    const neg = await evaluateInstant(parseQuery('up{job="a"} offset -2m'), T0 + 5 * MIN, ctx);
    expect(neg.resultType === 'vector' && neg.result[0].value).toBe(7);
  });

  it('anchors regex matchers and matches absent labels as empty', async () => {
    await put({ __name__: 'up', job: 'ab' }, [[T0, 1]]);
    const jobs = async (q: string): Promise<string[]> => {
      const r = await evaluateInstant(parseQuery(q), T0, ctx);
      return r.resultType === 'vector' ? r.result.map((s) => s.labels.job) : [];
    };
    expect(await jobs('up{job=~"a"}')).toEqual(['a']);
    expect(await jobs('up{job=~"a.*"}')).toEqual(['a', 'ab']);
    expect(await jobs('up{job!~"a"}')).toEqual(['ab', 'b']);
    expect(await jobs('{__name__=~"u.", job!="a"}')).toEqual(['ab', 'b']);
    expect(await jobs('up{zone=""}')).toEqual(['a', 'ab', 'b']);
  });
});

describe('matrix selector (instant query)', () => {
  it('returns raw samples in [t-offset-range, t-offset], inclusive at both ends', async () => {
    const r = await evaluateInstant(parseQuery('up{job="a"}[2m]'), T0 + 4 * MIN, ctx);
    expect(r).toEqual({
      resultType: 'matrix',
      result: [{ labels: { __name__: 'up', job: 'a' }, timestamps: [T0 + 2 * MIN, T0 + 3 * MIN, T0 + 4 * MIN], values: [2, 3, 4] }],
    });
    const off = await evaluateInstant(parseQuery('up{job="a"}[1m] offset 5m'), T0 + 10 * MIN, ctx);
    expect(off.resultType === 'matrix' && off.result[0].values).toEqual([4, 5]);
  });

  it('drops staleness markers and series left empty', async () => {
    const r = await evaluateInstant(parseQuery('up{job="b"}[5m]'), T0 + 3 * MIN, ctx);
    expect(r.resultType === 'matrix' && r.result.map((s) => s.values)).toEqual([[100]]);
    const later = await evaluateInstant(parseQuery('up{job="b"}[30s]'), T0 + 2 * MIN, ctx);
    expect(later).toEqual({ resultType: 'matrix', result: [] });
  });
});

describe('literals', () => {
  it('evaluates numbers to scalars and strings to strings', async () => {
    expect(await evaluateInstant(parseQuery('42'), T0, ctx)).toEqual({ resultType: 'scalar', result: { timestamp: T0, value: 42 } });
    expect(await evaluateInstant(parseQuery('"hi"'), T0, ctx)).toEqual({ resultType: 'string', result: { timestamp: T0, value: 'hi' } });
  });
});

describe('range queries', () => {
  it('evaluates the instant selector at each step', async () => {
    const r = await evaluateRange(parseQuery('up'), { start: T0 - MIN, end: T0 + 4 * MIN, step: 90_000 }, ctx);
    // steps: T0-1m (nothing yet), T0+30s, T0+2m, T0+3m30s
    expect(r).toEqual({
      resultType: 'matrix',
      result: [
        { labels: { __name__: 'up', job: 'a' }, timestamps: [T0 + 30_000, T0 + 2 * MIN, T0 + 3.5 * MIN], values: [0, 2, 3] },
        // job b: 100 until its staleness marker at T0+2m
        { labels: { __name__: 'up', job: 'b' }, timestamps: [T0 + 30_000], values: [100] },
      ],
    });
  });

  it('fills a step from the lookback window after the series stops, then drops it', async () => {
    const r = await evaluateRange(parseQuery('other'), { start: T0, end: T0 + 10 * MIN, step: MIN }, ctx);
    expect(r.resultType === 'matrix' && r.result[0].timestamps.map((t) => (t - T0) / MIN)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('applies offset at each step', async () => {
    const r = await evaluateRange(parseQuery('up{job="a"} offset 2m'), { start: T0 + 5 * MIN, end: T0 + 7 * MIN, step: MIN }, ctx);
    expect(r.resultType === 'matrix' && r.result[0].values).toEqual([3, 4, 5]);
  });

  it('repeats a scalar at each step as a series without labels', async () => {
    const r = await evaluateRange(parseQuery('2.5'), { start: T0, end: T0 + 2 * MIN, step: MIN }, ctx);
    expect(r).toEqual({ resultType: 'matrix', result: [{ labels: {}, timestamps: [T0, T0 + MIN, T0 + 2 * MIN], values: [2.5, 2.5, 2.5] }] });
  });

  it('rejects a range vector like Prometheus', async () => {
    await expect(evaluateRange(parseQuery('up[5m]'), { start: T0, end: T0, step: MIN }, ctx)).rejects.toThrow(
      'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    );
    await expect(evaluateRange(parseQuery('"s"'), { start: T0, end: T0, step: MIN }, ctx)).rejects.toThrow(/"string" for range query/);
  });
});

describe('limits', () => {
  it('fails with an execution error past maxSamples', async () => {
    const small = { ...ctx, maxSamples: 5 };
    const err = await evaluateRange(parseQuery('up'), { start: T0, end: T0 + 10 * MIN, step: MIN }, small).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('execution');
  });

  it('fails with a timeout error past the deadline', async () => {
    const err = await evaluateInstant(parseQuery('up'), T0, { ...ctx, deadline: 0 }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('timeout');
  });
});
