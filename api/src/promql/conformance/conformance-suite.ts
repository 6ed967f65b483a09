import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTestScript } from './parse-test-script.js';
import { runTestScript, type CaseResult } from './run-test-script.js';

export interface FileResult {
  readonly file: string;
  readonly cases: readonly CaseResult[];
  readonly passed: number;
}

/** Files that must pass completely (the target), besides >= MIN_PASS_RATIO overall. */
export const MUST_PASS_FILES: readonly string[] = ['selectors.test', 'operators.test', 'aggregators.test', 'staleness.test', 'histograms.test'];
/** The overall share of cases that must pass. */
export const MIN_PASS_RATIO = 0.95;

/** The repository root: this file is api/src/promql/conformance/. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** Where the `.test` files are: `$PROMQL_CONFORMANCE_DIR`, else `../shared/conformance/promql` beside the clone. */
export function conformanceDir(): string {
  return process.env.PROMQL_CONFORMANCE_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'conformance', 'promql');
}

export async function runConformance(dir = conformanceDir()): Promise<FileResult[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.test')).sort();
  const out: FileResult[] = [];
  for (const file of files) {
    const commands = parseTestScript(await readFile(path.join(dir, file), 'utf8'));
    const cases = await runTestScript(commands);
    out.push({ file, cases, passed: cases.filter((c) => c.passed).length });
  }
  return out;
}

/** The reasons the results miss the target (empty when met). */
export function thresholdFailures(results: readonly FileResult[], minRatio = MIN_PASS_RATIO, mustPass = MUST_PASS_FILES): string[] {
  const problems: string[] = [];
  const total = results.reduce((n, r) => n + r.cases.length, 0);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  if (total === 0) problems.push('no conformance cases found');
  else if (passed / total < minRatio) problems.push(`${passed}/${total} passed, below ${minRatio * 100}%`);
  for (const name of mustPass) {
    const r = results.find((f) => f.file === name);
    if (!r) problems.push(`${name} is missing`);
    else if (r.passed !== r.cases.length) problems.push(`${name}: ${r.passed}/${r.cases.length} passed, all must`);
  }
  return problems;
}
