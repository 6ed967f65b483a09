import { describe, expect, it } from 'vitest';
import { compareResponses, valuesClose } from './compare-results.js';

const vec = (items: Array<[Record<string, string>, string]>): unknown => ({
  status: 'success',
  data: { resultType: 'vector', result: items.map(([metric, v]) => ({ metric, value: [10, v] })) },
});

describe('compareResponses', () => {
  it('accepts equal vectors in any order, and values within 1e-6 relative', () => {
    expect(compareResponses(vec([[{ a: '1' }, '1'], [{ a: '2' }, '2.0000000001']]), vec([[{ a: '2' }, '2'], [{ a: '1' }, '1']]))).toEqual([]);
  });

  it('requires the order when asked (sort, topk)', () => {
    const diff = compareResponses(vec([[{ a: '1' }, '1'], [{ a: '2' }, '2']]), vec([[{ a: '2' }, '2'], [{ a: '1' }, '1']]), { ordered: true });
    expect(diff[0]).toContain('order or labels differ');
  });

  it('reports values, missing and extra series', () => {
    const diff = compareResponses(vec([[{ a: '1' }, '1.1'], [{ a: '3' }, '3']]), vec([[{ a: '1' }, '1'], [{ a: '2' }, '2']]));
    expect(diff).toEqual([
      '{a="1"} @10: 1.1 here, 1 in Prometheus',
      'only here: {a="3"} [[10,"3"]]',
      'only in Prometheus: {a="2"} [[10,"2"]]',
    ]);
  });

  it('compares matrices point by point, and errors by type', () => {
    const m = (values: Array<[number, string]>): unknown => ({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } });
    expect(compareResponses(m([[1, '1'], [2, 'NaN']]), m([[1, '1'], [2, 'NaN']]))).toEqual([]);
    expect(compareResponses(m([[1, '1']]), m([[1, '1'], [2, '2']]))).toEqual(['{}: 1 points here, 2 in Prometheus']);
    const err = (errorType: string): unknown => ({ status: 'error', errorType, error: 'x' });
    expect(compareResponses(err('bad_data'), err('bad_data'))).toEqual([]);
    expect(compareResponses(err('execution'), err('bad_data'))).toEqual(['errorType execution here, bad_data in Prometheus']);
  });

  it('treats NaN as equal to NaN and infinities exactly', () => {
    expect(valuesClose('NaN', 'NaN', 1e-6)).toBe(true);
    expect(valuesClose('+Inf', '+Inf', 1e-6)).toBe(true);
    expect(valuesClose('+Inf', '-Inf', 1e-6)).toBe(false);
    expect(valuesClose('NaN', '0', 1e-6)).toBe(false);
    expect(valuesClose('1e-300', '0', 1e-6)).toBe(false);
  });
});
