import { describe, expect, it } from 'vitest';
import { formatValue } from './format-value.js';
import { formatLegend } from './legend.js';

describe('formatValue', () => {
  it.each([
    [1536, 'bytes', '1.5 KiB'],
    [8589934592, 'bytes', '8 GiB'],
    [2048, 'bytes/s', '2 KiB/s'],
    [0.0123, 'seconds', '12 ms'],
    [0.25, 'seconds', '250 ms'],
    [95, 'seconds', '1.6 min'],
    [42.5, 'percent', '43%'],
    [0.0206, 'ratio', '2.06%'],
    [14, 'requests/s', '14 req/s'],
    [12345, 'short', '12.3k'],
    [1234.5, 'currency', '$1,234.50'],
    [Number.NaN, 'short', 'NaN'],
    [Number.POSITIVE_INFINITY, 'seconds', '+Inf'],
  ] as const)('%d in %s is %s', (v, unit, text) => {
    expect(formatValue(v, unit)).toBe(text);
  });

  it('honours decimals and the currency', () => {
    expect(formatValue(3.14159, 'none', { decimals: 2 })).toBe('3.14');
    expect(formatValue(10, 'currency', { currency: 'EUR' })).toBe('€10.00');
  });
});

describe('formatLegend', () => {
  it('fills the template from labels; a missing label is empty', () => {
    expect(formatLegend('{{instance}} {{ mode }}', { instance: 'web-1', mode: 'idle' })).toBe('web-1 idle');
    expect(formatLegend('{{instance}} in', { job: 'x' })).toBe('in');
  });

  it('without a template shows the series as PromQL does', () => {
    expect(formatLegend(undefined, { __name__: 'up', job: 'api', instance: 'a:1' })).toBe('up{instance="a:1", job="api"}');
  });
});
