import { describe, expect, it } from 'vitest';
import { LoadProfile } from './load-profile.js';

describe('LoadProfile', () => {
  it('a flat profile is the base rate at every time', () => {
    const p = new LoadProfile({ sessionsPerSecond: 3, dayPeriodMs: 0, bursts: false, random: () => 0 });
    expect([0, 1000, 3_600_000].map((t) => p.rateAt(t))).toEqual([3, 3, 3]);
  });

  it('the diurnal curve swings between 0.5x and 1.5x over one period', () => {
    const p = new LoadProfile({ sessionsPerSecond: 2, dayPeriodMs: 40_000, bursts: false, random: () => 0.5 });
    expect(p.rateAt(0)).toBeCloseTo(2, 9);
    expect(p.rateAt(10_000)).toBeCloseTo(3, 9); // peak at a quarter period
    expect(p.rateAt(20_000)).toBeCloseTo(2, 9);
    expect(p.rateAt(30_000)).toBeCloseTo(1, 9); // trough
  });

  it('a burst multiplies the rate by 3-5x for 10-30 s, then the rate falls back', () => {
    // First roll (per second) starts a burst; the next two pick its length (0.5 -> 20 s) and factor (0.5 -> 4x).
    const rolls = [0, 0.5, 0.5];
    const p = new LoadProfile({ sessionsPerSecond: 1, dayPeriodMs: 0, bursts: true, random: () => rolls.shift() ?? 0.99 });
    expect(p.rateAt(500)).toBe(1);
    expect(p.inBurst).toBe(false);
    expect(p.rateAt(1000)).toBe(4);
    expect(p.inBurst).toBe(true);
    expect(p.rateAt(20_500)).toBe(4);
    expect(p.rateAt(21_500)).toBe(1);
    expect(p.inBurst).toBe(false);
  });
});
