import { describe, expect, it } from 'vitest';
import { goSort } from './go-sort.js';

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s;
  };
}

describe('goSort (Go pdqsort)', () => {
  it.each([0, 1, 2, 12, 13, 49, 50, 51, 200, 1000])('sorts %d random numbers', (n) => {
    const next = lcg(n + 1);
    const values = Array.from({ length: n }, () => next() % 100);
    const got = values.slice();
    goSort(got, (a, b) => a < b);
    expect(got).toEqual(values.slice().sort((a, b) => a - b));
  });

  it.each([
    ['ascending', (i: number) => i],
    ['descending', (i: number) => 500 - i],
    ['constant', () => 7],
    ['sawtooth', (i: number) => i % 17],
    ['organ pipe', (i: number) => (i < 250 ? i : 500 - i)],
  ])('sorts %s patterns (reversal, partial insertion, equal partitions, heapsort fallback)', (_name, f) => {
    const values = Array.from({ length: 500 }, (_, i) => f(i));
    const got = values.slice();
    goSort(got, (a, b) => a < b);
    expect(got).toEqual(values.slice().sort((a, b) => a - b));
  });

  it('keeps insertion-sort order for short inputs with ties, as Go does', () => {
    const items = [
      { v: 1, id: 'a' },
      { v: 0, id: 'b' },
      { v: 1, id: 'c' },
      { v: 0, id: 'd' },
    ];
    goSort(items, (x, y) => x.v < y.v);
    expect(items.map((x) => x.id)).toEqual(['b', 'd', 'a', 'c']);
  });
});
