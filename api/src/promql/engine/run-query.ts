import { AppError } from '../../errors/app-error.js';
import { documentedType, ValueType, valueTypeOf, type Expr } from '../../query/ast.js';
import { compareLabels } from '../../query/compare-labels.js';
import type { QueryResult, RangeSeries } from '../../query/query-result.js';
import type { Labels } from '../../storage/labels.js';
import type { EvaluationOptions } from './evaluation-options.js';
import { fastLabelsKey } from './label-operations.js';
import { QueryLimits } from './query-limits.js';
import { StepEvaluator } from './step-evaluator.js';

/** A range query gives the event loop a turn at least this often (ms of evaluation). */
const YIELD_EVERY_MS = 20;

export interface RangeParams {
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

/** Evaluates an expression at one instant (Unix ms), as Prometheus's instant query. */
export async function runInstantQuery(expr: Expr, timeMs: number, options: EvaluationOptions): Promise<QueryResult> {
  const limits = new QueryLimits(options);
  limits.checkNow();
  const evaluator = new StepEvaluator(options, limits, { startMs: timeMs, endMs: timeMs });
  await evaluator.load(expr);
  const v = evaluator.evaluate(expr, timeMs);
  limits.samples(evaluator.stepSamples);
  switch (v.kind) {
    case 'scalar':
      return { resultType: 'scalar', result: { timestamp: timeMs, value: v.value } };
    case 'string':
      return { resultType: 'string', result: { timestamp: timeMs, value: v.value } };
    case 'vector':
      return { resultType: 'vector', result: v.value.map((e) => ({ labels: e.labels, timestamp: timeMs, value: e.value })) };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: v.value.map((w) => ({ labels: w.labels, timestamps: Array.from(w.timestamps), values: Array.from(w.values) })),
      };
  }
}

/** Evaluates an expression at each step from start to end inclusive; the result is a matrix sorted by labels. */
export async function runRangeQuery(expr: Expr, range: RangeParams, options: EvaluationOptions): Promise<QueryResult> {
  const type = valueTypeOf(expr);
  if (type !== ValueType.Vector && type !== ValueType.Scalar) {
    throw new AppError('bad_data', `invalid expression type "${documentedType(type)}" for range query, must be Scalar or instant Vector`);
  }
  const limits = new QueryLimits(options);
  limits.checkNow();
  const evaluator = new StepEvaluator(options, limits, { startMs: range.start, endMs: range.end });
  await evaluator.load(expr);
  const series: SeriesByLabels = { byKey: new Map(), byObject: new Map() };
  let points = 0;
  let lastYield = performance.now();
  for (let t = range.start; t <= range.end; t += range.step) {
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      // Let the event loop run: other requests proceed, and a client disconnect can abort this query.
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    evaluator.stepSamples = 0;
    const v = evaluator.evaluate(expr, t);
    if (v.kind === 'scalar') {
      add(series, {}, t, v.value);
      points++;
    } else if (v.kind === 'vector') {
      for (const e of v.value) add(series, e.labels, t, e.value);
      points += v.value.length;
    } else {
      throw new AppError('internal', `range query step yielded a ${v.kind}`);
    }
    limits.samples(points + evaluator.stepSamples);
    limits.check();
  }
  const result: RangeSeries[] = [...series.byKey.values()].sort((a, b) => compareLabels(a.labels, b.labels));
  return { resultType: 'matrix', result };
}

interface SeriesByLabels {
  readonly byKey: Map<string, { labels: Labels; timestamps: number[]; values: number[] }>;
  /** The same entries by label object: selectors hand out the same object at every step, which skips the key. */
  readonly byObject: Map<Labels, { labels: Labels; timestamps: number[]; values: number[] }>;
}

function add(series: SeriesByLabels, labels: Labels, t: number, value: number): void {
  let s = series.byObject.get(labels);
  if (!s) {
    const key = fastLabelsKey(labels);
    s = series.byKey.get(key);
    if (!s) {
      s = { labels, timestamps: [], values: [] };
      series.byKey.set(key, s);
    }
    series.byObject.set(labels, s);
  }
  s.timestamps.push(t);
  s.values.push(value);
}
