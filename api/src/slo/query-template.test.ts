import { describe, expect, it } from 'vitest';
import { bucketSelections, labelsDroppedBy, parseTemplate, windowTemplateFromQuery } from './query-template.js';

describe('OpenSLO queries as window templates', () => {
  it.each([
    ['a counter selector becomes its rate', 'http_requests_total{code="200"}', true, 'rate(http_requests_total{code="200"}[{{.window}}])'],
    ['inside an aggregation', 'sum by (route) (x_total{a="b"})', true, 'sum by (route) (rate(x_total{a="b"}[{{.window}}]))'],
    ['every selector of an expression', 'sum(a_total) - sum(b_total)', true, 'sum(rate(a_total[{{.window}}])) - sum(rate(b_total[{{.window}}]))'],
    ['a written range stands for the window', 'sum(rate(x_total[1m]))', true, 'sum(rate(x_total[{{.window}}]))'],
    ['a gauge is summed over the window', 'healthy_pods', false, 'sum_over_time(healthy_pods[{{.window}}])'],
    ['subqueries stay as written', 'max_over_time(up[5m:1m])', true, 'max_over_time(up[5m:1m])'],
    ['a placeholder is kept', 'sum(rate(x[{{.window}}]))', true, 'sum(rate(x[{{.window}}]))'],
  ])('%s', (_name, query, counter, template) => {
    expect(windowTemplateFromQuery(query, counter)).toBe(template);
    expect(() => parseTemplate(template)).not.toThrow();
  });

  it('rejects range vectors and invalid PromQL with the parser message', () => {
    expect(() => parseTemplate('rate(x[{{.window}}]')).toThrow(/invalid PromQL: .*parse error/);
    expect(() => parseTemplate('x[{{.window}}]')).toThrow(/instant vector or a scalar, not a matrix/);
  });

  it('finds histogram buckets selected by le', () => {
    expect(bucketSelections('sum(rate(h_bucket{job="a",le="0.2"}[{{.window}}])) / sum(rate(h_count{job="a"}[{{.window}}]))')).toEqual([
      { metric: 'h_bucket', matchers: [{ name: '__name__', type: '=', value: 'h_bucket' }, { name: 'job', type: '=', value: 'a' }], le: 0.2, leText: '0.2' },
    ]);
    expect(bucketSelections('sum(rate(h_bucket{le=~"0.2|0.5"}[5m]))')).toEqual([]);
  });

  it.each([
    ['sum(rate(x[5m]))', ['route']],
    ['sum by (route) (rate(x[5m]))', []],
    ['sum without (instance) (rate(x[5m]))', []],
    ['sum without (route) (rate(x[5m]))', ['route']],
    ['rate(x[5m])', []],
    ['sum by (route) (rate(a[5m])) - sum by (route) (rate(b[5m]))', []],
    ['sum by (route) (rate(a[5m])) / on () group_left sum(rate(b[5m]))', []],
    ['sum by (route) (rate(a[5m])) / on () sum(rate(b[5m]))', ['route']],
    ['sum by (route) (rate(a[5m])) / ignoring (route) sum(rate(b[5m]))', ['route']],
    ['sum by (route) (rate(a[5m])) or sum(rate(b[5m]))', ['route']],
    ['vector(1)', ['route']],
  ])('grouping labels aggregated away by %s', (query, dropped) => {
    expect(labelsDroppedBy(query, ['route'])).toEqual(dropped);
  });
});
