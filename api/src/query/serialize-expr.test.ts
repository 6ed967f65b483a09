import { describe, expect, it } from 'vitest';
import { parseQuery } from './parse-query.js';
import { serializeExpr } from './serialize-expr.js';

describe('serializeExpr', () => {
  it.each([
    ['up', 'up'],
    ['up{job="a", code!="200", path=~"/a.*", m!~"GET|HEAD"}', 'up{job="a", code!="200", path=~"/a.*", m!~"GET|HEAD"}'],
    ['{__name__=~"node_.*"}', '{__name__=~"node_.*"}'],
    ['up[5m] offset 1h', 'up[5m] offset 1h'],
    ['up offset -90s', 'up offset -1m30s'],
    ['up[1h30m]', 'up[1h30m]'],
    ['(up)', '(up)'],
    ['1.5', '1.5'],
    ['-Inf', '-Inf'],
    ['NaN', 'NaN'],
    ['"a\\"b\\n"', '"a\\"b\\n"'],
    ["x{a='q\\\\'}", 'x{a="q\\\\"}'],
  ])('%s prints as %s and parses back to the same AST', (query, printed) => {
    const ast = parseQuery(query);
    expect(serializeExpr(ast)).toBe(printed);
    expect(parseQuery(serializeExpr(ast))).toEqual(ast);
  });
});
