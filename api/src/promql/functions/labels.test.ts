import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { callVector, stringOf, vectorOf } from './test-args.js';

const input = vectorOf([
  { labels: { __name__: 'up', src: 'a-b', dst: 'old' }, value: 1 },
  { labels: { __name__: 'up', src: 'nomatch' }, value: 2 },
]);

function replace(dst: string, replacement: string, src: string, regex: string): ReturnType<typeof callVector> {
  return callVector('label_replace', [input, stringOf(dst), stringOf(replacement), stringOf(src), stringOf(regex)]);
}

describe('label_replace', () => {
  it.each([
    { replacement: '${2}_$1', want: 'b_a' },
    // As in Go, `$2_` names group "2_" (which does not exist), a classic label_replace surprise.
    { replacement: '$2_$1', want: 'a' },
    { replacement: '${1}x', want: 'ax' },
    { replacement: '$1x', want: undefined }, // group "1x" does not exist: empty, so dst is removed
    { replacement: '$$1', want: '$1' },
    { replacement: '$9', want: undefined },
    { replacement: 'lit', want: 'lit' },
    { replacement: '$', want: '$' },
  ])('expands $replacement to $want', ({ replacement, want }) => {
    const out = replace('dst', replacement, 'src', '(.*)-(.*)');
    expect(out[0].labels.dst).toBe(want);
    expect(out[0].labels.__name__).toBe('up');
    expect(out[0].value).toBe(1);
  });

  it('leaves elements alone when the anchored regex does not match', () => {
    const out = replace('dst', 'x', 'src', 'a');
    expect(out.map((e) => e.labels)).toEqual([
      { __name__: 'up', src: 'a-b', dst: 'old' },
      { __name__: 'up', src: 'nomatch' },
    ]);
  });

  it('matches a missing source label as the empty string, and supports (?P<name>) groups', () => {
    expect(replace('new', 'set', 'missing', '')[1].labels.new).toBe('set');
    expect(replace('dst', '$first', 'src', '(?P<first>[a-z])-.*')[0].labels.dst).toBe('a');
  });

  it('rejects a bad regex or destination name with an execution error', () => {
    expect(() => replace('dst', '', 'src', '(')).toThrow('invalid regular expression in label_replace(): (');
    expect(() => replace('0dst', '', 'src', '.*')).toThrow('invalid destination label name in label_replace(): 0dst');
    try {
      replace('dst', '', 'src', '(');
    } catch (e) {
      expect((e as AppError).code).toBe('execution');
    }
    expect(() => callVector('label_replace', [vectorOf([]), stringOf('a-b'), stringOf(''), stringOf('s'), stringOf('.*')])).toThrow(
      AppError,
    );
  });
});

describe('label_join', () => {
  const vec = vectorOf([{ labels: { __name__: 'up', a: 'x', b: 'y', dst: 'old' }, value: 3 }]);
  const join = (dst: string, sep: string, ...src: string[]): ReturnType<typeof callVector> =>
    callVector('label_join', [vec, stringOf(dst), stringOf(sep), ...src.map(stringOf)]);

  it('joins source values (missing as empty) and keeps __name__', () => {
    expect(join('dst', '-', 'a', 'b')).toEqual([{ labels: { __name__: 'up', a: 'x', b: 'y', dst: 'x-y' }, value: 3 }]);
    expect(join('dst', '-', 'a', 'missing')[0].labels.dst).toBe('x-');
    expect(join('a', '', 'b', 'a')[0].labels.a).toBe('yx');
  });

  it('removes the destination when the result is empty (no sources, or empty sources)', () => {
    expect(join('dst', '-')[0].labels).not.toHaveProperty('dst');
    expect(join('dst', '', 'missing')[0].labels).not.toHaveProperty('dst');
  });

  it('rejects invalid label names', () => {
    expect(() => join('dst', '-', 'a-b')).toThrow('invalid source label name in label_join(): a-b');
    expect(() => join('1dst', '-', 'a')).toThrow('invalid destination label name in label_join(): 1dst');
  });
});
