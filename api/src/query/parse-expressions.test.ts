import { describe, expect, it } from 'vitest';
import { expectParseError } from './expect-parse-error.test-helper.js';
import { Cardinality, NodeType, type BinaryExpr, type Expr } from './ast.js';
import { parseQuery } from './parse-query.js';
import { serializeExpr } from './serialize-expr.js';

const parseError = expectParseError;

describe('parseQuery: operators, aggregations, functions, subqueries', () => {
  it('gives * precedence over + and makes ^ right-associative', () => {
    const e = parseQuery('a + b * c') as BinaryExpr;
    expect(e).toMatchObject({ type: NodeType.BinaryExpr, op: '+', rhs: { type: NodeType.BinaryExpr, op: '*' } });
    const p = parseQuery('2 ^ 3 ^ 2') as BinaryExpr;
    expect(p).toMatchObject({ op: '^', lhs: { value: 2 }, rhs: { op: '^', lhs: { value: 3 }, rhs: { value: 2 } } });
    expect(parseQuery('-x ^ 2')).toMatchObject({ type: NodeType.UnaryExpr, op: '-', expr: { type: NodeType.BinaryExpr, op: '^' } });
  });

  it('reads bool, on/ignoring and group_left/group_right with their labels', () => {
    expect(parseQuery('a > bool on(job) b')).toMatchObject({
      op: '>',
      returnBool: true,
      matching: { card: Cardinality.OneToOne, on: true, labels: ['job'], include: [] },
    });
    expect(parseQuery('a * ignoring(code) group_left(team) b')).toMatchObject({
      matching: { card: Cardinality.ManyToOne, on: false, labels: ['code'], include: ['team'] },
    });
    expect(parseQuery('a / on(x) group_right b')).toMatchObject({ matching: { card: Cardinality.OneToMany, include: [] } });
    expect(parseQuery('a and b')).toMatchObject({ matching: { card: Cardinality.ManyToMany, on: false, labels: [] } });
    expect((parseQuery('a + 1') as BinaryExpr).matching).toBeUndefined();
  });

  it('accepts by/without before or after the argument, with parameters', () => {
    const before = parseQuery('sum by (code) (x)');
    const after = parseQuery('sum(x) by (code)');
    expect(before).toEqual(after);
    expect(before).toMatchObject({ type: NodeType.AggregateExpr, op: 'sum', grouping: ['code'], without: false });
    expect(parseQuery('topk without (i) (3, x)')).toMatchObject({ op: 'topk', param: { value: 3 }, without: true, grouping: ['i'] });
    expect(parseQuery('count_values("v", x)')).toMatchObject({ op: 'count_values', param: { type: NodeType.StringLiteral, value: 'v' } });
  });

  it('reads @ with a timestamp, start() and end(), and subqueries with and without a step', () => {
    expect(parseQuery('x @ 100.5')).toMatchObject({ type: NodeType.VectorSelector, at: { kind: 'time', ms: 100_500 } });
    expect(parseQuery('x[5m] @ start()')).toMatchObject({ vectorSelector: { at: { kind: 'start' } } });
    expect(parseQuery('x @ end() offset 1m')).toMatchObject({ offsetMs: 60_000, at: { kind: 'end' } });
    expect(parseQuery('rate(x[1m])[1h:5m] offset 10m')).toMatchObject({
      type: NodeType.Subquery,
      rangeMs: 3_600_000,
      stepMs: 300_000,
      offsetMs: 600_000,
      expr: { type: NodeType.Call, func: 'rate' },
    });
    expect(parseQuery('x[10m:]')).toMatchObject({ type: NodeType.Subquery, stepMs: 0 });
  });

  it('binds offset and @ written after a binary or unary expression to the rightmost selector, as Prometheus does', () => {
    expect(parseQuery('a offset 1m or b offset 2m')).toMatchObject({ lhs: { offsetMs: 60_000 }, rhs: { offsetMs: 120_000 } });
    expect(parseQuery('-x @ 100')).toMatchObject({ type: NodeType.UnaryExpr, expr: { at: { kind: 'time', ms: 100_000 } } });
  });

  it('reads 2.42 syntax the grammar lacks: holt_winters and numbers with a trailing dot', () => {
    expect(parseQuery('holt_winters(x[5m], 0.5, 0.5)')).toMatchObject({ type: NodeType.Call, func: 'holt_winters' });
    expect(parseQuery('1./6.')).toMatchObject({ op: '/', lhs: { value: 1 }, rhs: { value: 6 } });
  });

  it('rewrites RE2 case-insensitive groups into JavaScript regexes', () => {
    expect(parseQuery('x{a=~"(?i:ab)c"}')).toMatchObject({ matchers: [{}, { name: 'a', type: '=~', value: '(?:[aA][bB])c' }] });
  });

  it.each([
    ['sum(x[5m])', 'expected type instant vector in aggregation expression, got range vector'],
    ['topk("a", x)', 'expected type scalar in aggregation parameter, got string'],
    ['"a" + "b"', 'binary expression must contain only scalar and instant vector types'],
    ['1 > 2', 'comparisons between scalars must use BOOL modifier'],
    ['x + bool y', 'bool modifier can only be used on comparison operators'],
    ['1 and x', 'set operator "and" not allowed in binary scalar expression'],
    ['x and on(a) group_left y', 'no grouping allowed for "and" operation'],
    ['rate(x)', 'expected type range vector in call to function "rate", got instant vector'],
    ['rate(x[5m], 1)', 'expected 1 argument(s) in call to "rate", got 2'],
    ['nosuchfn(x)', 'unknown function with name "nosuchfn"'],
    ['-"a"', 'unary expression only allowed on expressions of type scalar or instant vector, got "string"'],
    ['x[5m][10m:]', 'subquery is only allowed on instant vector, got range vector'],
    ['sum(x) @ 100', '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery'],
    ['x @ 1 @ 2', '@ <timestamp> may not be set multiple times'],
  ])('rejects %s: %s', (q, message) => {
    const err = parseError(q);
    expect(err.message).toMatch(/^\d+:\d+: parse error: /);
    expect(err.message).toContain(message);
    expect(err.position?.line).toBe(1);
  });

  it('points at the offending argument', () => {
    expect(parseError('rate(x)').message).toBe('1:6: parse error: expected type range vector in call to function "rate", got instant vector');
  });

  it.each([
    'sum by (code) (rate(http_requests_total{job="api"}[5m]))',
    'a + on(job) group_left(team) b',
    'a > bool ignoring(code) b',
    'topk(3, x) or y',
    'x @ 100.000',
    'max_over_time(rate(x[1m])[1h:5m] offset 1m)',
    'sum without (instance) (x)',
    'histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))',
    '-x ^ 2',
    'label_replace(x, "dst", "$1", "src", "(.*)")',
  ])('%s serializes and parses back to the same AST', (q) => {
    const ast: Expr = parseQuery(q);
    expect(parseQuery(serializeExpr(ast))).toEqual(ast);
  });
});

describe('parseQuery: 2.42 number syntax', () => {
  it('does not read a duration as a number (Prometheus 3 does)', () => {
    expect(parseError('1 + 5m').message).toBe('1:5: parse error: unexpected duration "5m"');
    expect(parseQuery('0x10 + 1e1')).toMatchObject({ lhs: { value: 16 }, rhs: { value: 10 } });
  });
});

describe('parseQuery: ranges bind to the operand', () => {
  it.each([
    ['x + y[5m:1m]', 'binary expression must contain only scalar and instant vector types'],
    ['x + y[5m]', 'binary expression must contain only scalar and instant vector types'],
    ['-x[5m:]', 'unary expression only allowed on expressions of type scalar or instant vector, got "range vector"'],
  ])('rejects %s as Prometheus does', (q, message) => {
    expect(parseError(q).message).toContain(message);
  });

  it('still accepts ranges over parenthesized operations', () => {
    expect(parseQuery('max_over_time((x + y)[5m:1m])')).toMatchObject({ args: [{ type: NodeType.Subquery, expr: { type: NodeType.ParenExpr } }] });
  });
});

describe('parseQuery: only the 2.42 language', () => {
  it('rejects aggregations that only Prometheus 3 knows', () => {
    expect(parseError('limitk(2, x)').message).toBe('1:1: parse error: unknown function with name "limitk"');
  });
});
