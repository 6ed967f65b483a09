import { AppError } from '../../errors/app-error.js';
import type { AggregateExpr } from '../../query/ast.js';
import { aggregate } from '../aggregation/index.js';
import type { FunctionArg, InstantVector } from '../values.js';

/** Runs an aggregation operator over one step's vector with the step's parameter (k, φ or the count_values label). */
export function evaluateAggregation(expr: AggregateExpr, input: InstantVector, param: FunctionArg | undefined): InstantVector {
  let p: number | string | undefined;
  if (param) {
    if (param.kind !== 'scalar' && param.kind !== 'string') throw new AppError('internal', `aggregation parameter of ${param.kind}`);
    p = param.value;
  }
  return aggregate({ op: expr.op, grouping: expr.grouping, without: expr.without, param: p }, input);
}
