import { describe, expect, it } from 'vitest';
import { describeRange, parseDurationMs, parseRelativeInput, resolveRange, resolveTime } from './time-range.js';

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

  it('reads a typed custom relative range as Grafana does: a duration or now-<duration>', () => {
    expect(parseRelativeInput('2d')).toBe('now-2d');
    expect(parseRelativeInput(' now - 90m ')).toBe('now-90m');
    expect(parseRelativeInput('now-2w')).toBe('now-2w');
    for (const bad of ['', '0h', '2', 'd', 'now', 'now+1h', '1.5h', 'yesterday', '2y']) expect(parseRelativeInput(bad)).toBeUndefined();
  });

  it('describes presets by name', () => {
    expect(describeRange({ from: 'now-6h', to: 'now' })).toBe('Last 6 hours');
    expect(describeRange({ from: 'now-2h', to: 'now' })).toBe('Last 2h');
  });
});
