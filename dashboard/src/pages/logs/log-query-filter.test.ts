import { describe, expect, it } from 'vitest';
// The api's own parser and matcher: a filter the page writes must mean, to the api, what the user clicked.
import { matchesLogQuery } from '../../../../api/src/logs/query/evaluate-log-query.js';
import { parseLogQuery } from '../../../../api/src/logs/query/parse-log-query.js';
import { textTokens } from '../../../../api/src/logs/query/text-tokens.js';
import type { LogRecord } from '../../api/types.js';
import { addFilter, errorColumn, quoteFilterValue } from './log-query-filter.js';

function matches(query: string, record: Omit<LogRecord, 'id' | 'timestamp'>): boolean {
  const full: LogRecord = { id: 'x', timestamp: 0, ...record };
  return matchesLogQuery(parseLogQuery(query), { record: full, words: textTokens(full.message) });
}

describe('addFilter', () => {
  const cases: [query: string, field: string, value: string, expected: string, negate?: boolean][] = [
    ['', 'trace_id', '4bf92f35', 'trace_id:4bf92f35'],
    ['timeout', 'service', 'checkout', 'timeout service:checkout'],
    ['timeout service:checkout', 'service', 'checkout', 'timeout service:checkout'],
    ['timeout service:checkout', 'service', 'checkout', 'timeout -service:checkout', true],
    ['timeout -host:web-1', 'host', 'web-1', 'timeout host:web-1'],
    ['timeout OR refused', 'service', 'checkout', '(timeout OR refused) service:checkout'],
    ['a (b OR c)', 'level', 'error', '(a (b OR c)) level:error'],
    ['', 'http.route', '/api/orders/:id', 'http.route:/api/orders/:id'],
    ['', 'user', 'Jane "JD" Doe', 'user:"Jane \\"JD\\" Doe"'],
  ];
  it.each(cases)('%j + %s:%s -> %j', (query, field, value, expected, negate = false) => {
    expect(addFilter(query, field, value, negate)).toBe(expected);
  });

  it('narrows an OR query instead of extending one side of it', () => {
    const q = addFilter('timeout OR refused', 'service', 'checkout');
    expect(matches(q, { level: 'info', message: 'connection refused', service: 'cart' })).toBe(false);
    expect(matches(q, { level: 'info', message: 'connection refused', service: 'checkout' })).toBe(true);
    expect(matches(q, { level: 'info', message: 'a timeout', service: 'checkout' })).toBe(true);
  });
});

describe('quoteFilterValue', () => {
  // Values a click can add: each must match exactly that value (not a prefix, not a word search).
  it.each(['checkout', 'web-1', '/api/orders/:id', 'a b', 'x*', 'x\\y', 'say "hi"', '(paren)', '-leading', 'Café', 'OR', '5*3', ''])(
    'the api reads %j back as exactly that value',
    (value) => {
      const q = addFilter('', 'http.route', value);
      const record = (v: string): Omit<LogRecord, 'id' | 'timestamp'> => ({ level: 'info', message: 'm', attributes: { 'http.route': v } });
      expect(matches(q, record(value))).toBe(true);
      expect(matches(q, record(`${value}z`))).toBe(false);
      expect(matches(`-${q}`, record(value))).toBe(false);
    },
  );

  it('leaves plain values bare', () => {
    expect(quoteFilterValue('4bf92f3577b34da6')).toBe('4bf92f3577b34da6');
    expect(quoteFilterValue('a b')).toBe('"a b"');
  });
});

describe('errorColumn', () => {
  it('reads the position the api names', () => {
    expect(errorColumn('invalid query: unterminated quote at position 13')).toBe(13);
    expect(errorColumn('invalid parameter "logQuery": invalid query: missing value after "service:" at position 9')).toBe(9);
    expect(errorColumn('cannot reach the api')).toBeUndefined();
  });
});
