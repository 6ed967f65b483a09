import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from './index.js';
import { callFunction, callVector, scalarOf, vectorOf } from './test-args.js';

describe('time, timestamp, vector, scalar', () => {
  it('time() is the evaluation time in seconds', () => {
    expect(callFunction('time', [], { timeMs: 1500 })).toBe(1.5);
  });

  it('timestamp() uses the sample time when the engine supplies it, else the step time', () => {
    const out = callVector(
      'timestamp',
      [
        vectorOf([
          { labels: { __name__: 'm', a: '1' }, value: 7, sampleTimestamp: 12_345 },
          { labels: { a: '2' }, value: 7 },
        ]),
      ],
      { timeMs: 20_000 },
    );
    expect(out).toEqual([
      { labels: { a: '1' }, value: 12.345 },
      { labels: { a: '2' }, value: 20 },
    ]);
  });

  it('vector(s) has one element without labels; scalar(v) needs exactly one element', () => {
    expect(callVector('vector', [scalarOf(3)])).toEqual([{ labels: {}, value: 3 }]);
    expect(callFunction('scalar', [vectorOf([{ labels: { a: '1' }, value: 4 }])])).toBe(4);
    expect(callFunction('scalar', [vectorOf([])])).toBeNaN();
    expect(callFunction('scalar', [vectorOf([{ labels: { a: '1' }, value: 4 }, { labels: { a: '2' }, value: 5 }])])).toBeNaN();
  });
});

describe('FUNCTIONS signatures', () => {
  it('lists the 70 functions of Prometheus 2.42', () => {
    expect(FUNCTIONS.size).toBe(70);
  });

  it.each([
    ['round', ['vector', 'scalar'], 1, 'vector'],
    ['label_join', ['vector', 'string', 'string', 'string'], -1, 'vector'],
    ['label_replace', ['vector', 'string', 'string', 'string', 'string'], 0, 'vector'],
    ['year', ['vector'], 1, 'vector'],
    ['vector', ['scalar'], 0, 'vector'],
    ['scalar', ['vector'], 0, 'scalar'],
    ['time', [], 0, 'scalar'],
    ['quantile_over_time', ['scalar', 'matrix'], 0, 'vector'],
    ['holt_winters', ['matrix', 'scalar', 'scalar'], 0, 'vector'],
    ['histogram_quantile', ['scalar', 'vector'], 0, 'vector'],
  ])('%s(%j) variadic %d returns %s', (name, argTypes, variadic, returnType) => {
    const f = FUNCTIONS.get(name);
    expect(f?.argTypes).toEqual(argTypes);
    expect(f?.variadic).toBe(variadic);
    expect(f?.returnType).toBe(returnType);
  });
});
