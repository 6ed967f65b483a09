import { describe, expect, it } from 'vitest';
import { ExpositionParseError } from './exposition.js';
import { parsePrometheusText, parseValue } from './text-format-parser.js';

function parseError(body: string): ExpositionParseError {
  try {
    parsePrometheusText(body);
  } catch (err) {
    if (err instanceof ExpositionParseError) return err;
    throw err;
  }
  throw new Error('expected a parse error');
}

describe('parsePrometheusText', () => {
  it('parses HELP, TYPE, labels, values and timestamps', () => {
    const body = [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      '',
      '# A normal comment',
      'metric_without_timestamp_and_labels 12.47',
      'something_weird{problem="division by zero"} +Inf -3982045',
    ].join('\n');
    const { samples, metadata } = parsePrometheusText(body);
    expect(samples).toEqual([
      { name: 'http_requests_total', labels: { method: 'post', code: '200' }, value: 1027, timestamp: 1395066363000, line: 3 },
      { name: 'http_requests_total', labels: { method: 'post', code: '400' }, value: 3, timestamp: 1395066363000, line: 4 },
      { name: 'metric_without_timestamp_and_labels', labels: {}, value: 12.47, timestamp: undefined, line: 7 },
      { name: 'something_weird', labels: { problem: 'division by zero' }, value: Infinity, timestamp: -3982045, line: 8 },
    ]);
    expect(metadata.get('http_requests_total')).toEqual({ help: 'The total number of HTTP requests.', type: 'counter' });
  });

  it('unescapes \\\\, \\" and \\n in label values and keeps other escapes as written', () => {
    const { samples } = parsePrometheusText('msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\"",odd="a\\tb"} 1.458255915e9\n');
    expect(samples[0].labels).toEqual({ path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"', odd: 'a\\tb' });
    expect(samples[0].value).toBe(1.458255915e9);
  });

  it('reads NaN, +Inf, -Inf and scientific notation', () => {
    const { samples } = parsePrometheusText('a NaN\nb +Inf\nc -Inf\nd 1e-3\ne -0.5\nf .5\n');
    expect(samples.map((s) => s.value)).toEqual([NaN, Infinity, -Infinity, 0.001, -0.5, 0.5]);
    expect(parseValue('Inf')).toBe(Infinity);
    expect(parseValue('nope')).toBeUndefined();
  });

  it('returns histogram and summary series as plain samples', () => {
    const body = [
      '# TYPE http_request_duration_seconds histogram',
      'http_request_duration_seconds_bucket{le="0.05"} 24054',
      'http_request_duration_seconds_bucket{le="+Inf"} 144320',
      'http_request_duration_seconds_sum 53423',
      'http_request_duration_seconds_count 144320',
      '# TYPE rpc_duration_seconds summary',
      'rpc_duration_seconds{quantile="0.5"} 4773',
      'rpc_duration_seconds_sum 1.7560473e+07',
      'rpc_duration_seconds_count 2693',
    ].join('\n');
    const { samples, metadata } = parsePrometheusText(body);
    expect(samples.map((s) => [s.name, s.labels])).toEqual([
      ['http_request_duration_seconds_bucket', { le: '0.05' }],
      ['http_request_duration_seconds_bucket', { le: '+Inf' }],
      ['http_request_duration_seconds_sum', {}],
      ['http_request_duration_seconds_count', {}],
      ['rpc_duration_seconds', { quantile: '0.5' }],
      ['rpc_duration_seconds_sum', {}],
      ['rpc_duration_seconds_count', {}],
    ]);
    expect(metadata.get('http_request_duration_seconds')?.type).toBe('histogram');
    expect(metadata.get('rpc_duration_seconds')?.type).toBe('summary');
  });

  it('accepts a trailing comma, blanks around tokens, CRLF line ends and colons in names', () => {
    const { samples } = parsePrometheusText('job:rate5m{ a = "1" , b="2", } 3\r\n\t  x 1\r\n');
    expect(samples[0]).toMatchObject({ name: 'job:rate5m', labels: { a: '1', b: '2' }, value: 3 });
    expect(samples[1]).toMatchObject({ name: 'x', value: 1 });
  });

  it.each([
    ['a{b="c"', 1, /unterminated|expected/],
    ['ok 1\nbad{b=c} 1', 2, /expected '"'/],
    ['ok 1\n\nx 1 2 3', 3, /unexpected text/],
    ['x abc', 1, /invalid value "abc"/],
    ['x 1 1.5', 1, /invalid timestamp/],
    ['x{a="1",a="2"} 1', 1, /duplicate label name "a"/],
    ['x{1a="1"} 1', 1, /invalid label name/],
    ['x', 1, /missing value/],
    ['# TYPE x bogus\nx 1', 1, /invalid metric type/],
    ['# TYPE x counter\n# TYPE x gauge\nx 1', 2, /second TYPE/],
    ['{a="b"} 1', 1, /expected a metric name/],
    ['x{a="b"}1', 1, /unexpected character/],
  ])('rejects %j at line %i', (body, line, reason) => {
    const err = parseError(body);
    expect(err.line).toBe(line);
    expect(err.reason).toMatch(reason);
    expect(err.message).toContain(`line ${line}:`);
  });
});
