import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../aggregation/index.js';
import type { InstantVector } from '../values.js';
import { formatGoFloat, formatGoFloatV } from './go-float.js';
import { goSort } from './go-sort.js';
import { ascendingNaNLast, descendingNaNLast } from './sort.js';

interface OrderCase {
  values: string[];
  sort: number[];
  sortDesc: number[];
  k: number;
  topk: number[];
  bottomk: number[];
}

interface Reference {
  cases: OrderCase[];
  floats: Array<{ bits: string; f: string; v: string }>;
}

// Element orders and float text produced by Go itself (see `source` in the file): ties and NaNs included.
const reference = JSON.parse(readFileSync(new URL('./testdata/go-reference.json', import.meta.url), 'utf8')) as Reference;

function parseValue(text: string): number {
  if (text === 'NaN') return NaN;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

function ids(vector: InstantVector): number[] {
  return vector.map((el) => Number(el.labels.id));
}

describe('orders as Go 1.19 / Prometheus 2.42 give them', () => {
  it.each(reference.cases.map((c, i) => [i, c.values.length, c] as const))('case %d (%d elements)', (_i, _n, c) => {
    const input: InstantVector = c.values.map((v, i) => ({ labels: { id: String(i) }, value: parseValue(v) }));
    const ascending = input.slice();
    goSort(ascending, ascendingNaNLast);
    const descending = input.slice();
    goSort(descending, descendingNaNLast);
    expect(ids(ascending)).toEqual(c.sort);
    expect(ids(descending)).toEqual(c.sortDesc);
    expect(ids(aggregate({ op: 'topk', grouping: [], without: false, param: c.k }, input))).toEqual(c.topk);
    expect(ids(aggregate({ op: 'bottomk', grouping: [], without: false, param: c.k }, input))).toEqual(c.bottomk);
  });
});

describe('float text as Go formats it', () => {
  it(`FormatFloat 'f' -1 and %v agree on ${reference.floats.length} values`, () => {
    const view = new DataView(new ArrayBuffer(8));
    const mismatches: string[] = [];
    for (const f of reference.floats) {
      view.setBigUint64(0, BigInt(f.bits));
      const v = view.getFloat64(0);
      if (formatGoFloat(v) !== f.f) mismatches.push(`f ${f.f} → ${formatGoFloat(v)}`);
      if (formatGoFloatV(v) !== f.v) mismatches.push(`v ${f.v} → ${formatGoFloatV(v)}`);
    }
    expect(mismatches).toEqual([]);
  });
});
