import { describe, expect, it } from 'vitest';
import { callVector, vectorOf } from './test-args.js';

// 1136239445 = 2006-01-02T22:04:05Z (a Monday); 1454284800 = 2016-02-01; 1485907200 = 2017-02-01.
describe('date functions', () => {
  it.each([
    ['year', 1136239445, 2006],
    ['month', 1136239445, 1],
    ['day_of_month', 1136239445, 2],
    ['day_of_year', 1136239445, 2],
    ['day_of_week', 1136239445, 1],
    ['hour', 1136239445, 22],
    ['minute', 1136239445, 4],
    ['year', 1230767999, 2008],
    ['year', 1230768000, 2009],
    ['day_of_year', 1483191420, 366],
    ['day_of_year', 1672493820, 365],
    ['month', 1456790399, 2],
    ['day_of_month', 1456790399, 29],
    ['month', 1456790400, 3],
    ['days_in_month', 1454284800, 29],
    ['days_in_month', 1485907200, 28],
    ['days_in_month', 1136239445, 31],
    ['days_in_month', 951782400, 29], // 2000-02-29: divisible by 400
    ['days_in_month', 4105123200, 28], // 2100-02-01: divisible by 100 only
    // Before 1970, and fractions truncated toward zero as Go's int64(): -1.5 is 1969-12-31T23:59:59Z (Wednesday).
    ['year', -1.5, 1969],
    ['day_of_month', -1.5, 31],
    ['hour', -1.5, 23],
    ['minute', -1.5, 59],
    ['day_of_week', -1.5, 3],
  ] as Array<[string, number, number]>)('%s(vector(%d)) = %d', (name, seconds, want) => {
    const out = callVector(name, [vectorOf([{ labels: { __name__: 'm', job: 'a' }, value: seconds }])]);
    expect(out).toEqual([{ labels: { job: 'a' }, value: want }]);
  });

  it('defaults to the evaluation time, as one element without labels', () => {
    expect(callVector('year', [], { timeMs: 0 })).toEqual([{ labels: {}, value: 1970 }]);
    expect(callVector('day_of_week', [], { timeMs: 0 })).toEqual([{ labels: {}, value: 4 }]);
    expect(callVector('hour', [], { timeMs: 1136239445_999 })).toEqual([{ labels: {}, value: 22 }]);
  });

  it.each([NaN, Infinity, -Infinity, 1e19, -1e300])('reads %d as Go on amd64 does (int64 overflow to MinInt64)', (v) => {
    const at = (name: string): number => callVector(name, [vectorOf([{ labels: {}, value: v }])])[0].value;
    expect([at('year'), at('month'), at('day_of_month'), at('day_of_week'), at('day_of_year')]).toEqual([292277026596, 12, 4, 0, 339]);
    expect([at('hour'), at('minute'), at('days_in_month')]).toEqual([15, 30, 31]);
  });

  it('handles years far from 1970', () => {
    expect(callVector('year', [vectorOf([{ labels: {}, value: 1e15 }])])[0].value).toBe(31690708);
  });

  it('gives an empty vector for an empty argument', () => {
    expect(callVector('year', [vectorOf([])])).toEqual([]);
  });
});
