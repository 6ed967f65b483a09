import { describe, expect, it } from 'vitest';
import { callVector, vectorOf } from './test-args.js';

const input = vectorOf([3, NaN, 1, 2, -Infinity].map((value, i) => ({ labels: { __name__: 'm', i: String(i) }, value })));

describe('sort, sort_desc', () => {
  it('sort is ascending with NaN last, labels kept', () => {
    const out = callVector('sort', [input]);
    expect(out.map((e) => e.value)).toEqual([-Infinity, 1, 2, 3, NaN]);
    expect(out[0].labels).toEqual({ __name__: 'm', i: '4' });
  });

  it('sort_desc is descending with NaN last', () => {
    expect(callVector('sort_desc', [input]).map((e) => e.value)).toEqual([3, 2, 1, -Infinity, NaN]);
  });

  it('sorts long vectors too', () => {
    const values = Array.from({ length: 40 }, (_, i) => (i * 17) % 40);
    const out = callVector('sort', [vectorOf(values.map((value) => ({ labels: {}, value })))]);
    expect(out.map((e) => e.value)).toEqual([...values].sort((a, b) => a - b));
  });
});
