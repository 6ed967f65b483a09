import { describe, expect, it } from 'vitest';
import { interpolateQuery } from './interpolate-query.js';

const builtins = { rateInterval: '60s', interval: '15s', range: '3600s' };

describe('interpolateQuery', () => {
  it('replaces variables as regexes and the built-in intervals', () => {
    const q = 'rate(x{instance=~"$instance", job=~"${job}"}[$__rate_interval])';
    expect(interpolateQuery(q, { instance: { all: true }, job: { all: false, values: ['api', 'web'] } }, builtins)).toBe(
      'rate(x{instance=~".*", job=~"api|web"}[60s])',
    );
  });

  it('escapes regex metacharacters and quotes so the value matches only itself', () => {
    const q = 'x{route=~"$route"}';
    expect(interpolateQuery(q, { route: { all: false, values: ['/api/v1.0/items(*)'] } }, builtins)).toBe(
      'x{route=~"/api/v1\\\\.0/items\\\\(\\\\*\\\\)"}',
    );
    expect(interpolateQuery(q, { route: { all: false, values: ['a"b'] } }, builtins)).toBe('x{route=~"a\\"b"}');
  });

  it('joins several values (a multi-value variable) with | after escaping each, so a | inside a value stays literal', () => {
    const q = 'x{route=~"$route"}';
    expect(interpolateQuery(q, { route: { all: false, values: ['/a|b', '/c.d', 'e'] } }, builtins)).toBe('x{route=~"/a\\\\|b|/c\\\\.d|e"}');
    expect(interpolateQuery(q, { route: { all: false, values: [] } }, builtins)).toBe('x{route=~".*"}');
  });

  it('leaves unknown variables alone', () => {
    expect(interpolateQuery('x{a=~"$other"}', {}, builtins)).toBe('x{a=~"$other"}');
  });
});
