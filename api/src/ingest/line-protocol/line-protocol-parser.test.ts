import { Point } from '@influxdata/influxdb-client';
import { describe, expect, it } from 'vitest';
import type { Labels } from '../../storage/labels.js';
import { formatLineError, parseLineProtocol, type LineProtocolResult } from './line-protocol-parser.js';
import type { Precision } from './precision.js';
import { SeriesLabelCache } from './series-label-cache.js';

const NOW = 1_700_000_000_000;

function parse(body: string, precision: Precision = 'ns', cache = new SeriesLabelCache()): LineProtocolResult {
  return parseLineProtocol(body, { precision, defaultTimestampMs: NOW, cache });
}

function only(body: string): { labels: Labels; timestamp: number; value: number } {
  const result = parse(body);
  expect(result.errors).toEqual([]);
  expect(result.samples).toHaveLength(1);
  return result.samples[0];
}

describe('parseLineProtocol: escaping (table from the line-protocol spec)', () => {
  const cases: { name: string; line: string; labels: Record<string, string> }[] = [
    { name: 'plain', line: 'cpu,host=a value=1', labels: { __name__: 'cpu', host: 'a' } },
    { name: 'measurement escaped space', line: 'my\\ cpu value=1', labels: { __name__: 'my_cpu' } },
    { name: 'measurement escaped comma', line: 'my\\,cpu,host=a value=1', labels: { __name__: 'my_cpu', host: 'a' } },
    { name: 'measurement: backslash before = is literal', line: 'a\\=b value=1', labels: { __name__: 'a__b' } },
    { name: 'tag value escaped space', line: 'cpu,host=a\\ b value=1', labels: { __name__: 'cpu', host: 'a b' } },
    { name: 'tag value escaped comma', line: 'cpu,region=us\\,west value=1', labels: { __name__: 'cpu', region: 'us,west' } },
    { name: 'tag value escaped equals', line: 'cpu,expr=a\\=b value=1', labels: { __name__: 'cpu', expr: 'a=b' } },
    { name: 'tag value unescaped equals', line: 'cpu,expr=a=b value=1', labels: { __name__: 'cpu', expr: 'a=b' } },
    { name: 'tag key escapes', line: 'cpu,my\\ tag\\,x\\=y=v value=1', labels: { __name__: 'cpu', my_tag_x_y: 'v' } },
    { name: 'tag value: backslash before other char is literal', line: 'cpu,path=C:\\dir value=1', labels: { __name__: 'cpu', path: 'C:\\dir' } },
    { name: 'tag value: double backslash kept', line: 'cpu,p=a\\\\b value=1', labels: { __name__: 'cpu', p: 'a\\\\b' } },
    { name: 'tag value with quotes is literal', line: 'cpu,q="x" value=1', labels: { __name__: 'cpu', q: '"x"' } },
    { name: 'unicode tag value', line: 'cpu,city=Zürich value=1', labels: { __name__: 'cpu', city: 'Zürich' } },
    { name: 'field key escaped space', line: 'cpu usage\\ idle=1', labels: { __name__: 'cpu_usage_idle' } },
    { name: 'field key escaped comma and equals', line: 'cpu a\\,b\\=c=1', labels: { __name__: 'cpu_a_b_c' } },
    { name: 'empty tag value dropped', line: 'cpu,host=,region=eu value=1', labels: { __name__: 'cpu', region: 'eu' } },
  ];
  it.each(cases)('$name', ({ line, labels }) => {
    expect(only(line).labels).toEqual(labels);
  });

  it('string field values with escaped quote, backslash, comma, space and equals are skipped whole', () => {
    const result = parse('m,t=1 s="a \\"quoted\\" \\\\ value, with=stuff",value=2 5000000');
    expect(result.errors).toEqual([]);
    expect(result.skippedStringFields).toBe(1);
    expect(result.samples).toEqual([{ labels: { __name__: 'm', t: '1' }, timestamp: 5, value: 2 }]);
  });

  it('string field values may span lines; line numbers still count them', () => {
    const result = parse('m s="line1\nline2",value=1\nm value=bad\n');
    expect(result.samples).toHaveLength(1);
    expect(result.errors).toEqual([{ line: 3, reason: 'invalid field value "bad" for field "value"' }]);
  });
});

describe('parseLineProtocol: round-trip with @influxdata/influxdb-client Point escaping', () => {
  const awkward = ['plain', 'with space', 'with,comma', 'with=equals', 'a, b = c', 'C:\\path\\x', 'ünï©ødé', '"quoted"', '#hash'];
  it.each(awkward)('tag value, tag key and field key %j', (text) => {
    const line = new Point('my measurement,x').tag('host', text).tag(text, 'v').floatField(text, 1.5).stringField('note', text).timestamp('1700000000123000000').toLineProtocol();
    expect(line).toBeDefined();
    const result = parse(line ?? '');
    expect(result.errors).toEqual([]);
    expect(result.skippedStringFields).toBe(1);
    expect(result.samples).toHaveLength(1);
    const { labels, timestamp, value } = result.samples[0];
    expect(labels.host).toBe(text);
    expect(Object.values(labels)).toContain('v');
    expect(labels.__name__).toMatch(/^my_measurement_x_/);
    expect(timestamp).toBe(1_700_000_000_123);
    expect(value).toBe(1.5);
  });
});

describe('parseLineProtocol: field types', () => {
  const cases: { value: string; expected: number }[] = [
    { value: '1', expected: 1 },
    { value: '1.5', expected: 1.5 },
    { value: '-0.25', expected: -0.25 },
    { value: '.5', expected: 0.5 },
    { value: '1.', expected: 1 },
    { value: '1e3', expected: 1000 },
    { value: '-1.5E-3', expected: -0.0015 },
    { value: '0.1', expected: 0.1 },
    { value: '123456789.123456789', expected: Number('123456789.123456789') },
    { value: '3.141592653589793', expected: Math.PI },
    { value: '42i', expected: 42 },
    { value: '-42i', expected: -42 },
    { value: '9223372036854775807i', expected: Number('9223372036854775807') },
    { value: '-9223372036854775808i', expected: -Number('9223372036854775808') },
    { value: '42u', expected: 42 },
    { value: '18446744073709551615u', expected: Number('18446744073709551615') },
    ...['t', 'T', 'true', 'True', 'TRUE'].map((value) => ({ value, expected: 1 })),
    ...['f', 'F', 'false', 'False', 'FALSE'].map((value) => ({ value, expected: 0 })),
  ];
  it.each(cases)('$value -> $expected', ({ value, expected }) => {
    expect(only(`m value=${value}`).value).toBe(expected);
  });

  const invalid = ['abc', 'tRUE', 'yes', '1.2.3', '1ii', '-42u', '1.5i', '9223372036854775808i', '18446744073709551616u', '1e999', 'NaN', 'Inf', '--1', '0x10', '1e'];
  it.each(invalid)('rejects %j', (value) => {
    const result = parse(`m value=${value}`);
    expect(result.samples).toEqual([]);
    expect(result.errors).toEqual([{ line: 1, reason: `invalid field value ${JSON.stringify(value)} for field "value"` }]);
  });

  it('maps value to the measurement and other fields to measurement_field (Telegraf convention)', () => {
    const result = parse('disk,dev=sda used=1i,free=2.5,value=3,ok=true,label="x" 1000000000', 's');
    expect(result.errors).toEqual([]);
    expect(result.samples.map((s) => [s.labels.__name__, s.value])).toEqual([
      ['disk_used', 1],
      ['disk_free', 2.5],
      ['disk', 3],
      ['disk_ok', 1],
    ]);
    expect(result.skippedStringFields).toBe(1);
    expect(result.samples.every((s) => s.timestamp === 1_000_000_000_000 && s.labels.dev === 'sda')).toBe(true);
  });
});

describe('parseLineProtocol: names', () => {
  it('sanitizes metric and label names and protects reserved label names', () => {
    const { labels } = only('http.requests-total,__name__=evil,1st=a,__x=b,a.b=c p99.9=1');
    expect(labels).toEqual({ __name__: 'http_requests_total_p99_9', tag__name__: 'evil', _1st: 'a', tag__x: 'b', a_b: 'c' });
  });

  it('a measurement starting with a digit gets a _ prefix', () => {
    expect(only('9lives value=1').labels.__name__).toBe('_9lives');
  });
});

describe('parseLineProtocol: timestamps and precisions', () => {
  const cases: { precision: Precision; ts: string; ms: number }[] = [
    { precision: 'ns', ts: '1700000000123456789', ms: 1_700_000_000_123 },
    { precision: 'us', ts: '1700000000123456', ms: 1_700_000_000_123 },
    { precision: 'ms', ts: '1700000000123', ms: 1_700_000_000_123 },
    { precision: 's', ts: '1700000000', ms: 1_700_000_000_000 },
    { precision: 'm', ts: '28333333', ms: 28_333_333 * 60_000 },
    { precision: 'h', ts: '472222', ms: 472_222 * 3_600_000 },
    { precision: 'ns', ts: '999999', ms: 0 },
    { precision: 'ns', ts: '-1500000', ms: -1 },
    { precision: 's', ts: '-10', ms: -10_000 },
  ];
  it.each(cases)('$precision $ts -> $ms ms (sub-ms truncated)', ({ precision, ts, ms }) => {
    const result = parse(`m value=1 ${ts}`, precision);
    expect(result.errors).toEqual([]);
    expect(result.samples[0].timestamp).toBe(ms);
  });

  it('defaults a missing timestamp to the receive time', () => {
    expect(only('m value=1').timestamp).toBe(NOW);
    expect(only('m value=1   ').timestamp).toBe(NOW);
  });

  it.each(['12a', '1.5', '12345678901234567890', '-'])('rejects timestamp %j', (ts) => {
    const result = parse(`m value=1 ${ts}`);
    expect(result.samples).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].line).toBe(1);
  });
});

describe('parseLineProtocol: document structure', () => {
  it('handles comments, blank lines, CRLF, leading whitespace and a missing final newline', () => {
    const body = '# a comment\r\n\r\n  cpu value=1 1000000\r\n\n\t# indented comment\nmem,h=x value=2 2000000\r\nswap value=3';
    const result = parse(body);
    expect(result.errors).toEqual([]);
    expect(result.points).toBe(3);
    expect(result.samples.map((s) => [s.labels.__name__, s.timestamp, s.value])).toEqual([
      ['cpu', 1, 1],
      ['mem', 2, 2],
      ['swap', NOW, 3],
    ]);
  });

  it('writes the good lines and reports every bad line with its 1-based number and reason', () => {
    const body = ['ok value=1', 'nofields', 'ok value=2', 'm x=abc', 'm,t value=1', 'm value=1 123 extra', ',t=1 value=1', 'm value=', 'm =1', 'm value=1,', 'm s="open', 'ok value=3'].join('\n');
    const result = parse(body);
    expect(result.samples.map((s) => s.value)).toEqual([1, 2]);
    expect(result.errors.map(formatLineError)).toEqual([
      'line 2: missing fields',
      'line 4: invalid field value "abc" for field "x"',
      'line 5: missing tag value for tag "t"',
      'line 6: unexpected text after fields: "extra"',
      'line 7: missing measurement',
      'line 8: missing field value for field "value"',
      'line 9: missing field key',
      'line 10: missing field key',
      'line 11: unterminated string value for field "s"',
    ]);
  });

  it('a point is all or nothing: a bad second field drops the first', () => {
    const result = parse('m a=1,b=oops\nm a=2');
    expect(result.samples.map((s) => s.value)).toEqual([2]);
    expect(result.errors).toEqual([{ line: 1, reason: 'invalid field value "oops" for field "b"' }]);
  });
});

describe('parseLineProtocol: series cache', () => {
  it('returns the identical frozen Labels object for a repeated series, also across requests and tag orders', () => {
    const cache = new SeriesLabelCache();
    const first = parse('cpu,a=1,b=2 value=1\ncpu,a=1,b=2 value=2', 'ns', cache).samples;
    const second = parse('cpu,b=2,a=1 value=3', 'ns', cache).samples;
    expect(first[0].labels).toBe(first[1].labels);
    expect(second[0].labels).toBe(first[0].labels);
    expect(Object.isFrozen(first[0].labels)).toBe(true);
  });

  it('stays bounded: it clears itself when full', () => {
    const cache = new SeriesLabelCache(10);
    const lines = Array.from({ length: 25 }, (_, i) => `m,i=${i} value=${i}`).join('\n');
    const result = parse(lines, 'ns', cache);
    expect(result.samples).toHaveLength(25);
    expect(result.samples[24].labels).toEqual({ __name__: 'm', i: '24' });
    expect(cache.size).toBeLessThanOrEqual(10);
  });
});
