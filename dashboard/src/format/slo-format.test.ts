import { describe, expect, it } from 'vitest';
import { budgetBar, burnRateTone, formatBurnRate, formatExhaustion, formatMinutes, formatPercent, sloStatus } from './slo-format.js';

describe('budgetBar', () => {
  it.each([
    [1, 100, 'ok', '100% left'],
    [0.725, 72.5, 'ok', '72.5% left'],
    [0.4, 40, 'attention', '40% left'],
    [0.1, 10, 'warn', '10% left'],
    [0, 0, 'critical', 'exhausted'],
    [-0.4, 0, 'critical', 'overspent by 40%'],
    [0.9996, 99.96, 'ok', '99.96% left'],
  ])('remaining %d: %d%% filled, %s, "%s"', (remaining, percent, tone, text) => {
    const bar = budgetBar(remaining);
    expect(bar.percent).toBeCloseTo(percent, 6);
    expect(bar.tone).toBe(tone);
    expect(bar.text).toBe(text);
  });
});

describe('formatting', () => {
  it('minutes of budget as the two largest units, negative when overspent', () => {
    expect(formatMinutes(40.32)).toBe('40m');
    expect(formatMinutes(192)).toBe('3h 12m');
    expect(formatMinutes(120)).toBe('2h');
    expect(formatMinutes(3 * 1440 + 125)).toBe('3d 2h');
    expect(formatMinutes(-12)).toBe('-12m');
    expect(formatMinutes(0.5)).toBe('30s');
  });
  it('time to exhaustion', () => {
    expect(formatExhaustion(null)).toBe('not burning');
    expect(formatExhaustion(0)).toBe('exhausted');
    expect(formatExhaustion(5 * 3_600_000 + 20 * 60_000)).toBe('in 5h 20m');
  });
  it('percentages keep the digits that tell targets apart and never round up to the target', () => {
    expect(formatPercent(0.999)).toBe('99.9%');
    expect(formatPercent(0.9995)).toBe('99.95%');
    expect(formatPercent(0.998996)).toBe('99.899%');
    expect(formatPercent(0.95)).toBe('95%');
    expect(formatPercent(null)).toBe('no data');
  });
  it('burn rates and their colours (SRE Workbook factors)', () => {
    expect(formatBurnRate(0.5234)).toBe('0.52×');
    expect(formatBurnRate(14.4)).toBe('14.4×');
    expect(formatBurnRate(null)).toBe('—');
    expect([burnRateTone(0.5), burnRateTone(1.5), burnRateTone(6), burnRateTone(20), burnRateTone(null)]).toEqual(['ok', 'attention', 'warn', 'critical', 'muted']);
  });
});

describe('sloStatus', () => {
  const result = (sli: number, remaining: number, total = 100): NonNullable<Parameters<typeof sloStatus>[0]['result']> => ({
    labels: {},
    sli,
    errorRatio: 1 - sli,
    good: total * sli,
    total,
    errorBudget: { ratio: 0.001, consumed: 1 - remaining, remaining, totalMinutes: 40.32, consumedMinutes: 0, remainingMinutes: 0 },
    burnRates: { '5m': null, '30m': null, '1h': null, '2h': null, '6h': null, '1d': null, '3d': null },
    windowEvents: { '5m': null, '30m': null, '1h': null, '2h': null, '6h': null, '1d': null, '3d': null },
    timeToExhaustionMs: null,
  });
  it('orders error, no data, exhausted, firing alerts, below target, ok', () => {
    expect(sloStatus({ state: 'error', result: null, errors: ['x'] }, 0).text).toBe('error');
    expect(sloStatus({ state: 'ok', result: result(1, 1, 0), errors: [] }, 0).text).toBe('no data');
    expect(sloStatus({ state: 'ok', result: result(0.99, -2), errors: [] }, 1).text).toBe('budget exhausted');
    expect(sloStatus({ state: 'ok', result: result(0.9995, 0.5), errors: [] }, 2).text).toBe('burning (2 alerts)');
    expect(sloStatus({ state: 'ok', result: result(0.9985, 0.2), errors: [] }, 0).text).toBe('below target');
    expect(sloStatus({ state: 'ok', result: result(0.9995, 0.5), errors: [] }, 0)).toEqual({ text: 'ok', tone: 'ok' });
  });
});
