import { parseQuery } from '../../query/parse-query.js';
import type { QueryResult } from '../../query/query-result.js';
import type { Sample } from '../../storage/metric-store.js';
import { MemoryMetricStore } from '../../storage/memory/memory-metric-store.js';
import { DEFAULT_LOOKBACK_DELTA_MS, type EvaluationOptions } from '../engine/evaluation-options.js';
import { runInstantQuery, runRangeQuery } from '../engine/run-query.js';
import { compareResult } from './compare-result.js';
import type { TestCommand } from './test-script.js';

export interface CaseResult {
  readonly line: number;
  readonly expr: string;
  readonly passed: boolean;
  /** Why it failed. */
  readonly detail?: string;
}

/**
 * Runs the commands of one `.test` file against the engine over a MemoryMetricStore, as Prometheus's test
 * framework does: each instant eval is also run as a range query (t-1m .. t+1m, step 1m) whose middle step must agree.
 */
export async function runTestScript(commands: readonly TestCommand[]): Promise<CaseResult[]> {
  let store = new MemoryMetricStore();
  const results: CaseResult[] = [];
  const options = (): EvaluationOptions => ({
    store,
    lookbackDeltaMs: DEFAULT_LOOKBACK_DELTA_MS,
    maxSamples: 50_000_000,
    deadline: Date.now() + 60_000,
  });
  for (const cmd of commands) {
    if (cmd.kind === 'clear') {
      store = new MemoryMetricStore();
      continue;
    }
    if (cmd.kind === 'load') {
      const samples: Sample[] = [];
      for (const s of cmd.series) {
        for (let i = 0; i < s.timestamps.length; i++) samples.push({ labels: s.labels, timestamp: s.timestamps[i], value: s.values[i] });
      }
      await store.append(samples);
      continue;
    }
    let result: QueryResult;
    try {
      const expr = parseQuery(cmd.expr);
      result = await runInstantQuery(expr, cmd.timeMs, options());
    } catch (err) {
      results.push({ line: cmd.line, expr: cmd.expr, passed: cmd.fail, detail: cmd.fail ? undefined : `error: ${(err as Error).message}` });
      continue;
    }
    if (cmd.fail) {
      results.push({ line: cmd.line, expr: cmd.expr, passed: false, detail: 'expected an error, got a result' });
      continue;
    }
    let detail = compareResult(result, cmd);
    if (detail === undefined && !cmd.ordered && (result.resultType === 'vector' || result.resultType === 'scalar')) {
      detail = await checkRangeMode(cmd.expr, cmd.timeMs, result, options());
    }
    results.push({ line: cmd.line, expr: cmd.expr, passed: detail === undefined, detail });
  }
  return results;
}

async function checkRangeMode(text: string, t: number, instant: QueryResult, options: EvaluationOptions): Promise<string | undefined> {
  let range: QueryResult;
  try {
    range = await runRangeQuery(parseQuery(text), { start: t - 60_000, end: t + 60_000, step: 60_000 }, options);
  } catch (err) {
    return `range mode: error: ${(err as Error).message}`;
  }
  if (range.resultType !== 'matrix') return 'range mode: not a matrix';
  const samples = [];
  for (const s of range.result) {
    const i = s.timestamps.indexOf(t);
    if (i >= 0) samples.push({ labels: s.labels, value: s.values[i] });
  }
  if (instant.resultType === 'scalar') {
    const d = compareResult({ resultType: 'scalar', result: { timestamp: t, value: samples[0]?.value ?? NaN } }, { samples: [], scalar: instant.result.value, ordered: false });
    return d === undefined ? undefined : `range mode: ${d}`;
  }
  if (instant.resultType !== 'vector') return undefined;
  const d = compareResult(
    { resultType: 'vector', result: samples.map((s) => ({ ...s, timestamp: t })) },
    { samples: instant.result.map((e) => ({ labels: e.labels, value: e.value })), ordered: false },
  );
  return d === undefined ? undefined : `range mode: ${d}`;
}
