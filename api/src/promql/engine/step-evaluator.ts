import { AppError } from '../../errors/app-error.js';
import { NodeType, SET_OPS, type AggregateExpr, type Call, type Expr, type Subquery, type VectorSelector } from '../../query/ast.js';
import { compareLabels } from '../../query/compare-labels.js';
import { METRIC_NAME_LABEL, type Labels } from '../../storage/labels.js';
import type { LabelMatcher } from '../../storage/label-matcher.js';
import { isStaleMarker } from '../../storage/stale-marker.js';
import { FUNCTIONS } from '../functions/index.js';
import { EXTRAPOLATING_FUNCTIONS, extrapolatedRateOf } from '../functions/rate-family.js';
import type { FunctionArg, InstantVector, RangeWindow, VectorElement } from '../values.js';
import { evaluateAggregation } from './evaluate-aggregation.js';
import { DEFAULT_SUBQUERY_STEP_MS, type EvaluationOptions } from './evaluation-options.js';
import { fastLabelsKey, dropMetricName } from './label-operations.js';
import { toLoadedSeries, type LoadedSeries } from './loaded-series.js';
import type { QueryLimits } from './query-limits.js';
import { resolveAt, selectorSpans, type QueryBounds } from './selector-spans.js';
import { boundFrom } from './series-search.js';
import { SubqueryPoints } from './subquery-points.js';
import { scalarOperation, vectorBinaryOperation, vectorScalarOperation, vectorSetOperation } from './vector-binary-operations.js';

/**
 * Evaluates an expression one step at a time with Prometheus 2.42 semantics. `load()` reads every selector's
 * series once for the whole query; `evaluate(expr, t)` then only slices them (binary search), so a range query
 * touches the store once per selector, not once per step.
 */
export class StepEvaluator {
  private readonly loaded = new Map<VectorSelector, LoadedSeries[]>();
  /** Per selector and series, the last window bounds found: search hints for the next step. */
  private readonly hints = new Map<VectorSelector, { lo: Int32Array; hi: Int32Array }>();
  private readonly resets = new Map<VectorSelector, (Int32Array | undefined)[]>();
  private readonly droppedNames = new Map<VectorSelector, Labels[]>();
  private readonly singleName = new Map<VectorSelector, boolean>();
  private readonly subqueryPoints = new Map<Subquery, SubqueryPoints>();
  /** Samples held by the current top-level step (selector outputs), for the max-samples limit. */
  stepSamples = 0;

  constructor(
    private readonly options: EvaluationOptions,
    private readonly limits: QueryLimits,
    private readonly bounds: QueryBounds,
  ) {}

  async load(expr: Expr): Promise<void> {
    const spans = selectorSpans(expr, this.bounds, this.options.lookbackDeltaMs);
    // Selectors with the same matchers over the same span (`sum_over_time(x[28d]) / count_over_time(x[28d])`)
    // read the store once and share the (read-only) series.
    const reads = new Map<string, Promise<LoadedSeries[]>>();
    const read = async (matchers: readonly LabelMatcher[], span: { start: number; end: number }): Promise<LoadedSeries[]> => {
      const series = await this.options.store.select(matchers, span);
      this.limits.checkNow();
      return series.map(toLoadedSeries).sort((a, b) => compareLabels(a.labels, b.labels));
    };
    await Promise.all(
      [...spans].map(async ([vs, span]) => {
        const key = `${span.start} ${span.end} ${JSON.stringify(vs.matchers.map((m) => [m.name, m.type, m.value]))}`;
        let shared = reads.get(key);
        if (!shared) reads.set(key, (shared = read(vs.matchers, span)));
        const sorted = await shared;
        this.loaded.set(vs, sorted);
        this.hints.set(vs, { lo: new Int32Array(sorted.length), hi: new Int32Array(sorted.length) });
      }),
    );
  }

  evaluate(expr: Expr, t: number): FunctionArg {
    this.limits.check();
    switch (expr.type) {
      case NodeType.NumberLiteral:
        return { kind: 'scalar', value: expr.value };
      case NodeType.StringLiteral:
        return { kind: 'string', value: expr.value };
      case NodeType.ParenExpr:
        return this.evaluate(expr.expr, t);
      case NodeType.VectorSelector:
        return { kind: 'vector', value: this.vectorSelector(expr, t) };
      case NodeType.MatrixSelector:
        return this.matrixSelector(expr.vectorSelector, expr.rangeMs, t);
      case NodeType.Subquery:
        return this.subquery(expr, t);
      case NodeType.UnaryExpr: {
        const v = this.evaluate(expr.expr, t);
        if (expr.op === '+') return v;
        if (v.kind === 'scalar') return { kind: 'scalar', value: -v.value };
        if (v.kind !== 'vector') throw new AppError('internal', `unary minus on ${v.kind}`);
        return { kind: 'vector', value: uniqueUnlessOneName([v], v.value.map((e) => ({ labels: dropMetricName(e.labels), value: -e.value }))) };
      }
      case NodeType.BinaryExpr: {
        const l = this.evaluate(expr.lhs, t);
        const r = this.evaluate(expr.rhs, t);
        if (l.kind === 'scalar' && r.kind === 'scalar') return { kind: 'scalar', value: scalarOperation(expr.op, l.value, r.value) };
        if (l.kind === 'vector' && r.kind === 'vector') {
          const matching = expr.matching;
          if (!matching) throw new AppError('internal', 'vector binary expression without matching');
          if (SET_OPS.has(expr.op)) {
            return { kind: 'vector', value: vectorSetOperation(expr.op as 'and' | 'or' | 'unless', l.value, r.value, matching) };
          }
          // Unique by construction: each match signature (one-to-one) or result label set (grouping) is used once.
          return { kind: 'vector', value: vectorBinaryOperation(expr.op, l.value, r.value, matching, expr.returnBool) };
        }
        if (l.kind === 'vector' && r.kind === 'scalar') {
          return { kind: 'vector', value: uniqueUnlessOneName([l], vectorScalarOperation(expr.op, l.value, r.value, false, expr.returnBool)) };
        }
        if (l.kind === 'scalar' && r.kind === 'vector') {
          return { kind: 'vector', value: uniqueUnlessOneName([r], vectorScalarOperation(expr.op, r.value, l.value, true, expr.returnBool)) };
        }
        throw new AppError('internal', `binary expression between ${l.kind} and ${r.kind}`);
      }
      case NodeType.AggregateExpr:
        return { kind: 'vector', value: this.aggregate(expr, t) };
      case NodeType.Call:
        return this.call(expr, t);
    }
  }

  private vectorSelector(vs: VectorSelector, t: number): InstantVector {
    const series = this.series(vs);
    const ref = (resolveAt(vs.at, this.bounds) ?? t) - vs.offsetMs;
    const lookback = this.options.lookbackDeltaMs;
    const out: VectorElement[] = [];
    const hints = this.hint(vs);
    for (let k = 0; k < series.length; k++) {
      const s = series[k];
      const hi = boundFrom(s.timestamps, ref, hints.hi[k], true);
      hints.hi[k] = hi;
      const i = hi - 1;
      if (i < 0) continue;
      const ts = s.timestamps[i];
      if (ts < ref - lookback) continue;
      const v = s.values[i];
      if (isStaleMarker(v)) continue;
      out.push({ labels: s.labels, value: v, sampleTimestamp: ts });
    }
    this.stepSamples += out.length;
    return out;
  }

  private matrixSelector(vs: VectorSelector, rangeMs: number, t: number): FunctionArg {
    const series = this.series(vs);
    const end = (resolveAt(vs.at, this.bounds) ?? t) - vs.offsetMs;
    const start = end - rangeMs;
    const windows: RangeWindow[] = [];
    let n = 0;
    const hints = this.hint(vs);
    for (let k = 0; k < series.length; k++) {
      const s = series[k];
      const lo = boundFrom(s.timestamps, start, hints.lo[k], false);
      const hi = boundFrom(s.timestamps, end, hints.hi[k], true);
      hints.lo[k] = lo;
      hints.hi[k] = hi;
      if (hi <= lo) continue;
      // The constructor is several times cheaper than subarray() in V8 (no species lookup).
      let timestamps = new Float64Array(s.timestamps.buffer, s.timestamps.byteOffset + lo * 8, hi - lo);
      let values = new Float64Array(s.values.buffer, s.values.byteOffset + lo * 8, hi - lo);
      if (s.hasStaleMarkers) {
        // Typed arrays of the window's length, filled and cut: no boxed numbers for a 28-day window.
        const ts = new Float64Array(values.length);
        const vals = new Float64Array(values.length);
        let m = 0;
        for (let i = 0; i < values.length; i++) {
          if (isStaleMarker(values[i])) continue;
          ts[m] = timestamps[i];
          vals[m++] = values[i];
        }
        if (m === 0) continue;
        timestamps = new Float64Array(ts.buffer, 0, m);
        values = new Float64Array(vals.buffer, 0, m);
      }
      n += values.length;
      windows.push({ labels: s.labels, timestamps, values });
    }
    this.stepSamples += n;
    this.limits.samples(this.stepSamples);
    return { kind: 'matrix', value: windows, windowStartMs: start, windowEndMs: end, rangeMs };
  }

  private subquery(sq: Subquery, t: number): FunctionArg {
    const end = (resolveAt(sq.at, this.bounds) ?? t) - sq.offsetMs;
    const start = end - sq.rangeMs;
    let points = this.subqueryPoints.get(sq);
    if (!points) {
      const step = sq.stepMs > 0 ? sq.stepMs : (this.options.defaultSubqueryStepMs ?? DEFAULT_SUBQUERY_STEP_MS);
      points = new SubqueryPoints(step, (it) => {
        const v = this.evaluate(sq.expr, it);
        if (v.kind !== 'vector') throw new AppError('internal', `subquery of ${v.kind}`);
        return v.value;
      });
      this.subqueryPoints.set(sq, points);
    }
    const { windows, samples } = points.window(start, end);
    this.stepSamples += samples;
    this.limits.samples(this.stepSamples);
    return { kind: 'matrix', value: windows, windowStartMs: start, windowEndMs: end, rangeMs: sq.rangeMs };
  }

  private aggregate(expr: AggregateExpr, t: number): InstantVector {
    const param = expr.param ? this.evaluate(expr.param, t) : undefined;
    const input = this.evaluate(expr.expr, t);
    if (input.kind !== 'vector') throw new AppError('internal', `aggregation over ${input.kind}`);
    // Grouping makes an aggregation's output unique by construction.
    return evaluateAggregation(expr, input.value, param);
  }

  private call(expr: Call, t: number): FunctionArg {
    const rate = EXTRAPOLATING_FUNCTIONS.get(expr.func);
    const arg = expr.args[0];
    if (rate !== undefined && expr.args.length === 1 && arg.type === NodeType.MatrixSelector) {
      this.limits.check();
      return { kind: 'vector', value: this.rateOverSelector(arg.vectorSelector, arg.rangeMs, t, rate.isCounter, rate.isRate) };
    }
    const fn = FUNCTIONS.get(expr.func);
    if (!fn) throw new AppError('bad_data', `unknown function with name ${JSON.stringify(expr.func)}`);
    const args = expr.args.map((a) => this.evaluate(a, t));
    const absentLabels = expr.func === 'absent' || expr.func === 'absent_over_time' ? labelsForAbsent(expr.args[0]) : {};
    const result = fn.call(args, { timeMs: t, absentLabels });
    if (typeof result === 'number') return { kind: 'scalar', value: result };
    return { kind: 'vector', value: LABEL_CHANGING_FUNCTIONS.has(expr.func) ? checkUnique(result) : uniqueUnlessOneName(args, result) };
  }

  /**
   * rate/increase/delta straight over a matrix selector: what `matrixSelector` and the function compute together,
   * but on index bounds into the loaded series rather than a window object per series and step.
   */
  private rateOverSelector(vs: VectorSelector, rangeMs: number, t: number, isCounter: boolean, isRate: boolean): InstantVector {
    const series = this.series(vs);
    const end = (resolveAt(vs.at, this.bounds) ?? t) - vs.offsetMs;
    const bounds = { windowStartMs: end - rangeMs, windowEndMs: end, rangeMs };
    const out: VectorElement[] = [];
    let n = 0;
    const hints = this.hint(vs);
    const resetCounts = isCounter ? this.resetCounts(vs, series) : undefined;
    const outLabels = this.withoutNames(vs, series);
    for (let k = 0; k < series.length; k++) {
      const s = series[k];
      const resets = resetCounts?.[k];
      const lo = boundFrom(s.timestamps, bounds.windowStartMs, hints.lo[k], false);
      const hi = boundFrom(s.timestamps, end, hints.hi[k], true);
      hints.lo[k] = lo;
      hints.hi[k] = hi;
      if (hi <= lo) continue;
      let value: number | undefined;
      if (s.hasStaleMarkers) {
        const ts = new Float64Array(hi - lo);
        const vals = new Float64Array(hi - lo);
        let m = 0;
        for (let i = lo; i < hi; i++) {
          if (isStaleMarker(s.values[i])) continue;
          ts[m] = s.timestamps[i];
          vals[m++] = s.values[i];
        }
        if (m === 0) continue;
        n += m;
        value = extrapolatedRateOf(ts, vals, 0, m, bounds, isCounter, isRate);
      } else {
        n += hi - lo;
        const mayHaveResets = resets === undefined || resets[hi - 1] !== resets[lo];
        value = extrapolatedRateOf(s.timestamps, s.values, lo, hi, bounds, isCounter, isRate, mayHaveResets);
      }
      if (value !== undefined) out.push({ labels: outLabels[k], value });
    }
    this.stepSamples += n;
    this.limits.samples(this.stepSamples);
    return this.oneMetricName(vs, series) ? out : checkUnique(out);
  }

  /**
   * Per series of a selector, how many values up to each index are below their predecessor (counter resets):
   * a window [lo, hi) has none when the counts at lo and hi - 1 are equal. Undefined for series with stale markers.
   */
  private resetCounts(vs: VectorSelector, series: readonly LoadedSeries[]): (Int32Array | undefined)[] {
    let counts = this.resets.get(vs);
    if (counts === undefined) {
      counts = series.map((s) => {
        if (s.hasStaleMarkers) return undefined;
        const c = new Int32Array(s.values.length);
        for (let i = 1; i < c.length; i++) c[i] = c[i - 1] + (s.values[i] < s.values[i - 1] ? 1 : 0);
        return c;
      });
      this.resets.set(vs, counts);
    }
    return counts;
  }

  /** A selector's series' labels without `__name__`, in series order. */
  private withoutNames(vs: VectorSelector, series: readonly LoadedSeries[]): Labels[] {
    let labels = this.droppedNames.get(vs);
    if (labels === undefined) {
      labels = series.map((s) => dropMetricName(s.labels));
      this.droppedNames.set(vs, labels);
    }
    return labels;
  }

  /** Whether all of a selector's series have the same `__name__` (or none): see `singleMetricName`. */
  private oneMetricName(vs: VectorSelector, series: readonly LoadedSeries[]): boolean {
    let one = this.singleName.get(vs);
    if (one === undefined) {
      one = series.every((s) => s.labels[METRIC_NAME_LABEL] === series[0].labels[METRIC_NAME_LABEL]);
      this.singleName.set(vs, one);
    }
    return one;
  }

  private hint(vs: VectorSelector): { lo: Int32Array; hi: Int32Array } {
    const h = this.hints.get(vs);
    if (!h) throw new AppError('internal', 'selector was not loaded before evaluation');
    return h;
  }

  private series(vs: VectorSelector): LoadedSeries[] {
    const s = this.loaded.get(vs);
    if (!s) throw new AppError('internal', 'selector was not loaded before evaluation');
    return s;
  }
}

/** Functions whose output labels are more than the input's minus `__name__`. */
const LABEL_CHANGING_FUNCTIONS: ReadonlySet<string> = new Set(['label_replace', 'label_join', 'absent', 'absent_over_time', 'vector', 'scalar', 'time']);

/**
 * True when every series of the vector or matrix arguments has the same `__name__` (or none): dropping the name
 * then cannot make two of them equal, so the uniqueness check of a function's output can be skipped.
 */
function singleMetricName(args: readonly FunctionArg[]): boolean {
  let name: string | undefined;
  let first = true;
  for (const a of args) {
    if (a.kind !== 'vector' && a.kind !== 'matrix') continue;
    for (const e of a.value) {
      const n = e.labels[METRIC_NAME_LABEL];
      if (first) {
        name = n;
        first = false;
      } else if (n !== name) {
        return false;
      }
    }
  }
  return true;
}

/** `checkUnique` of an output whose labels are its inputs' at most minus `__name__`: skipped when that cannot collide. */
function uniqueUnlessOneName(inputs: readonly FunctionArg[], output: InstantVector): InstantVector {
  return singleMetricName(inputs) ? output : checkUnique(output);
}

/** Prometheus: an operation's output may not hold two elements with the same label set. */
function checkUnique(vector: InstantVector): InstantVector {
  if (vector.length < 2) return vector;
  const seen = new Set<string>();
  for (const e of vector) {
    const key = fastLabelsKey(e.labels);
    if (seen.has(key)) throw new AppError('execution', 'vector cannot contain metrics with the same labelset');
    seen.add(key);
  }
  return vector;
}

/** The labels `absent()` gives its result: the argument's equality matchers, minus names matched twice or otherwise. */
function labelsForAbsent(arg: Expr | undefined): Labels {
  let e = arg;
  while (e?.type === NodeType.ParenExpr) e = e.expr;
  let matchers: readonly LabelMatcher[] = [];
  if (e?.type === NodeType.VectorSelector) matchers = e.matchers;
  else if (e?.type === NodeType.MatrixSelector) matchers = e.vectorSelector.matchers;
  else return {};
  const out: Record<string, string> = {};
  const drop: string[] = [];
  for (const m of matchers) {
    if (m.name === METRIC_NAME_LABEL) continue;
    if (m.type === '=' && out[m.name] === undefined) out[m.name] = m.value;
    else drop.push(m.name);
  }
  for (const n of drop) delete out[n];
  return out;
}
