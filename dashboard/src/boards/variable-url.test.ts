import { describe, expect, it } from 'vitest';
import { interpolateQuery } from './interpolate-query.js';
import { ALL_VALUE, variableChoice, withVariableValues } from './variable-url.js';

const builtins = { rateInterval: '60s', interval: '15s', range: '3600s' };
const route = { name: 'route', multi: true };

describe('variable choices in the URL', () => {
  it('reads repeated var-<name> parameters of a multi variable as several values, in order, without duplicates', () => {
    const params = new URLSearchParams('var-route=%2Fapi%2Forders&var-job=shop&var-route=%2Fapi%2Fcart&var-route=%2Fapi%2Forders');
    expect(variableChoice(route, params)).toEqual({ all: false, values: ['/api/orders', '/api/cart'] });
  });

  it('keeps only the first value of a single-value variable', () => {
    const params = new URLSearchParams('var-route=a&var-route=b');
    expect(variableChoice({ name: 'route', multi: false }, params)).toEqual({ all: false, values: ['a'] });
  });

  it('is All without a parameter or with $__all', () => {
    expect(variableChoice(route, new URLSearchParams('var-job=shop'))).toEqual({ all: true });
    expect(variableChoice(route, new URLSearchParams(`var-route=${encodeURIComponent(ALL_VALUE)}`))).toEqual({ all: true });
  });

  it('writes each value as its own parameter and removes the parameter for All, keeping the others', () => {
    const base = new URLSearchParams('from=now-6h&var-route=old');
    const next = withVariableValues(base, 'route', ['/api/a,b', '/api/c']);
    expect(next.toString()).toBe('from=now-6h&var-route=%2Fapi%2Fa%2Cb&var-route=%2Fapi%2Fc');
    expect(variableChoice(route, next)).toEqual({ all: false, values: ['/api/a,b', '/api/c'] });
    expect(withVariableValues(next, 'route', []).toString()).toBe('from=now-6h');
    expect(base.toString()).toBe('from=now-6h&var-route=old');
  });

  it('a multi choice from the URL becomes an alternation of escaped values in the query', () => {
    const choice = variableChoice(route, new URLSearchParams('var-route=%2Fapi%2Fitems(1)&var-route=%2Fapi%2Fcart'));
    expect(interpolateQuery('sum(rate(x{route=~"$route"}[$__rate_interval]))', { route: choice }, builtins)).toBe(
      'sum(rate(x{route=~"/api/items\\\\(1\\\\)|/api/cart"}[60s]))',
    );
  });
});
