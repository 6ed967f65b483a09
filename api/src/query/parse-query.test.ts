import { describe, expect, it } from 'vitest';
import { expectParseError } from './expect-parse-error.test-helper.js';
import { NodeType } from './ast.js';
import { parseNumberLiteral, parseQuery } from './parse-query.js';

const parseError = expectParseError;

describe('parseQuery', () => {
  it('parses a vector selector with all four matcher types', () => {
    expect(parseQuery('http_requests_total{job="api", code!="200", path=~"/a.*", method!~"GET|HEAD"}')).toEqual({
      type: NodeType.VectorSelector,
      name: 'http_requests_total',
      offsetMs: 0,
      matchers: [
        { name: '__name__', type: '=', value: 'http_requests_total' },
        { name: 'job', type: '=', value: 'api' },
        { name: 'code', type: '!=', value: '200' },
        { name: 'path', type: '=~', value: '/a.*' },
        { name: 'method', type: '!~', value: 'GET|HEAD' },
      ],
    });
  });

  it('parses {__name__=~...} without a metric name', () => {
    expect(parseQuery('{__name__=~"node_.*"}')).toMatchObject({
      type: NodeType.VectorSelector,
      name: '',
      matchers: [{ name: '__name__', type: '=~', value: 'node_.*' }],
    });
  });

  it('parses matrix selectors with offsets, including negative ones', () => {
    expect(parseQuery('up[5m] offset 1h')).toMatchObject({
      type: NodeType.MatrixSelector,
      rangeMs: 300_000,
      vectorSelector: { name: 'up', offsetMs: 3_600_000 },
    });
    expect(parseQuery('up offset -1m30s')).toMatchObject({ type: NodeType.VectorSelector, offsetMs: -90_000 });
    expect(parseQuery('up[1h30m]')).toMatchObject({ rangeMs: 5_400_000 });
  });

  it('parses number and string literals the way Go does', () => {
    expect(parseQuery('1.5')).toEqual({ type: NodeType.NumberLiteral, value: 1.5 });
    expect(parseQuery('-2')).toEqual({ type: NodeType.NumberLiteral, value: -2 });
    expect(parseQuery('0x1f')).toEqual({ type: NodeType.NumberLiteral, value: 31 });
    expect(parseQuery('1e3')).toEqual({ type: NodeType.NumberLiteral, value: 1000 });
    expect(parseQuery('Inf')).toEqual({ type: NodeType.NumberLiteral, value: Infinity });
    expect(parseQuery('"a\\tb"')).toEqual({ type: NodeType.StringLiteral, value: 'a\tb' });
    expect(parseNumberLiteral('NaN')).toBeNaN();
    expect(parseNumberLiteral('-inf')).toBe(-Infinity);
  });

  it('unquotes label values: escapes, single quotes and raw backticks', () => {
    const q = parseQuery('x{a="q\\"uo\\\\te\\n", b=\'s\', c=`raw\\n`}');
    expect(q).toMatchObject({
      matchers: [
        { name: '__name__', value: 'x' },
        { name: 'a', value: 'q"uo\\te\n' },
        { name: 'b', value: 's' },
        { name: 'c', value: 'raw\\n' },
      ],
    });
  });

  it('ignores # comments', () => {
    expect(parseQuery('# the up metric\nup # trailing')).toMatchObject({ type: NodeType.VectorSelector, name: 'up' });
    expect(() => parseQuery('# only a comment')).toThrow('no expression found in input');
  });

  it('keeps parentheses as a node', () => {
    expect(parseQuery('(up)')).toMatchObject({ type: NodeType.ParenExpr, expr: { type: NodeType.VectorSelector, name: 'up' } });
  });

  it('reports syntax errors with Prometheus line:column positions', () => {
    expect(parseError('foo{').message).toBe('1:5: parse error: unexpected end of input inside braces');
    const e = parseError('foo bar');
    expect(e.message).toBe('1:5: parse error: unexpected identifier "bar"');
    expect(e.position).toEqual({ line: 1, column: 5, offset: 4 });
    expect(parseError('foo{a="b",\n  c~"d"}').message).toMatch(/^2:4: parse error: /);
    expect(parseError('').message).toBe('1:1: parse error: no expression found in input');
  });

  it('rejects selectors that match everything, names set twice and bad regexes', () => {
    expect(parseError('{a=~".*"}').message).toBe('1:1: parse error: vector selector must contain at least one non-empty matcher');
    expect(parseError('{a=""}').message).toMatch(/at least one non-empty matcher/);
    expect(parseError('foo{__name__="bar"}').message).toBe('1:1: parse error: metric name must not be set twice: "foo" or "bar"');
    expect(parseError('foo{a=~"("}').message).toMatch(/^1:5: parse error: error parsing regexp: .*: `\^\(\?:\(\)\$`$/);
  });

  it('rejects offsets set twice or before a range, and ranges on non-selectors', () => {
    expect(parseError('foo offset 5m offset 1m').message).toMatch(/offset may not be set multiple times/);
    expect(parseError('foo offset 5m [5m]').message).toMatch(/no offset modifiers allowed before range/);
    expect(parseError('(foo)[5m]').message).toMatch(/ranges only allowed for vector selectors/);
    expect(parseError('1 offset 5m').message).toMatch(/offset modifier must be preceded/);
  });

  // Messages and positions checked against a real Prometheus 2.42 (Debian's package) on the same queries.
  it.each([
    ['foo{', '1:5: parse error: unexpected end of input inside braces'],
    ['foo bar', '1:5: parse error: unexpected identifier "bar"'],
    ['foo{a~"b"}', "1:6: parse error: unexpected character inside braces: '~'"],
    ['foo}', "1:4: parse error: unexpected character: '}'"],
    ['foo[5m', '1:7: parse error: unclosed left bracket'],
    ['foo[1.5m]', '1:5: parse error: not a valid duration string: "1.5m"'],
    ['up[0s]', '1:4: parse error: duration must be greater than 0'],
    ['up[90]', '1:4: parse error: missing unit character in duration'],
    ['up offset 90', '1:11: parse error: unexpected number "90" in offset, expected duration'],
    ['{a=~".*"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
    ['foo{__name__="bar"}', '1:1: parse error: metric name must not be set twice: "foo" or "bar"'],
    ['foo offset 5m offset 1m', '1:1: parse error: offset may not be set multiple times'],
    ['foo offset 5m [5m]', '1:15: parse error: no offset modifiers allowed before range'],
    ['(foo)[5m]', '1:6: parse error: ranges only allowed for vector selectors'],
    ['', '1:1: parse error: no expression found in input'],
  ])('%j fails like Prometheus 2.42: %s', (q, message) => {
    expect(parseError(q).message).toBe(message);
  });
});
