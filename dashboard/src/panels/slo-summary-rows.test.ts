import { describe, expect, it } from 'vitest';
import type { SloGroupJson, SloJson } from '../api/slo-api.js';
import { parseAlertFilter, type LabelFilter } from '../format/alert-filter.js';
import { sloSummary, worstBurnRate } from './slo-summary-rows.js';

const rates = (r: Partial<SloGroupJson['burnRates']>): SloGroupJson['burnRates'] => ({ '5m': null, '30m': null, '1h': null, '2h': null, '6h': null, '1d': null, '3d': null, ...r });

function result(sli: number, remaining: number, burn: Partial<SloGroupJson['burnRates']>): SloGroupJson {
  return {
    labels: {},
    sli,
    errorRatio: 1 - sli,
    good: sli * 1000,
    total: 1000,
    errorBudget: { ratio: 0.001, consumed: 1 - remaining, remaining, totalMinutes: 40, consumedMinutes: 40 * (1 - remaining), remainingMinutes: 40 * remaining },
    burnRates: rates(burn),
    windowEvents: rates({}),
    timeToExhaustionMs: null,
  };
}

function slo(name: string, service: string, r: SloGroupJson | null, labels: Record<string, string> = {}): SloJson {
  return {
    name,
    service,
    format: 'prometheus/v1',
    source: { file: 'slo/x.yaml', line: 1 },
    indicator: { kind: 'ratio' },
    objective: { target: 0.999 },
    window: { kind: 'rolling', text: '28d', start: null, end: null, periodMs: null },
    budgetingMethod: 'Occurrences',
    groupBy: [],
    labels,
    state: r ? 'ok' : 'no_data',
    errors: [],
    evaluatedAt: null,
    evaluationMs: null,
    exhaustionBurnWindow: '1h',
    result: r,
    groups: [],
  };
}

const matchers = (text: string): readonly LabelFilter[] => {
  const p = parseAlertFilter(text);
  if (!p.ok) throw new Error(p.error);
  return p.matchers;
};

const SLOS = [
  slo('shop-latency', 'shop', result(0.9995, 0.8, { '5m': 0.4, '1h': 0.6 }), { owner: 'demo' }),
  slo('shop-availability', 'shop', result(0.98, -3, { '5m': 20.5, '1h': 21, '3d': 2 }), { owner: 'demo' }),
  slo('db-uptime', 'db', null, { owner: 'dba' }),
  slo('shop-errors', 'shop', result(0.9992, 0.6, { '5m': 7, '30m': 6.5 })),
];

describe('sloSummary', () => {
  it('lists every SLO worst first: exhausted, burning, no data, ok; counts the burning and exhausted ones', () => {
    const s = sloSummary(SLOS, [], new Map([['shop-errors', 2]]));
    expect(s.rows.map((r) => [r.name, r.status.text, r.status.tone])).toEqual([
      ['shop-availability', 'budget exhausted', 'critical'],
      ['shop-errors', 'burning (2 alerts)', 'warn'],
      ['db-uptime', 'no data', 'muted'],
      ['shop-latency', 'ok', 'ok'],
    ]);
    expect(s.burning).toBe(2);
  });

  it('narrows by matchers over name, service and the SLO labels', () => {
    expect(sloSummary(SLOS, matchers('{service="shop", name=~"shop-(latency|errors)"}'), new Map()).rows.map((r) => r.name)).toEqual([
      'shop-errors',
      'shop-latency',
    ]);
    expect(sloSummary(SLOS, matchers('{owner="dba"}'), new Map()).rows.map((r) => r.name)).toEqual(['db-uptime']);
    expect(sloSummary(SLOS, matchers('{service="web"}'), new Map())).toEqual({ rows: [], burning: 0 });
  });
});

describe('worstBurnRate', () => {
  it('is the highest rate of the windows with events, none without', () => {
    expect(worstBurnRate(result(0.98, 0, { '5m': 20.5, '1h': 21, '3d': 2 }))).toEqual({ window: '1h', rate: 21 });
    expect(worstBurnRate(result(1, 1, {}))).toBeUndefined();
    expect(worstBurnRate(null)).toBeUndefined();
  });
});
