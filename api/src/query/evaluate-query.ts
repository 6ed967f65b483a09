import { runInstantQuery, runRangeQuery, type RangeParams as EngineRangeParams } from '../promql/engine/run-query.js';
import type { EvaluationOptions } from '../promql/engine/evaluation-options.js';
import type { Expr } from './ast.js';
import type { QueryResult } from './query-result.js';

/** What a query needs besides its expression: the store and the limits (the engine's options). */
export type QueryContext = EvaluationOptions;

export type RangeParams = EngineRangeParams;

/** Evaluates an expression at one instant (ms) with the PromQL engine (Prometheus 2.42 semantics). */
export async function evaluateInstant(expr: Expr, time: number, ctx: QueryContext): Promise<QueryResult> {
  return runInstantQuery(expr, time, ctx);
}

/** Evaluates an expression at each step from start to end (inclusive); the result is always a matrix. */
export async function evaluateRange(expr: Expr, range: RangeParams, ctx: QueryContext): Promise<QueryResult> {
  return runRangeQuery(expr, range, ctx);
}
