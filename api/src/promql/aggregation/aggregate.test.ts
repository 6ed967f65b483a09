import { describe, expect, it } from 'vitest';
import type { InstantVector } from '../values.js';
import { aggregate, type AggregationSpec } from './index.js';

const requests: InstantVector = [
  { labels: { __name__: 'req', job: 'api', instance: '1', group: 'canary' }, value: 1 },
  { labels: { __name__: 'req', job: 'api', instance: '2', group: 'prod' }, value: 4 },
  { labels: { __name__: 'req', job: 'web', instance: '1', group: 'prod' }, value: 2 },
  { labels: { __name__: 'req', job: 'api', instance: '3', group: 'prod' }, value: 7 },
];

function by(op: AggregationSpec['op'], grouping: string[], input: InstantVector, param?: number | string): InstantVector {
  return aggregate({ op, grouping, without: false, param }, input);
}

function values(input: number[]): InstantVector {
  return input.map((value, i) => ({ labels: { __name__: 'm', i: String(i) }, value }));
}

describe('aggregate grouping', () => {
  it('by keeps only the listed labels, in first-seen group order', () => {
    expect(by('sum', ['job'], requests)).toEqual([
      { labels: { job: 'api' }, value: 12 },
      { labels: { job: 'web' }, value: 2 },
    ]);
  });

  it('without drops the listed labels and __name__', () => {
    expect(aggregate({ op: 'sum', grouping: ['instance', 'group'], without: true }, requests)).toEqual([
      { labels: { job: 'api' }, value: 12 },
      { labels: { job: 'web' }, value: 2 },
    ]);
  });

  it('no grouping gives one element without labels; a missing grouping label groups as empty', () => {
    expect(by('sum', [], requests)).toEqual([{ labels: {}, value: 14 }]);
    expect(by('count', ['nope'], requests)).toEqual([{ labels: {}, value: 4 }]);
  });

  it('by (__name__) keeps the name', () => {
    expect(by('count', ['__name__'], requests)).toEqual([{ labels: { __name__: 'req' }, value: 4 }]);
  });

  it('an empty input gives an empty output', () => {
    expect(by('sum', [], [])).toEqual([]);
  });
});

describe('aggregate values', () => {
  it.each([
    { op: 'sum', input: [1, 2, 3.5], want: 6.5 },
    { op: 'avg', input: [1, 2, 3, 4], want: 2.5 },
    { op: 'avg', input: [Infinity, 1, 2], want: Infinity },
    { op: 'avg', input: [1, -Infinity], want: -Infinity },
    { op: 'avg', input: [Infinity, -Infinity], want: NaN },
    { op: 'avg', input: [1e308, 1e308, 1e308], want: 1e308 },
    { op: 'avg', input: [1, NaN], want: NaN },
    { op: 'min', input: [NaN, 3, 1], want: 1 },
    { op: 'min', input: [3, NaN, 2], want: 2 },
    { op: 'max', input: [NaN, 3, 1], want: 3 },
    { op: 'max', input: [NaN, NaN], want: NaN },
    { op: 'count', input: [NaN, 1, 1], want: 3 },
    { op: 'group', input: [5, 7], want: 1 },
    { op: 'stddev', input: [2, 4, 4, 4, 5, 5, 7, 9], want: 2 },
    { op: 'stdvar', input: [2, 4, 4, 4, 5, 5, 7, 9], want: 4 },
    { op: 'stdvar', input: [3], want: 0 },
  ] as Array<{ op: AggregationSpec['op']; input: number[]; want: number }>)('$op($input) = $want', ({ op, input, want }) => {
    const out = by(op, [], values(input));
    expect(out).toHaveLength(1);
    if (Number.isNaN(want)) expect(out[0].value).toBeNaN();
    else expect(out[0].value).toBeCloseTo(want, 9);
  });

  it.each([
    { q: 0.5, input: [4, 1, 3, 2], want: 2.5 },
    { q: 0.9, input: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], want: 10 },
    { q: 0, input: [4, 1], want: 1 },
    { q: -1, input: [4, 1], want: -Infinity },
    { q: 2, input: [4, 1], want: Infinity },
    { q: NaN, input: [4, 1], want: NaN },
  ])('quantile($q, $input) = $want', ({ q, input, want }) => {
    const out = by('quantile', [], values(input), q);
    if (Number.isNaN(want)) expect(out[0].value).toBeNaN();
    else expect(out[0].value).toBeCloseTo(want, 12);
  });
});

describe('count_values', () => {
  it('counts elements per value, formatted like Go, added as the given label', () => {
    const out = by('count_values', ['job'], [
      { labels: { job: 'a' }, value: 1 },
      { labels: { job: 'a' }, value: 1 },
      { labels: { job: 'a' }, value: 2.5 },
      { labels: { job: 'b' }, value: 1e21 },
      { labels: { job: 'b' }, value: 1e-7 },
      { labels: { job: 'b' }, value: -Infinity },
      { labels: { job: 'b' }, value: NaN },
    ], 'value');
    expect(out).toEqual([
      { labels: { job: 'a', value: '1' }, value: 2 },
      { labels: { job: 'a', value: '2.5' }, value: 1 },
      { labels: { job: 'b', value: '1000000000000000000000' }, value: 1 },
      { labels: { job: 'b', value: '0.0000001' }, value: 1 },
      { labels: { job: 'b', value: '-Inf' }, value: 1 },
      { labels: { job: 'b', value: 'NaN' }, value: 1 },
    ]);
  });

  it('with without keeps the other labels and overwrites a label of the same name', () => {
    const out = aggregate({ op: 'count_values', grouping: ['instance'], without: true, param: 'job' }, requests);
    expect(out).toEqual([
      { labels: { job: '1', group: 'canary' }, value: 1 },
      { labels: { job: '4', group: 'prod' }, value: 1 },
      { labels: { job: '2', group: 'prod' }, value: 1 },
      { labels: { job: '7', group: 'prod' }, value: 1 },
    ]);
  });

  it('rejects an invalid label name', () => {
    expect(() => by('count_values', [], requests, 'a-b')).toThrow('invalid label name "a-b"');
  });
});

describe('topk, bottomk', () => {
  it('keep the elements with their own labels, sorted within each group', () => {
    expect(by('topk', ['job'], requests, 2)).toEqual([
      { labels: requests[3].labels, value: 7 },
      { labels: requests[1].labels, value: 4 },
      { labels: requests[2].labels, value: 2 },
    ]);
    expect(by('bottomk', [], requests, 3).map((e) => e.value)).toEqual([1, 2, 4]);
  });

  it('k is truncated, k < 1 gives nothing, and k above the size gives everything', () => {
    expect(by('topk', [], requests, 1.9).map((e) => e.value)).toEqual([7]);
    expect(by('topk', [], requests, 0.5)).toEqual([]);
    expect(by('bottomk', [], requests, -3)).toEqual([]);
    expect(by('topk', [], requests, 100).map((e) => e.value)).toEqual([7, 4, 2, 1]);
  });

  it('NaN loses to any number and comes last', () => {
    expect(by('topk', [], values([NaN, 1, 2]), 2).map((e) => e.value)).toEqual([2, 1]);
    expect(by('topk', [], values([NaN, 1, 2]), 3).map((e) => e.value)).toEqual([2, 1, NaN]);
    expect(by('bottomk', [], values([NaN, 3, 1, 2]), 2).map((e) => e.value)).toEqual([1, 2]);
    expect(by('bottomk', [], values([1, NaN]), 2).map((e) => e.value)).toEqual([1, NaN]);
    expect(by('topk', [], values([NaN, 5]), 1).map((e) => e.value)).toEqual([5]);
  });

  it('selects correctly on larger inputs', () => {
    const input = values(Array.from({ length: 50 }, (_, i) => (i * 37) % 50));
    expect(by('topk', [], input, 5).map((e) => e.value)).toEqual([49, 48, 47, 46, 45]);
    expect(by('bottomk', [], input, 5).map((e) => e.value)).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects a k that does not fit in int64', () => {
    expect(() => by('topk', [], requests, NaN)).toThrow('Scalar value NaN overflows int64');
    expect(() => by('topk', [], requests, 1e20)).toThrow('Scalar value 1e+20 overflows int64');
    expect(() => by('bottomk', [], requests, -Infinity)).toThrow('Scalar value -Inf overflows int64');
  });
});
