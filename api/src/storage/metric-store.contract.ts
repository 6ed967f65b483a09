import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labelsKey, normalizeLabels, type Labels } from './labels.js';
import type { LabelMatcher, MatchType } from './label-matcher.js';
import type { MetricStore, Sample, SeriesSamples } from './metric-store.js';
import { isStaleMarker, STALE_NAN } from './stale-marker.js';

export interface MetricStoreUnderTest {
  store: MetricStore;
  cleanup(): Promise<void>;
}

const T0 = 1_700_000_000_000;
const ALL = { start: -8.64e15, end: 8.64e15 };

function l(labels: Record<string, string>): Labels {
  return normalizeLabels(labels);
}

function m(name: string, type: MatchType, value: string): LabelMatcher {
  return { name, type, value };
}

function byKey(series: readonly SeriesSamples[]): SeriesSamples[] {
  return [...series].sort((a, b) => (labelsKey(a.labels) < labelsKey(b.labels) ? -1 : 1));
}

function names(series: readonly { labels: Labels }[] | readonly Labels[]): string[] {
  return series
    .map((s) => ('labels' in s && typeof s.labels === 'object' ? (s.labels as Labels) : (s as Labels)))
    .map((x) => `${x.__name__ ?? ''}{${Object.keys(x).filter((k) => k !== '__name__').sort().map((k) => `${k}="${x[k]}"`).join(',')}}`)
    .sort();
}

const UP_API = l({ __name__: 'up', job: 'api', instance: 'a:1' });
const UP_DB = l({ __name__: 'up', job: 'db', instance: 'b:1' });
const UP_NOJOB = l({ __name__: 'up', instance: 'c:1' });
const REQS = l({ __name__: 'http_requests_total', job: 'api', code: '200', path: '/a\nb' });
const REQS_500 = l({ __name__: 'http_requests_total', job: 'api', code: '500' });

/** The behaviour every MetricStore must have; run against each implementation with a fresh empty store. */
export function describeMetricStoreContract(name: string, factory: () => Promise<MetricStoreUnderTest>): void {
  describe(`MetricStore contract: ${name}`, () => {
    let sut: MetricStoreUnderTest;
    let store: MetricStore;

    beforeEach(async () => {
      sut = await factory();
      store = sut.store;
    });

    afterEach(async () => {
      await sut.cleanup();
    });

    async function seed(): Promise<void> {
      const samples: Sample[] = [];
      for (let i = 0; i < 10; i++) {
        const t = T0 + i * 10_000;
        samples.push({ labels: UP_API, timestamp: t, value: 1 });
        samples.push({ labels: UP_DB, timestamp: t, value: i % 2 });
        samples.push({ labels: UP_NOJOB, timestamp: t, value: 1 });
        samples.push({ labels: REQS, timestamp: t, value: 100 + i });
        samples.push({ labels: REQS_500, timestamp: t, value: i * 0.5 });
      }
      await store.append(samples);
    }

    it('returns appended samples sorted by time within an inclusive range', async () => {
      await seed();
      const [s] = await store.select([m('__name__', '=', 'http_requests_total'), m('code', '=', '200')], {
        start: T0 + 20_000,
        end: T0 + 50_000,
      });
      expect(s.labels).toEqual(REQS);
      expect(Array.from(s.timestamps)).toEqual([T0 + 20_000, T0 + 30_000, T0 + 40_000, T0 + 50_000]);
      expect(Array.from(s.values)).toEqual([102, 103, 104, 105]);
    });

    it('omits series without samples in the range and accepts an empty batch', async () => {
      await store.append([]);
      await seed();
      expect(await store.select([m('__name__', '=', 'up')], { start: T0 - 5000, end: T0 - 1 })).toEqual([]);
      const one = await store.select([m('__name__', '=', 'up')], { start: T0 + 90_000, end: T0 + 90_000 });
      expect(one).toHaveLength(3);
      for (const s of one) expect(Array.from(s.timestamps)).toEqual([T0 + 90_000]);
    });

    it('keeps series apart by their full label set', async () => {
      await seed();
      const got = byKey(await store.select([m('__name__', '=', 'up')], ALL));
      expect(names(got)).toEqual(['up{instance="a:1",job="api"}', 'up{instance="b:1",job="db"}', 'up{instance="c:1"}']);
      const db = got.find((s) => s.labels.job === 'db');
      expect(Array.from(db?.values ?? [])).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    });

    const matcherCases: [string, LabelMatcher[], string[]][] = [
      ['= on a label', [m('job', '=', 'api')], ['http_requests_total{code="200",job="api",path="/a\nb"}', 'http_requests_total{code="500",job="api"}', 'up{instance="a:1",job="api"}']],
      ['!= keeps series lacking the label', [m('__name__', '=', 'up'), m('job', '!=', 'api')], ['up{instance="b:1",job="db"}', 'up{instance="c:1"}']],
      ['=~ is anchored', [m('job', '=~', 'ap')], []],
      ['=~ with alternation', [m('job', '=~', 'api|db'), m('__name__', '=', 'up')], ['up{instance="a:1",job="api"}', 'up{instance="b:1",job="db"}']],
      ['=~ prefix', [m('__name__', '=~', 'http_.*')], ['http_requests_total{code="200",job="api",path="/a\nb"}', 'http_requests_total{code="500",job="api"}']],
      ['!~ is anchored too', [m('__name__', '=', 'up'), m('instance', '!~', 'a:1|b')], ['up{instance="b:1",job="db"}', 'up{instance="c:1"}']],
      ['="" matches series without the label', [m('__name__', '=', 'up'), m('job', '=', '')], ['up{instance="c:1"}']],
      ['!="" requires the label', [m('__name__', '=', 'up'), m('job', '!=', '')], ['up{instance="a:1",job="api"}', 'up{instance="b:1",job="db"}']],
      ['=~".+" requires the label', [m('path', '=~', '.+')], ['http_requests_total{code="200",job="api",path="/a\nb"}']],
      ['=~".*" matches everything with the other matchers', [m('__name__', '=', 'up'), m('job', '=~', '.*')], ['up{instance="a:1",job="api"}', 'up{instance="b:1",job="db"}', 'up{instance="c:1"}']],
      ['regex dot matches a newline', [m('path', '=~', '/a.b')], ['http_requests_total{code="200",job="api",path="/a\nb"}']],
      ['unknown label name with =', [m('nope', '=', 'x')], []],
      ['unknown value', [m('job', '=', 'nope')], []],
      ['several matchers intersect', [m('job', '=', 'api'), m('code', '=~', '5..')], ['http_requests_total{code="500",job="api"}']],
    ];
    for (const [title, matchers, expected] of matcherCases) {
      it(`select matcher: ${title}`, async () => {
        await seed();
        expect(names(await store.select(matchers, ALL))).toEqual(expected);
      });
    }

    it('lists series, label names and label values for match sets and time ranges', async () => {
      await seed();
      const later = l({ __name__: 'late', job: 'batch', zone: 'eu' });
      await store.append([{ labels: later, timestamp: T0 + 1_000_000, value: 1 }]);

      expect(names(await store.series([], ALL))).toHaveLength(6);
      expect(names(await store.series([], { start: T0 + 500_000, end: T0 + 2_000_000 }))).toEqual(['late{job="batch",zone="eu"}']);
      expect(names(await store.series([[m('job', '=', 'db')], [m('code', '=', '500')]], ALL))).toEqual([
        'http_requests_total{code="500",job="api"}',
        'up{instance="b:1",job="db"}',
      ]);

      expect(await store.labelNames([], ALL)).toEqual(['__name__', 'code', 'instance', 'job', 'path', 'zone']);
      expect(await store.labelNames([[m('__name__', '=', 'up')]], ALL)).toEqual(['__name__', 'instance', 'job']);
      expect(await store.labelNames([], { start: T0 + 500_000, end: T0 + 2_000_000 })).toEqual(['__name__', 'job', 'zone']);

      expect(await store.labelValues('job', [], ALL)).toEqual(['api', 'batch', 'db']);
      expect(await store.labelValues('job', [], { start: T0, end: T0 + 100_000 })).toEqual(['api', 'db']);
      expect(await store.labelValues('job', [[m('__name__', '=', 'up')], [m('zone', '=', 'eu')]], ALL)).toEqual(['api', 'batch', 'db']);
      expect(await store.labelValues('__name__', [[m('job', '=', 'api')]], ALL)).toEqual(['http_requests_total', 'up']);
      expect(await store.labelValues('missing', [], ALL)).toEqual([]);
    });

    it('sorts out-of-order samples and lets the last write win for a duplicate timestamp', async () => {
      const s = l({ __name__: 'g' });
      await store.append([
        { labels: s, timestamp: T0 + 30, value: 3 },
        { labels: s, timestamp: T0 + 10, value: 1 },
        { labels: s, timestamp: T0 + 20, value: 2 },
      ]);
      await store.append([
        { labels: s, timestamp: T0 + 20, value: 20 },
        { labels: s, timestamp: T0 + 5, value: 0.5 },
        { labels: s, timestamp: T0 + 30, value: 30 },
        { labels: s, timestamp: T0 + 30, value: 31 },
      ]);
      const [got] = await store.select([m('__name__', '=', 'g')], ALL);
      expect(Array.from(got.timestamps)).toEqual([T0 + 5, T0 + 10, T0 + 20, T0 + 30]);
      expect(Array.from(got.values)).toEqual([0.5, 1, 20, 31]);
    });

    it('keeps staleness markers and ordinary NaN apart, bit for bit', async () => {
      const s = l({ __name__: 'stale_test' });
      await store.append([
        { labels: s, timestamp: T0, value: 1 },
        { labels: s, timestamp: T0 + 1000, value: STALE_NAN },
        { labels: s, timestamp: T0 + 2000, value: NaN },
        { labels: s, timestamp: T0 + 3000, value: -0 },
        { labels: s, timestamp: T0 + 4000, value: Infinity },
      ]);
      const [got] = await store.select([m('__name__', '=', 'stale_test')], ALL);
      expect(got.values.length).toBe(5);
      expect(isStaleMarker(got.values[1])).toBe(true);
      expect(Number.isNaN(got.values[2])).toBe(true);
      expect(isStaleMarker(got.values[2])).toBe(false);
      expect(Object.is(got.values[3], -0)).toBe(true);
      expect(got.values[4]).toBe(Infinity);
    });

    it('stops accepting reads and writes once closed', async () => {
      await seed();
      expect(store.isOpen()).toBe(true);
      await store.close();
      expect(store.isOpen()).toBe(false);
      await expect(store.append([{ labels: UP_API, timestamp: T0, value: 1 }])).rejects.toThrow(/closed/);
      await expect(store.select([m('__name__', '=', 'up')], ALL)).rejects.toThrow(/closed/);
    });

    it('reports the series count in stats', async () => {
      await seed();
      const stats = await store.stats();
      expect(stats.series).toBe(5);
      expect(stats.headSamples + stats.blockSamples).toBe(50);
    });
  });
}
