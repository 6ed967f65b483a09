import { conformanceDir, runConformance, thresholdFailures } from './conformance-suite.js';

/** `npm run conformance [-- --verbose]`: runs Prometheus's PromQL test files against the engine. */
async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const results = await runConformance(conformanceDir());
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    process.stdout.write(`${r.file}: ${r.passed}/${r.cases.length}\n`);
    passed += r.passed;
    failed += r.cases.length - r.passed;
    if (verbose) {
      for (const c of r.cases) if (!c.passed) process.stdout.write(`  ${r.file}:${c.line}: ${c.expr}\n    ${c.detail ?? ''}\n`);
    }
  }
  const problems = thresholdFailures(results);
  for (const p of problems) process.stdout.write(`below target: ${p}\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}

await main();
