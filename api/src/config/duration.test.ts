import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['5m', 300_000],
    ['15d', 15 * 86_400_000],
    ['1h30m', 5_400_000],
    ['2h', 7_200_000],
    ['500ms', 500],
    ['1w', 7 * 86_400_000],
    ['1y', 365 * 86_400_000],
    ['1d2h3m4s5ms', 86_400_000 + 7_200_000 + 180_000 + 4_000 + 5],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '5M', '1.5h', '30m1h', '-5m', '5 m', 'abc', '1h1h'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/not a valid duration/);
  });

  it('formats like Prometheus', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(15 * 86_400_000)).toBe('2w1d');
  });
});
