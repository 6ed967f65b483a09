import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import type { LogQuery } from './log-query-ast.js';
import { parseLogQuery } from './parse-log-query.js';

/** A compact rendering of the AST, so cases read as `query ==> tree`. */
function show(q: LogQuery): string {
  switch (q.kind) {
    case 'all':
      return '*';
    case 'text':
      return `${q.phrase ? 'phrase' : 'term'}(${JSON.stringify(q.text)}${q.prefix ? '*' : ''})@${q.position}`;
    case 'field': {
      const name = typeof q.field === 'object' ? `attr:${q.field.attribute}` : q.field;
      return `${name}=${JSON.stringify(q.value)}${q.prefix ? '*' : ''}@${q.position}`;
    }
    case 'not':
      return `not(${show(q.operand)})@${q.position}`;
    case 'and':
      return `and(${q.operands.map(show).join(', ')})`;
    case 'or':
      return `or(${q.operands.map(show).join(', ')})`;
  }
}

const ok: Array<[string, string]> = [
  ['', '*'],
  ['   ', '*'],
  ['timeout', 'term("timeout")@0'],
  ['payment timeout', 'and(term("payment")@0, term("timeout")@8)'],
  ['"connection reset by peer"', 'phrase("connection reset by peer")@0'],
  ['"say \\"hi\\""', 'phrase("say \\"hi\\"")@0'],
  ['time*', 'term("time"*)@0'],
  ['"conn res"*', 'phrase("conn res"*)@0'],
  ['level:error', 'level="error"@0'],
  ['level:ERROR', 'level="error"@0'],
  ['log.level:warn', 'level="warn"@0'],
  ['service:checkout host:web-1', 'and(service="checkout"@0, host="web-1"@17)'],
  ['service.name:checkout', 'service="checkout"@0'],
  ['trace_id:abc traceId:def trace.id:ghi', 'and(traceId="abc"@0, traceId="def"@13, traceId="ghi"@25)'],
  ['span_id:1', 'spanId="1"@0'],
  ['http.status_code:500', 'attr:http.status_code="500"@0'],
  ['http.route:"/api/orders/:id"', 'attr:http.route="/api/orders/:id"@0'],
  ['service:check*', 'service="check"*@0'],
  ['user.id:*', 'attr:user.id=""*@0'],
  ['time:12:30:01', 'attr:time="12:30:01"@0'],
  ['message:"disk full"', 'phrase("disk full")@0'],
  ['msg:disk', 'term("disk")@0'],
  ['-debug', 'not(term("debug")@1)@0'],
  ['-level:debug', 'not(level="debug"@1)@0'],
  ['-"health check"', 'not(phrase("health check")@1)@0'],
  ['NOT foo', 'not(term("foo")@4)@0'],
  ['read-only', 'term("read-only")@0'],
  ['a OR b', 'or(term("a")@0, term("b")@5)'],
  ['a b OR c', 'or(and(term("a")@0, term("b")@2), term("c")@7)'],
  ['a AND b', 'and(term("a")@0, term("b")@6)'],
  ['a or b', 'and(term("a")@0, term("or")@2, term("b")@5)'],
  ['(a OR b) -c', 'and(or(term("a")@1, term("b")@6), not(term("c")@10)@9)'],
  ['-(level:debug OR level:trace)', 'not(or(level="debug"@2, level="trace"@17))@0'],
  ['http\\://example.com', 'term("http://example.com")@0'],
  ['2\\*3', 'term("2*3")@0'],
  ['12:30', 'term("12:30")@0'],
  ['café', 'term("café")@0'],
  ['service:x"y z"', 'and(service="x"@0, phrase("y z")@9)'],
];

const bad: Array<[string, string]> = [
  ['error "unterminated', 'invalid query: unterminated quote at position 7'],
  ['service:"checkout', 'invalid query: unterminated quote at position 9'],
  ['service:', 'invalid query: missing value after "service:" at position 9'],
  ['a -', 'invalid query: nothing to negate after "-" at position 3'],
  ['a - b', 'invalid query: nothing to negate after "-" at position 3'],
  ['(a OR b', 'invalid query: unclosed "(" at position 1'],
  ['a)', 'invalid query: unmatched ")" at position 2'],
  ['()', 'invalid query: empty parentheses at position 1'],
  ['a OR', 'invalid query: missing search term after OR at position 5'],
  ['OR a', 'invalid query: OR needs a search term before it at position 1'],
  ['AND a', 'invalid query: AND needs a search term before it at position 1'],
  ['a NOT', 'invalid query: nothing to negate after NOT at position 6'],
  ['level:erorr', 'invalid query: unknown level "erorr" (levels: trace, debug, info, warn, error, fatal, unknown) at position 1'],
  ['foo *', 'invalid query: a wildcard needs a word before "*" at position 5'],
  ['a ...', 'invalid query: "..." has no letters or digits to search for at position 3'],
  ['trailing\\', 'invalid query: nothing to escape after "\\" at position 9'],
];

describe('parseLogQuery', () => {
  it.each(ok)('%j ==> %s', (query, tree) => {
    expect(show(parseLogQuery(query))).toBe(tree);
  });

  it.each(bad)('%j fails: %s', (query, message) => {
    let err: unknown;
    try {
      parseLogQuery(query);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('bad_data');
    expect((err as AppError).message).toBe(message);
    expect((err as AppError).position?.column).toBe(Number(/position (\d+)$/.exec(message)?.[1]));
  });

  it('rejects queries longer than 4096 characters', () => {
    expect(() => parseLogQuery('a '.repeat(3000))).toThrow(/longer than 4096/);
  });
});
