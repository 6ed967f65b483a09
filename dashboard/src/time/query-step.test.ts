import { describe, expect, it } from 'vitest';
import { pointsFor, rateIntervalFor, stepForWidth } from './query-step.js';

describe('stepForWidth', () => {
  it.each([
    [3600, 600, 10],
    [3600, 1200, 5],
    [6 * 3600, 560, 60],
    [30 * 86400, 1200, 3600],
    [365 * 86400, 100, 4 * 86400],
    [60, 2000, 1],
  ])('a %is range over %ipx: step %is', (span, width, step) => {
    expect(stepForWidth(0, span, width)).toBe(step);
  });

  it('never gives more points than pixel columns, for any width', () => {
    for (const span of [300, 3600, 86400, 30 * 86400]) {
      for (let width = 50; width <= 3000; width += 37) {
        const step = stepForWidth(1_000_000, 1_000_000 + span, width);
        // pointsFor counts both ends: at most one extra point over the columns.
        expect(pointsFor(1_000_000, 1_000_000 + span, step) - 1).toBeLessThanOrEqual(width);
      }
    }
  });

  it('keeps the minimum step', () => {
    expect(stepForWidth(0, 60, 1000, 15)).toBe(15);
  });
});

describe('rateIntervalFor', () => {
  it('is at least four 15 s scrapes, and a step plus a scrape for wide steps', () => {
    expect(rateIntervalFor(10)).toBe('60s');
    expect(rateIntervalFor(300)).toBe('315s');
  });
});
