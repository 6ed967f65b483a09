import { describe, expect, it } from 'vitest';
import { callVector, matrixOf, scalarOf, windowOf } from './test-args.js';

function series(values: number[]): ReturnType<typeof matrixOf> {
  return matrixOf([windowOf({ __name__: 'm', job: 'a' }, values.map((v, i) => [i * 10 + 1, v] as const))]);
}

describe('*_over_time', () => {
  it.each([
    { name: 'avg_over_time', values: [1, 2, 3, 4], want: 2.5 },
    { name: 'avg_over_time', values: [Infinity, 1, 2], want: Infinity },
    { name: 'avg_over_time', values: [-Infinity, 1, -Infinity], want: -Infinity },
    { name: 'avg_over_time', values: [Infinity, -Infinity], want: NaN },
    { name: 'avg_over_time', values: [1e308, 1e308], want: 1e308 },
    { name: 'sum_over_time', values: [1, 2, 3, 4], want: 10 },
    { name: 'sum_over_time', values: [1e100, 1, -1e100], want: 1 },
    { name: 'count_over_time', values: [5, 5, 5], want: 3 },
    { name: 'min_over_time', values: [NaN, 3, 1, 2], want: 1 },
    { name: 'min_over_time', values: [3, NaN, 1], want: 1 },
    { name: 'max_over_time', values: [NaN, 3, 1, 2], want: 3 },
    { name: 'max_over_time', values: [NaN, NaN], want: NaN },
    { name: 'stddev_over_time', values: [2, 4, 4, 4, 5, 5, 7, 9], want: 2 },
    { name: 'stdvar_over_time', values: [2, 4, 4, 4, 5, 5, 7, 9], want: 4 },
    { name: 'stdvar_over_time', values: [7], want: 0 },
    { name: 'present_over_time', values: [0, NaN], want: 1 },
    { name: 'last_over_time', values: [1, 2, 7], want: 7 },
  ])('$name($values) = $want', ({ name, values, want }) => {
    const out = callVector(name, [series(values)]);
    expect(out).toHaveLength(1);
    if (Number.isNaN(want)) expect(out[0].value).toBeNaN();
    else expect(out[0].value).toBeCloseTo(want, 10);
  });

  it('drops __name__ except for last_over_time', () => {
    expect(callVector('avg_over_time', [series([1])])[0].labels).toEqual({ job: 'a' });
    expect(callVector('last_over_time', [series([1])])[0].labels).toEqual({ __name__: 'm', job: 'a' });
  });

  it('skips series without samples in the window', () => {
    const arg = matrixOf([windowOf({ job: 'a' }, []), windowOf({ job: 'b' }, [[1, 1]])]);
    expect(callVector('count_over_time', [arg]).map((e) => e.labels.job)).toEqual(['b']);
  });
});

describe('quantile_over_time', () => {
  it.each([
    { q: 0.5, values: [4, 1, 3, 2], want: 2.5 },
    { q: 0, values: [4, 1, 3, 2], want: 1 },
    { q: 1, values: [4, 1, 3, 2], want: 4 },
    { q: 0.75, values: [1, 2, 3], want: 2.5 },
    { q: 0.5, values: [7], want: 7 },
    { q: -0.1, values: [1, 2], want: -Infinity },
    { q: 1.1, values: [1, 2], want: Infinity },
    { q: NaN, values: [1, 2], want: NaN },
  ])('quantile_over_time($q, $values) = $want', ({ q, values, want }) => {
    const out = callVector('quantile_over_time', [scalarOf(q), series(values)]);
    if (Number.isNaN(want)) expect(out[0].value).toBeNaN();
    else expect(out[0].value).toBeCloseTo(want, 12);
    expect(out[0].labels).toEqual({ job: 'a' });
  });
});
