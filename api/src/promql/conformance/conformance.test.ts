import { describe, expect, it } from 'vitest';
import { conformanceDir, MUST_PASS_FILES, runConformance, thresholdFailures } from './conformance-suite.js';

describe('PromQL conformance (Prometheus 2.42 promql/testdata)', () => {
  it('passes at least 95% of all cases and every case of the selector, operator, aggregator, staleness and histogram files', async () => {
    const results = await runConformance(conformanceDir());
    const failing = results.flatMap((r) => r.cases.filter((c) => !c.passed).map((c) => `${r.file}:${c.line}: ${c.expr}: ${c.detail ?? ''}`));
    expect(results.length).toBeGreaterThanOrEqual(11);
    expect(thresholdFailures(results), failing.join('\n')).toEqual([]);
  }, 60_000);

  it('reports a shortfall when a must-pass file has a failing case', () => {
    const results = MUST_PASS_FILES.map((file) => ({ file, cases: [{ line: 1, expr: 'up', passed: true }], passed: 1 }));
    expect(thresholdFailures(results)).toEqual([]);
    const broken = results.map((r, i) => (i === 0 ? { ...r, cases: [...r.cases, { line: 2, expr: 'x', passed: false }] } : r));
    expect(thresholdFailures(broken)).toEqual(['5/6 passed, below 95%', `${MUST_PASS_FILES[0]}: 1/2 passed, all must`]);
  });
});
