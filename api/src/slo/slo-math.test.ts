import { describe, expect, it } from 'vitest';
import { burnRate, errorBudget, timeToExhaustionMs } from './slo-math.js';

const DAY = 86_400_000;

describe('SLO arithmetic', () => {
  it.each([
    // errorRatio, target, consumed, remaining, totalMinutes over 28 days
    ['no errors', 0, 0.999, 0, 1, 40.32],
    ['half the budget', 0.0005, 0.999, 0.5, 0.5, 40.32],
    ['exactly the budget', 0.001, 0.999, 1, 0, 40.32],
    ['three times the budget', 0.003, 0.999, 3, -2, 40.32],
    ['zero traffic', undefined, 0.999, 0, 1, 40.32],
    ['99% target', 0.003, 0.99, 0.3, 0.7, 403.2],
    ['100% target, no errors', 0, 1, 0, 1, 0],
    ['100% target, errors', 0.0001, 1, 1, 0, 0],
  ])('%s', (_name, errorRatio, target, consumed, remaining, totalMinutes) => {
    const b = errorBudget(errorRatio, target, 28 * DAY);
    expect(b.consumed).toBeCloseTo(consumed, 9);
    expect(b.remaining).toBeCloseTo(remaining, 9);
    expect(b.totalMinutes).toBeCloseTo(totalMinutes, 9);
    expect(b.consumedMinutes).toBeCloseTo(consumed * totalMinutes, 9);
    expect(b.remainingMinutes).toBeCloseTo(remaining * totalMinutes, 9);
  });

  it.each([
    [0.001, 0.999, 1],
    [0.0144, 0.999, 14.4],
    [0, 0.999, 0],
    [undefined, 0.999, undefined],
    [0.01, 1, Infinity],
    [0, 1, 0],
  ])('burn rate of error ratio %s at target %s is %s', (ratio, target, burn) => {
    const b = burnRate(ratio, target);
    if (burn === undefined) expect(b).toBeUndefined();
    else expect(b).toBeCloseTo(burn, 9);
  });

  it('time to exhaustion: remaining × period / burn; 0 when exhausted; none when not burning', () => {
    expect(timeToExhaustionMs(0.5, 14.4, 30 * DAY)).toBeCloseTo((0.5 * 30 * DAY) / 14.4, 3);
    expect(timeToExhaustionMs(1, 1, 28 * DAY)).toBe(28 * DAY);
    expect(timeToExhaustionMs(-0.2, 2, 28 * DAY)).toBe(0);
    expect(timeToExhaustionMs(0.5, 0, 28 * DAY)).toBeUndefined();
    expect(timeToExhaustionMs(0.5, undefined, 28 * DAY)).toBeUndefined();
    expect(timeToExhaustionMs(0.5, Infinity, 28 * DAY)).toBe(0);
  });
});
