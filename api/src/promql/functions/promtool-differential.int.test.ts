import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTestScript } from '../conformance/parse-test-script.js';
import { runTestScript } from '../conformance/run-test-script.js';

/**
 * Differential test of the function library and aggregations against Prometheus 2.42 itself: Debian's `promtool
 * test rules` evaluates every expression below on the same data (counters with resets and gaps, gauges with NaN and
 * ±Inf, classic histograms including non-monotonic and negative buckets), and its answers become the expectations of
 * a test script run through our engine.
 */
const SERIES: ReadonlyArray<readonly [string, string]> = [
  ['c{job="a",inst="1"}', '0+7x10 3+5x10 100 50 60+3x8'],
  ['c{job="a",inst="2"}', '_x5 10+10x30'],
  ['c{job="b",inst="1"}', '5 4 3 2 1 0 10 20 30 _x3 40 50 60+1x20'],
  ['g{job="a",inst="1"}', '1 -2 3.5 NaN 7 Inf -Inf 2 2 2 0 -0.5 1e10 1e-10 3 3 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23'],
  ['g{job="b",inst="2"}', '5 5 5 5 5 5 4 4 4 4 4 3 3 3 3 2 2 2 1 1 1 0 0 -1 -2 -3 -4 -5 -6 -7 -8 -9 -10 -11 -12 -13 -14'],
  ['g{job="b",inst="3"}', '2+0.3x40'],
  ['h_bucket{job="a",le="0.1"}', '0+1x40'],
  ['h_bucket{job="a",le="0.5"}', '0+3x40'],
  ['h_bucket{job="a",le="1"}', '0+2x40'],
  ['h_bucket{job="a",le="+Inf"}', '0+5x40'],
  ['h_bucket{job="b",le="1"}', '0+1x40'],
  ['h_bucket{job="b",le="10"}', '0+1x40'],
  ['h_bucket{job="b",le="+Inf"}', '0+1x40'],
  ['h_bucket{job="c",le="-1"}', '1+1x40'],
  ['h_bucket{job="c",le="+Inf"}', '2+2x40'],
  ['h_bucket{job="d",le="1"}', '0+1x40'],
  ['s{v="x1y2"}', '1 2 3'],
];

const EXPRESSIONS: readonly string[] = [
  'rate(c[5m])',
  'rate(c[3m])',
  'increase(c[10m])',
  'delta(g[7m])',
  'irate(c[5m])',
  'idelta(g[5m])',
  'rate(c[90s])',
  'increase(c[1h])',
  'deriv(g[10m])',
  'predict_linear(g[10m], 600)',
  'predict_linear(c[15m] offset 3m, 3600)',
  'holt_winters(g[10m], 0.3, 0.7)',
  'holt_winters(c[20m], 0.9, 0.1)',
  'resets(c[15m])',
  'changes(g[15m])',
  'avg_over_time(g[10m])',
  'min_over_time(g[10m])',
  'max_over_time(g[10m])',
  'sum_over_time(g[10m])',
  'count_over_time(c[10m])',
  'stddev_over_time(g[10m])',
  'stdvar_over_time(g[15m])',
  'last_over_time(g[5m])',
  'present_over_time(c[5m])',
  'quantile_over_time(0.3, g[10m])',
  'quantile_over_time(0.9, c[10m])',
  'absent_over_time(nope{job="x"}[5m])',
  'absent(nope{job="x",a=~"b"})',
  'histogram_quantile(0.5, h_bucket)',
  'histogram_quantile(0.99, rate(h_bucket[5m]))',
  'histogram_quantile(0.01, h_bucket)',
  'histogram_quantile(0.8, sum by (le) (h_bucket))',
  'abs(g)',
  'ceil(g)',
  'floor(g)',
  'exp(g)',
  'ln(g)',
  'log2(g)',
  'log10(g)',
  'sqrt(g)',
  'sgn(g)',
  'round(g)',
  'round(g, 0.3)',
  'round(g, 5)',
  'clamp(g, -1, 4)',
  'clamp_min(g, 2)',
  'clamp_max(g, 2)',
  'sin(g)',
  'cos(g)',
  'tan(g)',
  'asin(g)',
  'acos(g)',
  'atan(g)',
  'sinh(g)',
  'cosh(g)',
  'tanh(g)',
  'asinh(g)',
  'acosh(g)',
  'atanh(g)',
  'deg(g)',
  'rad(g)',
  'year(g)',
  'month(g*1e6)',
  'day_of_week(g*1e5)',
  'day_of_year(g*1e7)',
  'days_in_month(g*1e7)',
  'hour(g * 3600)',
  'minute(g*61)',
  'day_of_month(g*1e6)',
  'timestamp(g)',
  'timestamp(g*2)',
  'label_replace(g, "x", "${1}-$2_", "job", "(.)(.*)")',
  'label_join(g, "x", "/", "job", "inst", "nope")',
  'sort(g)',
  'sort_desc(c)',
  'sum by (job) (g)',
  'avg by (job) (g)',
  'min by (job) (g)',
  'max by (job) (g)',
  'count without (inst) (c)',
  'group by (job) (c)',
  'stddev by (job) (g)',
  'stdvar(g)',
  'count_values("val", g)',
  'count_values without (inst) ("job", round(g))',
  'topk(2, g)',
  'bottomk by (job) (1, g)',
  'topk(1, c) by (job)',
  'quantile(0.3, g)',
  'quantile by (job) (0.75, c)',
  'quantile(1.5, g)',
  'sum by (job) (rate(c[5m]))',
  'avg(rate(c[5m]))',
  'vector(time())',
  'scalar(sum(c)) * g',
  'rate(c[5m:1m])',
  'rate(c[7m:2m])',
  'increase(c[10m:30s])',
  'delta(g[7m:90s])',
  'irate(c[5m:1m])',
  'deriv(g[10m:1m])',
  'predict_linear(g[10m:1m], 120)',
  'rate(c[5m] offset 2m)',
  'increase(c[5m] @ 600)',
  'predict_linear(g[10m] @ 900, 60)',
  'holt_winters(g[10m:2m], 0.5, 0.5)',
  'max_over_time(rate(c[3m])[10m:1m])',
  'avg_over_time(g[10m] offset 5m)',
  'last_over_time(c[3m:1m])',
  'absent_over_time(c{job="zzz"}[5m:1m])',
  'timestamp(last_over_time(g[5m]))',
  'changes(c[30m:1m])',
  'resets(c[30m:2m])',
  'quantile_over_time(0.5, rate(c[2m])[10m:1m])',
  'histogram_quantile(0.9, sum by (job, le) (increase(h_bucket[10m])))',
  'topk(3, rate(c[5m]))',
  'bottomk(2, rate(c[5m]))',
  'label_replace(rate(c[5m]), "job", "", "job", "a")',
  'count_values("v", rate(c[5m]) * 60)',
  'sort_desc(rate(c[5m]))',
  'label_replace(g, "x", "$1$2|$03|${1|x$", "job", "([[:alpha:]])(?P<rest>.*)")',
  'label_replace(c, "y", "${rest}", "inst", "(?i)(?P<rest>\\\\d)")',
];

const EVAL_TIMES = ['0m', '3m', '7m', '13m', '21m', '36m', '45m'];

/** Runs promtool with empty expectations, so that it reports what it got for each expression and time. */
function promtoolAnswers(dir: string): Map<string, { got?: string; err?: string }> {
  const yaml = ['rule_files: [rules.yml]', 'evaluation_interval: 1m', 'tests:', '  - interval: 1m', '    input_series:'];
  for (const [s, v] of SERIES) yaml.push(`      - series: '${s}'`, `        values: '${v}'`);
  yaml.push('    promql_expr_test:');
  for (const t of EVAL_TIMES) {
    for (const e of EXPRESSIONS) yaml.push(`      - expr: '${e}'`, `        eval_time: ${t}`, '        exp_samples: []');
  }
  writeFileSync(join(dir, 'rules.yml'), 'groups: []\n');
  writeFileSync(join(dir, 'test.yml'), yaml.join('\n') + '\n');
  const proc = spawnSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
  if (proc.error) throw proc.error;
  const out = proc.stdout + proc.stderr;
  const answers = new Map<string, { got?: string; err?: string }>();
  for (const m of out.matchAll(/expr: (".*?"), time: (\S+?),(?: err: (.*)|\n\s+exp: .*\n\s+got: (.*))/g)) {
    answers.set(`${JSON.parse(m[1]) as string}@${m[2]}`, m[3] !== undefined ? { err: m[3] } : { got: m[4] });
  }
  return answers;
}

function toScript(answers: Map<string, { got?: string; err?: string }>): { script: string; expectedSamples: number } {
  const lines = ['load 1m', ...SERIES.map(([s, v]) => `  ${s} ${v}`), ''];
  let expectedSamples = 0;
  for (const t of EVAL_TIMES) {
    for (const e of EXPRESSIONS) {
      const answer = answers.get(`${e}@${t === '0m' ? '0s' : t}`);
      if (answer?.err !== undefined) {
        lines.push(`eval_fail instant at ${t} ${e}`, '');
        continue;
      }
      lines.push(`eval instant at ${t} ${e}`);
      // No report means promtool got nothing, as expected.
      for (const m of (answer?.got ?? '').matchAll(/(\{[^}]*\}) (\S+?)(?:, |$)/g)) {
        lines.push(`  ${m[1]} ${m[2].replace(/E\+?/, 'e')}`);
        expectedSamples++;
      }
      lines.push('');
    }
  }
  return { script: lines.join('\n'), expectedSamples };
}

describe('functions and aggregations against promtool (Prometheus 2.42)', () => {
  it('gives the same answers for every expression at every time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promtool-diff-'));
    try {
      const { script, expectedSamples } = toScript(promtoolAnswers(dir));
      expect(expectedSamples).toBeGreaterThan(1500);
      const cases = await runTestScript(parseTestScript(script));
      expect(cases).toHaveLength(EVAL_TIMES.length * EXPRESSIONS.length);
      expect(cases.filter((c) => !c.passed).map((c) => `${c.expr}: ${c.detail ?? ''}`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
