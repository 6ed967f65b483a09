import { AppError } from '../errors/app-error.js';
import type { MetricStore, SeriesSamples } from '../storage/metric-store.js';
import { isStaleMarker } from '../storage/stale-marker.js';
import { NodeType, ValueType, documentedType, valueTypeOf, type Expr, type MatrixSelector, type VectorSelector } from './ast.js';
import { compareLabels } from './compare-labels.js';
import type { InstantSample, QueryResult, RangeSeries } from './query-result.js';

export interface QueryContext {
  readonly store: MetricStore;
  /** How far back an instant selector looks for the latest sample (Prometheus's --query.lookback-delta). */
  readonly lookbackDeltaMs: number;
  /** Most samples a query may hold in its result (Prometheus's --query.max-samples). */
  readonly maxSamples: number;
  /** Wall-clock time (ms) after which the query is abandoned with a timeout error; Infinity for none. */
  readonly deadline: number;
  readonly now?: () => number;
}

export interface RangeParams {
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

/**
 * Evaluates an expression at one instant (ms), with Prometheus 2.42 semantics: an instant selector returns per
 * series the latest sample in [t - offset - lookback, t - offset] unless it is a staleness marker, stamped t;
 * a range selector returns the raw samples in [t - offset - range, t - offset], staleness markers dropped.
 */
export async function evaluateInstant(expr: Expr, time: number, ctx: QueryContext): Promise<QueryResult> {
  const e = unwrap(expr);
  switch (e.type) {
    case NodeType.NumberLiteral:
      return { resultType: 'scalar', result: { timestamp: time, value: e.value } };
    case NodeType.StringLiteral:
      return { resultType: 'string', result: { timestamp: time, value: e.value } };
    case NodeType.VectorSelector: {
      const series = await selectForSteps(e, time, time, ctx);
      const out: InstantSample[] = [];
      for (const s of series) {
        const v = latestAt(s, time - e.offsetMs, ctx.lookbackDeltaMs, 0);
        if (v.index >= 0) out.push({ labels: s.labels, timestamp: time, value: s.values[v.index] });
      }
      checkSamples(out.length, ctx);
      return { resultType: 'vector', result: out.sort((a, b) => compareLabels(a.labels, b.labels)) };
    }
    case NodeType.MatrixSelector:
      return { resultType: 'matrix', result: await evaluateMatrixSelector(e, time, ctx) };
  }
}

/** Evaluates an expression at each step from start to end (inclusive); the result is always a matrix. */
export async function evaluateRange(expr: Expr, range: RangeParams, ctx: QueryContext): Promise<QueryResult> {
  const type = valueTypeOf(expr);
  if (type !== ValueType.Vector && type !== ValueType.Scalar) {
    throw new AppError('bad_data', `invalid expression type "${documentedType(type)}" for range query, must be Scalar or instant Vector`);
  }
  const e = unwrap(expr);
  if (e.type === NodeType.NumberLiteral) {
    const timestamps: number[] = [];
    const values: number[] = [];
    for (let t = range.start; t <= range.end; t += range.step) {
      timestamps.push(t);
      values.push(e.value);
    }
    checkSamples(timestamps.length, ctx);
    return { resultType: 'matrix', result: [{ labels: {}, timestamps, values }] };
  }
  if (e.type !== NodeType.VectorSelector) throw new AppError('internal', `unexpected expression ${e.type} in range query`);
  const series = await selectForSteps(e, range.start, range.end, ctx);
  const out: RangeSeries[] = [];
  let total = 0;
  for (const s of series) {
    const timestamps: number[] = [];
    const values: number[] = [];
    let cursor = 0;
    for (let t = range.start; t <= range.end; t += range.step) {
      const found = latestAt(s, t - e.offsetMs, ctx.lookbackDeltaMs, cursor);
      cursor = found.cursor;
      if (found.index >= 0) {
        timestamps.push(t);
        values.push(s.values[found.index]);
      }
    }
    if (timestamps.length === 0) continue;
    total += timestamps.length;
    checkSamples(total, ctx);
    out.push({ labels: s.labels, timestamps, values });
  }
  checkDeadline(ctx);
  return { resultType: 'matrix', result: out.sort((a, b) => compareLabels(a.labels, b.labels)) };
}

async function evaluateMatrixSelector(m: MatrixSelector, time: number, ctx: QueryContext): Promise<RangeSeries[]> {
  const vs = m.vectorSelector;
  const maxt = time - vs.offsetMs;
  const mint = maxt - m.rangeMs;
  const selected = await ctx.store.select(vs.matchers, { start: mint, end: maxt });
  checkDeadline(ctx);
  const out: RangeSeries[] = [];
  let total = 0;
  for (const s of selected) {
    const timestamps: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < s.timestamps.length; i++) {
      const t = s.timestamps[i];
      if (t < mint || t > maxt || isStaleMarker(s.values[i])) continue;
      timestamps.push(t);
      values.push(s.values[i]);
    }
    if (timestamps.length === 0) continue;
    total += timestamps.length;
    checkSamples(total, ctx);
    out.push({ labels: s.labels, timestamps, values });
  }
  return out.sort((a, b) => compareLabels(a.labels, b.labels));
}

/** One store read covering every step's lookback window. */
async function selectForSteps(vs: VectorSelector, first: number, last: number, ctx: QueryContext): Promise<SeriesSamples[]> {
  const series = await ctx.store.select(vs.matchers, {
    start: first - vs.offsetMs - ctx.lookbackDeltaMs,
    end: last - vs.offsetMs,
  });
  checkDeadline(ctx);
  return series;
}

/**
 * Index of the latest sample at or before `ref` and not before `ref - lookback`, or -1 when there is none or it
 * is a staleness marker. `from` lets successive increasing `ref`s walk the series once; returns the new cursor.
 */
function latestAt(s: SeriesSamples, ref: number, lookback: number, from: number): { index: number; cursor: number } {
  let i = from;
  const ts = s.timestamps;
  while (i < ts.length && ts[i] <= ref) i++;
  const last = i - 1;
  if (last < 0 || ts[last] < ref - lookback || isStaleMarker(s.values[last])) return { index: -1, cursor: i };
  return { index: last, cursor: i };
}

function unwrap(expr: Expr): Exclude<Expr, { type: NodeType.ParenExpr }> {
  let e = expr;
  while (e.type === NodeType.ParenExpr) e = e.expr;
  return e;
}

function checkSamples(n: number, ctx: QueryContext): void {
  if (n > ctx.maxSamples) {
    throw new AppError('execution', 'query processing would load too many samples into memory in query execution');
  }
}

function checkDeadline(ctx: QueryContext): void {
  if ((ctx.now ?? Date.now)() > ctx.deadline) throw new AppError('timeout', 'query timed out in query execution');
}
