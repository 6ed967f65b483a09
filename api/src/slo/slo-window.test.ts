import { describe, expect, it } from 'vitest';
import type { SloWindow } from './slo-definition.js';
import { windowBounds } from './slo-window.js';

const DAY = 86_400_000;
const cal = (unit: 'day' | 'week' | 'month' | 'quarter' | 'year', count = 1, timeZone = 'UTC', startMs?: number): SloWindow => ({ kind: 'calendar', unit, count, timeZone, startMs, text: `${count}${unit}` });

describe('compliance windows', () => {
  const t = Date.UTC(2024, 4, 15, 13, 30); // Wednesday 2024-05-15 13:30 UTC

  it('rolling: the last `ms` before t', () => {
    expect(windowBounds({ kind: 'rolling', ms: 28 * DAY, text: '28d' }, t)).toEqual({ start: t - 28 * DAY, end: t, periodMs: 28 * DAY });
  });

  it.each([
    ['day', cal('day'), Date.UTC(2024, 4, 15), DAY],
    ['ISO week (Monday)', cal('week'), Date.UTC(2024, 4, 13), 7 * DAY],
    ['month', cal('month'), Date.UTC(2024, 4, 1), 31 * DAY],
    ['quarter', cal('quarter'), Date.UTC(2024, 3, 1), 91 * DAY],
    ['year (leap)', cal('year'), Date.UTC(2024, 0, 1), 366 * DAY],
    ['month in New York (UTC-4 in May)', cal('month', 1, 'America/New_York'), Date.UTC(2024, 4, 1, 4), 31 * DAY],
    ['two-week periods from a start time', cal('week', 2, 'UTC', Date.UTC(2024, 0, 1, 12)), Date.UTC(2024, 4, 6, 12), 14 * DAY],
    ['monthly from the 10th', cal('month', 1, 'UTC', Date.UTC(2022, 0, 10)), Date.UTC(2024, 4, 10), 31 * DAY],
  ])('calendar %s', (_name, w, start, periodMs) => {
    expect(windowBounds(w, t)).toEqual({ start, end: t, periodMs });
  });

  it('a period starts exactly at its boundary', () => {
    const b = Date.UTC(2024, 5, 1);
    expect(windowBounds(cal('month'), b).start).toBe(b);
    expect(windowBounds(cal('month'), b - 1).start).toBe(Date.UTC(2024, 4, 1));
  });
});
