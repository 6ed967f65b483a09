import { describe, expect, it } from 'vitest';
import type { InstantVector } from '../values.js';
import { SubqueryPoints } from './subquery-points.js';

describe('SubqueryPoints', () => {
  it('evaluates each aligned inner step once while windows move forward, and serves windows by labels', () => {
    const calls: number[] = [];
    const points = new SubqueryPoints(10, (t): InstantVector => {
      calls.push(t);
      return [
        { labels: { s: 'b' }, value: t },
        ...(t >= 20 ? [{ labels: { s: 'a' }, value: -t }] : []),
      ];
    });
    const w1 = points.window(5, 35);
    expect(calls).toEqual([10, 20, 30]);
    expect(w1.windows.map((w) => [w.labels.s, Array.from(w.timestamps)])).toEqual([
      ['a', [20, 30]],
      ['b', [10, 20, 30]],
    ]);
    expect(w1.samples).toBe(5);
    const w2 = points.window(20, 60);
    expect(calls).toEqual([10, 20, 30, 40, 50, 60]);
    expect(Array.from(w2.windows[1].values)).toEqual([20, 30, 40, 50, 60]);
    // earlier windows stay intact after the buffers grew
    expect(Array.from(w1.windows[1].values)).toEqual([10, 20, 30]);
  });

  it('starts over when asked for steps before the ones it holds', () => {
    const calls: number[] = [];
    const points = new SubqueryPoints(10, (t): InstantVector => {
      calls.push(t);
      return [{ labels: {}, value: t }];
    });
    points.window(100, 120);
    const w = points.window(0, 20);
    expect(calls).toEqual([100, 110, 120, 0, 10, 20]);
    expect(Array.from(w.windows[0].timestamps)).toEqual([0, 10, 20]);
  });
});
