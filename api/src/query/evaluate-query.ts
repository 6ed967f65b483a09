import { runInstantQuery, runRangeQuery, type RangeParams as EngineRangeParams } from '../promql/engine/run-query.js';
import type { MetricStore } from '../storage/metric-store.js';
import type { Expr } from './ast.js';
import type { QueryResult } from './query-result.js';

export interface QueryContext {
  readonly store: MetricStore;
  /** How far back an instant selector looks for the latest sample (Prometheus's --query.lookback-delta). */
  readonly lookbackDeltaMs: number;
  /** Most samples a query may hold in memory (Prometheus's --query.max-samples). */
  readonly maxSamples: number;
  /** Wall-clock time (ms) after which the query is abandoned with a timeout error; Infinity for none. */
  readonly deadline: number;
  /** Aborted when the client goes away: the query ends with a `canceled` error. */
  readonly signal?: AbortSignal;
  /** Subquery step when none is written (Prometheus's global evaluation interval); 1m by default. */
  readonly defaultSubqueryStepMs?: number;
  readonly now?: () => number;
}

export type RangeParams = EngineRangeParams;

/** Evaluates an expression at one instant (ms) with the PromQL engine (Prometheus 2.42 semantics). */
export async function evaluateInstant(expr: Expr, time: number, ctx: QueryContext): Promise<QueryResult> {
  return runInstantQuery(expr, time, ctx);
}

/** Evaluates an expression at each step from start to end (inclusive); the result is always a matrix. */
export async function evaluateRange(expr: Expr, range: RangeParams, ctx: QueryContext): Promise<QueryResult> {
  return runRangeQuery(expr, range, ctx);
}
