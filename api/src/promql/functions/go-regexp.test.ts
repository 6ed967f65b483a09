import { describe, expect, it } from 'vitest';
import { compileGoRegexp, expandGoTemplate } from './go-regexp.js';

describe('compileGoRegexp', () => {
  it.each([
    ['(?P<host>[a-z]+):\\d+', 'web:80', true],
    ['(?i)WEB', 'web', true],
    ['WEB', 'web', false],
    ['[[:alpha:]]+-[[:digit:]]+', 'abc-123', true],
    ['[[:alpha:]]+', 'abc1', false],
    ['[^[:space:]]+', 'a b', false],
    ['[[:word:].]+', 'a_b.c', true],
    ['\\Aab\\z', 'ab', true],
    ['a.c', 'a\nc', false],
  ])('%s on %j: %s', (source, text, want) => {
    expect(compileGoRegexp(source, true).test(text)).toBe(want);
  });

  it('throws on invalid syntax', () => {
    expect(() => compileGoRegexp('(', true)).toThrow(SyntaxError);
  });
});

describe('expandGoTemplate', () => {
  const match = compileGoRegexp('(?P<first>a)(b)?(c)', true).exec('ac');
  it.each([
    ['$1', 'a'],
    ['${first}|$first', 'a|a'],
    ['$2', ''],
    ['$3$3', 'cc'],
    ['$03', ''],
    ['$$', '$'],
    ['${1', '${1'],
    ['x$', 'x$'],
  ])('%s → %j', (template, want) => {
    expect(match).not.toBeNull();
    if (match) expect(expandGoTemplate(template, match)).toBe(want);
  });
});
