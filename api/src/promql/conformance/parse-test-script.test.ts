import { describe, expect, it } from 'vitest';
import { isStaleMarker } from '../../storage/stale-marker.js';
import { expandValue, parseTestScript } from './parse-test-script.js';

describe('parseTestScript', () => {
  it('expands series values as Prometheus does', () => {
    expect(expandValue('0+10x3')).toEqual([0, 10, 20, 30]);
    expect(expandValue('5-1x2')).toEqual([5, 4, 3]);
    expect(expandValue('7x2')).toEqual([7, 7, 7]);
    expect(expandValue('_x3')).toEqual([undefined, undefined, undefined]);
    expect(expandValue('-Inf')).toEqual([-Infinity]);
    expect(expandValue('NaN')[0]).toBeNaN();
  });

  it('reads load blocks with blanks and stale markers, clear, and the three eval forms', () => {
    const commands = parseTestScript(
      [
        '# comment',
        'load 5m',
        '  metric{a="x y"} 1 _ stale 4',
        '  {__name__="other"} 0+1x1',
        '',
        'eval instant at 10m metric',
        '  metric{a="x y"} 1',
        '',
        'eval_ordered instant at 1m sort(metric)',
        'eval_fail instant at 0s foo(',
        'eval instant at 0s 1',
        '  1',
        'clear',
      ].join('\n'),
    );
    expect(commands.map((c) => c.kind)).toEqual(['load', 'eval', 'eval', 'eval', 'eval', 'clear']);
    const load = commands[0];
    if (load.kind !== 'load') throw new Error('load expected');
    expect(load.series[0].labels).toEqual({ __name__: 'metric', a: 'x y' });
    expect(load.series[0].timestamps).toEqual([0, 600_000, 900_000]);
    expect(isStaleMarker(load.series[0].values[1])).toBe(true);
    expect(load.series[1].timestamps).toEqual([0, 300_000]);
    expect(commands[1]).toMatchObject({ timeMs: 600_000, expr: 'metric', ordered: false, fail: false, samples: [{ value: 1 }] });
    expect(commands[2]).toMatchObject({ ordered: true, samples: [] });
    expect(commands[3]).toMatchObject({ fail: true, expr: 'foo(' });
    expect(commands[4]).toMatchObject({ scalar: 1, samples: [] });
  });
});
