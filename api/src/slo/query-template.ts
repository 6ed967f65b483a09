import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { AppError } from '../errors/app-error.js';
import { Cardinality, NodeType, ValueType, valueTypeOf, type Expr, type VectorSelector } from '../query/ast.js';
import { parseQuery } from '../query/parse-query.js';
import type { LabelMatcher } from '../storage/label-matcher.js';
import { METRIC_NAME_LABEL } from '../storage/labels.js';
import { WINDOW_PLACEHOLDER, windowedQuery } from './slo-definition.js';

const PLACEHOLDER_RE = /\{\{\s*\.window\s*\}\}/;

/** True when the query has Sloth's `{{.window}}` placeholder. */
export function hasWindowPlaceholder(query: string): boolean {
  return PLACEHOLDER_RE.test(query);
}

/**
 * Parses a template with the window substituted (`5m`) with the api's PromQL parser; throws an Error whose
 * message says what is wrong (PromQL position included) when it is not valid PromQL yielding an instant vector
 * or a scalar.
 */
export function parseTemplate(template: string): Expr {
  let expr: Expr;
  try {
    expr = parseQuery(windowedQuery(template, '5m'));
  } catch (err) {
    throw new Error(`invalid PromQL: ${err instanceof AppError || err instanceof Error ? err.message : String(err)}`);
  }
  const type = valueTypeOf(expr);
  if (type !== ValueType.Vector && type !== ValueType.Scalar) {
    throw new Error(`the query must give an instant vector or a scalar, not a ${type}`);
  }
  return expr;
}

/**
 * Turns an OpenSLO query without a placeholder into a template over `{{.window}}`:
 * - a range written in the query (`rate(x[1m])`) becomes the window (`rate(x[{{.window}}])`);
 * - a plain selector of a counter (`sum(http_requests_total{code="200"})`, OpenSLO `counter: true`) becomes its
 *   rate over the window (`sum(rate(http_requests_total{code="200"}[{{.window}}]))`);
 * - a plain selector of a gauge (`counter: false`) becomes `sum_over_time(<selector>[{{.window}}])`.
 * Selectors inside subqueries are left as written. A query that already has `{{.window}}` is returned unchanged.
 */
export function windowTemplateFromQuery(query: string, counter: boolean): string {
  if (hasWindowPlaceholder(query)) return query;
  const tree = parser.parse(query);
  const edits: Array<{ from: number; to: number; text: string }> = [];
  const visit = (node: SyntaxNode, inSubquery: boolean): void => {
    const name = node.type.name;
    if (name === 'SubqueryExpr') {
      for (let c = node.firstChild; c; c = c.nextSibling) visit(c, true);
      return;
    }
    if (name === 'MatrixSelector') {
      const range = node.getChild('DurationExpr') ?? node.lastChild;
      if (range && range.type.name !== 'VectorSelector') edits.push({ from: range.from, to: range.to, text: WINDOW_PLACEHOLDER });
      return;
    }
    if (name === 'VectorSelector') {
      if (inSubquery) return;
      const fn = counter ? 'rate' : 'sum_over_time';
      edits.push({ from: node.from, to: node.from, text: `${fn}(` });
      edits.push({ from: node.to, to: node.to, text: `[${WINDOW_PLACEHOLDER}])` });
      return;
    }
    for (let c = node.firstChild; c; c = c.nextSibling) visit(c, inSubquery);
  };
  visit(tree.topNode, false);
  let out = query;
  for (const e of edits.sort((a, b) => b.from - a.from || b.to - a.to)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** A histogram bucket selected with `le="<value>"`: the engine checks that the value is a bucket boundary. */
export interface BucketSelection {
  /** The `_bucket` metric name. */
  readonly metric: string;
  /** The selector's other matchers (name included, `le` excluded). */
  readonly matchers: readonly LabelMatcher[];
  readonly le: number;
  /** The `le` value as written. */
  readonly leText: string;
}

/** Every `<x>_bucket{..., le="<number>"}` selector in a template (latency thresholds to check). */
export function bucketSelections(template: string): BucketSelection[] {
  const out: BucketSelection[] = [];
  const visit = (e: Expr): void => {
    switch (e.type) {
      case NodeType.VectorSelector:
        addSelection(e, out);
        return;
      case NodeType.MatrixSelector:
        addSelection(e.vectorSelector, out);
        return;
      case NodeType.Subquery:
      case NodeType.ParenExpr:
      case NodeType.UnaryExpr:
        visit(e.expr);
        return;
      case NodeType.BinaryExpr:
        visit(e.lhs);
        visit(e.rhs);
        return;
      case NodeType.AggregateExpr:
        visit(e.expr);
        return;
      case NodeType.Call:
        e.args.forEach(visit);
        return;
      default:
        return;
    }
  };
  visit(parseTemplate(template));
  return out;
}

function addSelection(sel: VectorSelector, out: BucketSelection[]): void {
  const name = sel.matchers.find((m) => m.name === METRIC_NAME_LABEL && m.type === '=')?.value ?? '';
  const le = sel.matchers.find((m) => m.name === 'le' && m.type === '=');
  if (!name.endsWith('_bucket') || !le) return;
  const value = parseLe(le.value);
  if (value === undefined) return;
  out.push({ metric: name, matchers: sel.matchers.filter((m) => m.name !== 'le'), le: value, leText: le.value });
}

/** A bucket boundary as Prometheus writes it (`0.2`, `+Inf`), as a number; undefined when not a number. */
export function parseLe(text: string): number | undefined {
  const t = text.trim();
  if (t === '+Inf' || t === 'Inf' || t === '+inf') return Infinity;
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/**
 * The grouping labels a template aggregates away (`sum(...)` without `by (route)`), which would leave a grouped
 * SLO with a single unlabelled group: the parsers report them.
 */
export function labelsDroppedBy(template: string, labels: readonly string[]): string[] {
  const expr = parseTemplate(template);
  return labels.filter((l) => drops(expr, l));
}

function drops(e: Expr, label: string): boolean {
  switch (e.type) {
    case NodeType.AggregateExpr:
      return e.without ? e.grouping.includes(label) : !e.grouping.includes(label);
    case NodeType.ParenExpr:
    case NodeType.UnaryExpr:
      return drops(e.expr, label);
    case NodeType.BinaryExpr: {
      const l = valueTypeOf(e.lhs) === ValueType.Vector;
      const r = valueTypeOf(e.rhs) === ValueType.Vector;
      if (!(l && r)) return l ? drops(e.lhs, label) : r ? drops(e.rhs, label) : true;
      // Result labels as Prometheus builds them: set operations keep the sides' series, group_left/right the
      // "many" side's labels, one-to-one the left side's labels restricted by on(...) or ignoring(...).
      const m = e.matching;
      if (m?.card === Cardinality.ManyToMany) return e.op === 'or' ? drops(e.lhs, label) || drops(e.rhs, label) : drops(e.lhs, label);
      if (m?.card === Cardinality.ManyToOne) return drops(e.lhs, label);
      if (m?.card === Cardinality.OneToMany) return drops(e.rhs, label);
      if (m?.on && !m.labels.includes(label)) return true;
      if (m && !m.on && m.labels.includes(label)) return true;
      return drops(e.lhs, label);
    }
    case NodeType.Call: {
      if (e.returnType !== ValueType.Vector) return true;
      const vectorArgs = e.args.filter((a) => a.type === NodeType.MatrixSelector || a.type === NodeType.Subquery || valueTypeOf(a) === ValueType.Vector);
      if (vectorArgs.length === 0) return true;
      return vectorArgs.every((a) => (a.type === NodeType.MatrixSelector ? false : a.type === NodeType.Subquery ? drops(a.expr, label) : drops(a, label)));
    }
    case NodeType.VectorSelector:
    case NodeType.MatrixSelector:
      return false;
    default:
      return true;
  }
}
