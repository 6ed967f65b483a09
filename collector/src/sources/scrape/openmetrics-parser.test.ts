import { describe, expect, it } from 'vitest';
import { ExpositionParseError } from './exposition.js';
import { parseOpenMetricsText } from './openmetrics-parser.js';
import { isStaleMarker } from './stale-marker.js';

function parseError(body: string): ExpositionParseError {
  try {
    parseOpenMetricsText(body);
  } catch (err) {
    if (err instanceof ExpositionParseError) return err;
    throw err;
  }
  throw new Error(`expected a parse error for ${JSON.stringify(body)}`);
}

const seriesOf = (body: string): Array<[string, Record<string, string>, number, number | undefined]> =>
  parseOpenMetricsText(body).samples.map((s) => [s.name, s.labels, s.value, s.timestamp]);

describe('parseOpenMetricsText', () => {
  it('reads every OpenMetrics type as plain samples, with HELP, TYPE and UNIT metadata', () => {
    const body = [
      '# HELP go_gc_duration_seconds A summary of the GC invocation durations.',
      '# TYPE go_gc_duration_seconds summary',
      '# UNIT go_gc_duration_seconds seconds',
      'go_gc_duration_seconds{quantile="0"} 4.9351e-05',
      'go_gc_duration_seconds{quantile="0.5",a="b"} 8.3835e-05',
      'go_gc_duration_seconds_count 99',
      'go_gc_duration_seconds_sum 0.25',
      '# HELP nohelp1 ',
      '# HELP help2 escape \\\\ \\n \\" \\x chars',
      '# UNIT nounit ',
      'some:aggregate:rate5m{a_b="c"} 1',
      '# TYPE go_goroutines gauge',
      'go_goroutines 33 123.123',
      '# TYPE foo counter',
      'foo_total 17.0 1520879607.789 # {id="counter-test"} 5',
      'foo_created 1520872607.123',
      '# TYPE hh histogram',
      'hh_bucket{le="0.5"} 0',
      'hh_bucket{le="+Inf"} 1 # {id="histogram-bucket-test"} 4',
      'hh_count 1 # {id="histogram-count-test"} 4',
      'hh_sum 0.7',
      '# TYPE ggh gaugehistogram',
      'ggh_bucket{le="+Inf"} 1 # {id="gaugehistogram-bucket-test",xx="yy"} 4 123.123',
      'ggh_gcount 1',
      'ggh_gsum 2',
      '# TYPE ii info',
      'ii_info{foo="bar"} 1',
      '# TYPE ss stateset',
      'ss{ss="foo"} 1',
      'ss{ss="bar"} 0',
      '# TYPE un unknown',
      '_metric_starting_with_underscore 1',
      'testmetric{_label_starting_with_underscore="foo"} 1',
      'testmetric{label="\\"bar\\""} 1',
      '# EOF',
      '',
    ].join('\n');
    const { samples, metadata } = parseOpenMetricsText(body);
    expect(samples.map((s) => [s.name, s.labels, s.value, s.timestamp])).toEqual([
      ['go_gc_duration_seconds', { quantile: '0' }, 4.9351e-5, undefined],
      ['go_gc_duration_seconds', { quantile: '0.5', a: 'b' }, 8.3835e-5, undefined],
      ['go_gc_duration_seconds_count', {}, 99, undefined],
      ['go_gc_duration_seconds_sum', {}, 0.25, undefined],
      ['some:aggregate:rate5m', { a_b: 'c' }, 1, undefined],
      ['go_goroutines', {}, 33, 123123],
      ['foo_total', {}, 17, 1520879607789],
      ['foo_created', {}, 1520872607.123, undefined],
      ['hh_bucket', { le: '0.5' }, 0, undefined],
      ['hh_bucket', { le: '+Inf' }, 1, undefined],
      ['hh_count', {}, 1, undefined],
      ['hh_sum', {}, 0.7, undefined],
      ['ggh_bucket', { le: '+Inf' }, 1, undefined],
      ['ggh_gcount', {}, 1, undefined],
      ['ggh_gsum', {}, 2, undefined],
      ['ii_info', { foo: 'bar' }, 1, undefined],
      ['ss', { ss: 'foo' }, 1, undefined],
      ['ss', { ss: 'bar' }, 0, undefined],
      ['_metric_starting_with_underscore', {}, 1, undefined],
      ['testmetric', { _label_starting_with_underscore: 'foo' }, 1, undefined],
      ['testmetric', { label: '"bar"' }, 1, undefined],
    ]);
    expect(samples[5].line).toBe(13);
    expect(metadata.get('go_gc_duration_seconds')).toEqual({ help: 'A summary of the GC invocation durations.', type: 'summary', unit: 'seconds' });
    expect(metadata.get('nohelp1')).toEqual({ help: '' });
    expect(metadata.get('help2')?.help).toBe('escape \\ \n " \\x chars');
    expect(metadata.get('nounit')).toEqual({ unit: '' });
    expect(metadata.get('foo')?.type).toBe('counter');
    expect(metadata.get('ggh')?.type).toBe('gaugehistogram');
    expect(metadata.get('ii')?.type).toBe('info');
    expect(metadata.get('ss')?.type).toBe('stateset');
    expect(metadata.get('un')?.type).toBe('unknown');
  });

  it('reads NaN, +Inf and -Inf values (a NaN is never a staleness marker) and truncates second timestamps to ms', () => {
    const out = seriesOf('a NaN\nb +Inf\nc -Inf\nd 1e3 -1.5\ne 0 1520879607.7899\nf 1 0\n# EOF\n');
    expect(out.map((s) => s[2])).toEqual([NaN, Infinity, -Infinity, 1000, 0, 1]);
    expect(isStaleMarker(out[0][2])).toBe(false);
    expect(out.map((s) => s[3])).toEqual([undefined, undefined, undefined, -1500, 1520879607789, 0]);
  });

  it('unescapes label values like Prometheus: \\\\, \\" and \\n, other escapes kept; commas, braces and # inside values', () => {
    const out = seriesOf('m{path="C:\\\\dir",msg="line1\\nline2",odd="a\\tb",tricky="} # {x=\\"y\\"} 1,"} 2\n# EOF');
    expect(out).toEqual([['m', { path: 'C:\\dir', msg: 'line1\nline2', odd: 'a\\tb', tricky: '} # {x="y"} 1,' }, 2, undefined]]);
  });

  it('accepts a trailing comma in labels, an empty label set and # EOF without a final newline', () => {
    expect(seriesOf('a{b="c",} 1\nz{} 2\n# EOF')).toEqual([
      ['a', { b: 'c' }, 1, undefined],
      ['z', {}, 2, undefined],
    ]);
  });

  it.each([
    ['', 1, /data does not end with # EOF/],
    ['a 1\n', 1, /data does not end with # EOF/],
    ['a 1', 1, /data does not end with # EOF/],
    ['a 1\n# EOF\nb 2\n', 3, /unexpected data after # EOF/],
    ['# EOF\n\n', 2, /unexpected data after # EOF/],
    ['# EOFa 1\n', 1, /only # HELP, # TYPE, # UNIT and # EOF/],
    [' # EOF\n', 1, /expected a metric name/],
    ['a 1\n\n# EOF\n', 2, /blank lines/],
    ['# a comment\n# EOF\n', 1, /only # HELP, # TYPE, # UNIT and # EOF/],
    ['#\tTYPE c counter\n# EOF\n', 1, /only # HELP/],
    ['# TYPE c  counter\n# EOF\n', 1, /invalid metric type " counter"/],
    ['# TYPE c untyped\n# EOF\n', 1, /invalid metric type "untyped"/],
    ['# HELP m\n# EOF\n', 1, /expected a space and text after # HELP m/],
    ['# HELP \n# EOF\n', 1, /expected a metric name after # HELP/],
    ['# UNIT m_seconds bytes\n# EOF\n', 1, /unit "bytes" not a suffix of metric "m_seconds"/],
    ['# UNIT seconds seconds\n# EOF\n', 1, /not a suffix/],
    ['a\t1\n# EOF\n', 1, /unexpected character "\t"/],
    ['a  1\n# EOF\n', 1, /invalid value ""/],
    ['a 1 2 \n# EOF\n', 1, /unexpected text after the timestamp/],
    ['a 1 2 #\n# EOF\n', 1, /unexpected text after the timestamp/],
    ['a 1 1z\n# EOF\n', 1, /invalid timestamp "1z"/],
    ['a 1 1 1\n# EOF\n', 1, /unexpected text after the timestamp/],
    ['a 1 NaN\n# EOF\n', 1, /invalid timestamp "NaN"/],
    ['a 1 -Inf\n# EOF\n', 1, /invalid timestamp "-Inf"/],
    ["a{b='c'} 1\n# EOF\n", 1, /expected '"'/],
    ['a{,b="c"} 1\n# EOF\n', 1, /expected a label name/],
    ['a{b="c"d="e"} 1\n# EOF\n', 1, /expected "," or "}"/],
    ['a{b="c",,d="e"} 1\n# EOF\n', 1, /expected a label name/],
    ['a{b="c" } 1\n# EOF\n', 1, /expected "," or "}"/],
    ['a{b = "c"} 1\n# EOF\n', 1, /expected "=" after label name "b"/],
    ['a{b=\n# EOF\n', 1, /expected '"'/],
    ['something_weird{problem="\n# EOF\n', 1, /unterminated value of label "problem"/],
    ['empty_label_name{="x"} 0\n# EOF\n', 1, /expected a label name/],
    ['a{b="1",b="2"} 1\n# EOF\n', 1, /duplicate label name "b"/],
    ['{b="c"} 1\n# EOF\n', 1, /expected a metric name/],
    ['a true\n# EOF\n', 1, /invalid value "true"/],
    ['foo 1_2\n# EOF\n', 1, /invalid value "1_2"/],
    ['foo 0x1p-3\n# EOF\n', 1, /invalid value "0x1p-3"/],
    ['custom_metric_total 1 # {aa=bb}\n# EOF\n', 1, /expected '"'/],
    ['custom_metric_total 1 # {aa="bb"}\n# EOF\n', 1, /expected a value after the exemplar labels/],
    ['custom_metric_total 1 # {bb}\n# EOF\n', 1, /expected "=" after label name "bb"/],
    ['custom_metric_total 1 # {aa="bb"} true\n# EOF\n', 1, /invalid exemplar value "true"/],
    ['h_bucket{le="+Inf"} 1 # {aa="bb"} 4 NaN\n# EOF\n', 1, /invalid timestamp "NaN"/],
    ['h_bucket{le="+Inf"} 1 # {aa="bb"} 4 1 2\n# EOF\n', 1, /unexpected text after the exemplar timestamp/],
  ])('rejects %j at line %i', (body, line, reason) => {
    const err = parseError(body);
    expect(err.reason).toMatch(reason);
    expect(err.line).toBe(line);
  });
});
