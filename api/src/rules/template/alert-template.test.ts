import { describe, expect, it } from 'vitest';
import { checkAlertTemplate, expandAlertTemplate } from './alert-template.js';
import { formatFloat, sprintf } from './go-fmt.js';

const data = {
  labels: { __name__: 'node_load1', instance: 'web-1:9100', job: 'node' },
  externalLabels: { cluster: 'eu-1' },
  externalURL: 'http://prom.example:9090/prom',
  value: 0.123456789,
};

const expand = (text: string, value = data.value): Promise<string> => expandAlertTemplate('HighLoad', text, { ...data, value });

describe('alert templates (Go text/template with Prometheus functions)', () => {
  it.each([
    ['{{ $labels.instance }} of {{ $labels.job }}', 'web-1:9100 of node'],
    ['{{ $value }}', '0.123456789'],
    ['{{ .Value }} {{ .Labels.job }}', '0.123456789 node'],
    ['{{ $externalLabels.cluster }} {{ $externalURL }}', 'eu-1 http://prom.example:9090/prom'],
    ['{{ $labels.nothing }}|', '|'],
    ['{{ humanizePercentage $value }}', '12.35%'],
    ['{{ $value | printf "%.3f" }}', '0.123'],
    ['{{ if gt $value 0.1 }}high{{ else if gt $value 0.05 }}medium{{ else }}low{{ end }}', 'high'],
    ['{{ range $k, $v := $labels }}{{ $k }}={{ $v }},{{ end }}', '__name__=node_load1,instance=web-1:9100,job=node,'],
    ['{{ with $labels.job }}job {{ . }}{{ end }}', 'job node'],
    ['{{- "a" }}  {{- "b" -}}  c', 'abc'],
    ['{{/* a comment */}}x', 'x'],
    ['{{ $x := 1 }}{{ $x = 2 }}{{ $x }}', '2'],
    ['{{ toUpper $labels.job | printf "%s!" }}', 'NODE!'],
    ['{{ reReplaceAll ":[0-9]+$" "" $labels.instance }}', 'web-1'],
    ['{{ and 1 0 }} {{ or 0 "" "x" }} {{ not true }}', '0 x false'],
    ['{{ len $labels }} {{ index $labels "job" }}', '3 node'],
    ['{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" $labels.job }}', '[node]'],
    // range over a map visits keys in sorted order (__name__, instance, job) and stops at job
    ['{{ range $labels }}{{ if eq . "node" }}{{ break }}{{ end }}{{ . }};{{ end }}', 'node_load1;web-1:9100;'],
  ])('%s', async (text, want) => {
    expect(await expand(text)).toBe(want);
  });

  it.each([
    [0, '0', '0', '0s', '0%'],
    [1234567.891, '1.235M', '1.177Mi', '14d 6h 56m 7s', '1.235e+08%'],
    [0.000123456, '123.5u', '0.0001235', '123.5us', '0.01235%'],
    [-42.125, '-42.12', '-42.12', '-42.12s', '-4212%'],
    [1e21, '1Z', '867.4Ei', '-106751991167300d -15h -30m -8s', '1e+23%'],
    [59.999, '60', '60', '60s', '6000%'],
  ])('humanize %s', async (value, h, h1024, dur, pct) => {
    expect(await expand('{{ humanize $value }}', value)).toBe(h);
    expect(await expand('{{ humanize1024 $value }}', value)).toBe(h1024);
    expect(await expand('{{ humanizeDuration $value }}', value)).toBe(dur);
    expect(await expand('{{ humanizePercentage $value }}', value)).toBe(pct);
  });

  it('humanizes timestamps like Go prints time.Time (millisecond precision, UTC)', async () => {
    // 1700000000.25 × 1e9 is not exact in float64 and truncates to ...20.249 (Prometheus prints the same)
    expect(await expand('{{ humanizeTimestamp $value }}', 1700000000.25)).toBe('2023-11-14 22:13:20.249 +0000 UTC');
    expect(await expand('{{ humanizeTimestamp $value }}', 1700000000.5)).toBe('2023-11-14 22:13:20.5 +0000 UTC');
    expect(await expand('{{ humanizeTimestamp $value }}', 0)).toBe('1970-01-01 00:00:00 +0000 UTC');
    expect(await expand('{{ humanizeTimestamp "1.5" }}')).toBe('1970-01-01 00:00:01.5 +0000 UTC');
  });

  it('turns an execution error into <error expanding template: ...> naming the command, like Prometheus', async () => {
    const out = await expand('{{ humanize "abc" }}');
    expect(out).toMatch(/^<error expanding template: error executing template __alert_HighLoad: template: __alert_HighLoad:1:\d+: executing "__alert_HighLoad" at <humanize "abc">: error calling humanize: /);
    expect(await expand('{{ if gt $value 1 }}x{{ end }}')).toContain('incompatible types for comparison');
    expect(await expand('{{ .Nope }}')).toContain("can't evaluate field Nope");
  });

  it('runs {{ query }} through the given query function', async () => {
    const out = await expandAlertTemplate('A', '{{ range query "up" }}{{ .Labels.instance }}={{ .Value }} {{ end }}{{ with query "up" }}{{ . | first | value }}{{ end }}', data, {
      query: async (q) => (q === 'up' ? [{ labels: { instance: 'a' }, value: 1 }, { labels: { instance: 'b' }, value: 0 }] : []),
    });
    expect(out).toBe('a=1 b=0 1');
  });

  it.each([
    ['{{ $labels.instance }', 'unrecognized character in action'],
    ['{{ humanise $value }}', 'function "humanise" not defined'],
    ['{{ $label.x }}', 'undefined variable "$label"'],
    ['{{ if true }}x', 'unexpected EOF'],
    ['{{ end }}', 'unexpected {{end}}'],
    ['{{ $value | 3 }}', 'non executable command in pipeline stage 2'],
    ['{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}', 'undefined variable "$y"'],
    ['{{ break }}', '{{break}} outside {{range}}'],
    ['{{ "unterminated }}', 'unterminated quoted string'],
  ])('rejects %s at parse time (%s)', (text, message) => {
    const err = checkAlertTemplate('A', text);
    expect(err).toMatch(/^template: __alert_A:1: /);
    expect(err).toContain(message);
  });

  it('accepts what promtool accepts', () => {
    for (const t of ['{{ 3 4 }}', '{{ nil }}', '{{ $value.x.y }}', '{{ (1).x }}', '{{ 0x1F }}{{ 1e3 }}{{ 1_000 }}{{ .5 }}', 'no template']) {
      expect(checkAlertTemplate('A', t)).toBeUndefined();
    }
  });
});

describe("Go's float formatting", () => {
  it.each([
    [1e6, 'g', -1, '1e+06'],
    [123456, 'g', -1, '123456'],
    [0.0001, 'g', -1, '0.0001'],
    [0.00001, 'g', -1, '1e-05'],
    [1, 'e', -1, '1e+00'],
    [1234.5, 'e', -1, '1.2345e+03'],
    [2.5, 'f', 0, '2'],
    [3.5, 'f', 0, '4'],
    [0.125, 'f', 2, '0.12'],
    [1234.5, 'g', 4, '1234'],
    [NaN, 'g', -1, 'NaN'],
    [-Infinity, 'f', 2, '-Inf'],
  ] as const)('FormatFloat(%s, %s, %s) = %s', (v, fmt, prec, want) => {
    expect(formatFloat(v, fmt, prec)).toBe(want);
  });

  it('Sprintf marks wrong and missing arguments as Go does', () => {
    expect(sprintf('%d', [1.5])).toBe('%!d(float64=1.5)');
    expect(sprintf('%s %s', ['a'])).toBe('a %!s(MISSING)');
    expect(sprintf('%s', ['a', 2n])).toBe('a%!(EXTRA int=2)');
    expect(sprintf('%05.1f|%-4d|%+d|%x|%q|%%', [3.14159, 7n, 5n, 255n, 'hi'])).toBe('003.1|7   |+5|ff|"hi"|%');
  });
});
