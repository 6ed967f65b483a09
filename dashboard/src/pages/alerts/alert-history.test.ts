import { describe, expect, it } from 'vitest';
import { mergeHistory, transitionsFromAlertsSeries } from './alert-history.js';

const at = (from: number, to: number, step = 60): Array<[number, string]> => {
  const v: Array<[number, string]> = [];
  for (let t = from; t <= to; t += step) v.push([t, '1']);
  return v;
};

describe('transitionsFromAlertsSeries', () => {
  it('reads pending→firing→inactive from runs of ALERTS samples', () => {
    const labels = { __name__: 'ALERTS', alertname: 'HighErrorRate', job: 'shop' };
    const series = [
      { metric: { ...labels, alertstate: 'pending' }, values: at(1200, 1380) },
      { metric: { ...labels, alertstate: 'firing' }, values: at(1440, 2400) },
    ];
    const h = transitionsFromAlertsSeries(series, 60, 0, 3600);
    expect(h.map((e) => [e.at / 1000, e.from, e.to])).toEqual([
      [2460, 'firing', 'inactive'],
      [1440, 'pending', 'firing'],
      [1200, 'inactive', 'pending'],
    ]);
    expect(h[0].labels).toEqual({ alertname: 'HighErrorRate', job: 'shop' });
  });
  it('no transition where a run touches the range edges; a gap splits a run', () => {
    const series = [{ metric: { alertname: 'A', alertstate: 'firing' }, values: [...at(0, 600), ...at(1200, 3600)] }];
    expect(transitionsFromAlertsSeries(series, 60, 0, 3600).map((e) => [e.at / 1000, e.from, e.to])).toEqual([
      [1200, 'inactive', 'firing'],
      [660, 'firing', 'inactive'],
    ]);
  });
});

describe('mergeHistory', () => {
  it('keeps live transitions the series does not have, newest first', () => {
    const labels = { alertname: 'A' };
    const series = [{ at: 100_000, from: 'inactive' as const, to: 'pending' as const, labels, source: 'series' as const }];
    const live = [
      { at: 110_000, from: 'inactive' as const, to: 'pending' as const, labels, source: 'live' as const },
      { at: 400_000, from: 'pending' as const, to: 'firing' as const, labels, source: 'live' as const },
    ];
    expect(mergeHistory(series, live, 60_000).map((e) => [e.at, e.to, e.source])).toEqual([
      [400_000, 'firing', 'live'],
      [100_000, 'pending', 'series'],
    ]);
  });
});
