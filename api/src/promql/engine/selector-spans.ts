import { NodeType, type AtModifier, type Expr, type VectorSelector } from '../../query/ast.js';

/** The evaluation-time bounds of a query, to resolve `@ start()` and `@ end()`. */
export interface QueryBounds {
  readonly startMs: number;
  readonly endMs: number;
}

export function resolveAt(at: AtModifier | undefined, bounds: QueryBounds): number | undefined {
  if (!at) return undefined;
  if (at.kind === 'start') return bounds.startMs;
  if (at.kind === 'end') return bounds.endMs;
  return at.ms;
}

/** The sample time range [start, end] (inclusive, ms) that a selector needs over the whole query. */
export interface SelectorSpan {
  start: number;
  end: number;
}

/**
 * Walks the expression like Prometheus's `FindMinMaxTime`: for each selector, the sample range every
 * evaluation step may read, given the evaluation times [s, e] of its parent (subqueries widen them).
 */
export function selectorSpans(
  expr: Expr,
  bounds: QueryBounds,
  lookbackDeltaMs: number,
): Map<VectorSelector, SelectorSpan> {
  const spans = new Map<VectorSelector, SelectorSpan>();
  const add = (vs: VectorSelector, start: number, end: number): void => {
    const cur = spans.get(vs);
    if (cur) {
      cur.start = Math.min(cur.start, start);
      cur.end = Math.max(cur.end, end);
    } else {
      spans.set(vs, { start, end });
    }
  };
  const walk = (e: Expr, s: number, t: number): void => {
    switch (e.type) {
      case NodeType.VectorSelector: {
        const at = resolveAt(e.at, bounds);
        const [rs, re] = at === undefined ? [s, t] : [at, at];
        add(e, rs - e.offsetMs - lookbackDeltaMs, re - e.offsetMs);
        return;
      }
      case NodeType.MatrixSelector: {
        const vs = e.vectorSelector;
        const at = resolveAt(vs.at, bounds);
        const [rs, re] = at === undefined ? [s, t] : [at, at];
        add(vs, rs - vs.offsetMs - e.rangeMs, re - vs.offsetMs);
        return;
      }
      case NodeType.Subquery: {
        const at = resolveAt(e.at, bounds);
        const [rs, re] = at === undefined ? [s, t] : [at, at];
        walk(e.expr, rs - e.offsetMs - e.rangeMs, re - e.offsetMs);
        return;
      }
      case NodeType.ParenExpr:
      case NodeType.UnaryExpr:
        walk(e.expr, s, t);
        return;
      case NodeType.BinaryExpr:
        walk(e.lhs, s, t);
        walk(e.rhs, s, t);
        return;
      case NodeType.AggregateExpr:
        if (e.param) walk(e.param, s, t);
        walk(e.expr, s, t);
        return;
      case NodeType.Call:
        for (const a of e.args) walk(a, s, t);
        return;
      case NodeType.NumberLiteral:
      case NodeType.StringLiteral:
        return;
    }
  };
  walk(expr, bounds.startMs, bounds.endMs);
  return spans;
}
