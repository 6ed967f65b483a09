import { describe, expect, it } from 'vitest';
import { parseTime } from './prom-params.js';

describe('parseTime (Prometheus API time parameters)', () => {
  it.each([
    ['1435781451.781', 1435781451781],
    ['1435781451', 1435781451000],
    ['1435781451.7815', 1435781451782],
    ['-1.5', -1500],
    ['2015-07-01T20:10:51.781Z', 1435781451781],
    ['2015-07-01T20:10:51.781999999Z', 1435781451781],
    ['2015-07-01T22:10:51+02:00', 1435781451000],
    ['-292273086-05-16T16:47:06Z', -8_640_000_000_000_000],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseTime(text)).toBe(ms);
  });

  it.each(['', 'now', '2015-07-01', '2015-07-01 20:10:51Z', '2015-13-01T00:00:00Z', ' 1'])('rejects %j', (text) => {
    expect(parseTime(text)).toBeUndefined();
  });
});
