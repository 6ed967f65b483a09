import { describe, expect, it } from 'vitest';
import { describeRange, parseDurationMs, resolveRange, resolveTime } from './time-range.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('time ranges', () => {
  it('resolves relative and absolute ends', () => {
    expect(resolveTime('now', NOW)).toBe(NOW);
    expect(resolveTime('now-6h', NOW)).toBe(NOW - 6 * 3_600_000);
    expect(resolveTime(String(NOW - 1000), NOW)).toBe(NOW - 1000);
    expect(resolveTime('yesterday', NOW)).toBeUndefined();
    expect(parseDurationMs('2w')).toBe(14 * 86_400_000);
  });

  it('falls back to the last hour for an unreadable or inverted range', () => {
    expect(resolveRange({ from: 'now-1d', to: 'now' }, NOW)).toEqual({ start: (NOW - 86_400_000) / 1000, end: NOW / 1000 });
    expect(resolveRange({ from: 'garbage', to: 'now' }, NOW)).toEqual({ start: (NOW - 3_600_000) / 1000, end: NOW / 1000 });
    expect(resolveRange({ from: String(NOW), to: String(NOW - 1) }, NOW).end - resolveRange({ from: String(NOW), to: String(NOW - 1) }, NOW).start).toBe(3600);
  });

  it('describes presets by name', () => {
    expect(describeRange({ from: 'now-6h', to: 'now' })).toBe('Last 6 hours');
    expect(describeRange({ from: 'now-2h', to: 'now' })).toBe('Last 2h');
  });
});
