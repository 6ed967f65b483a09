import { formatDuration } from '../config/duration.js';
import { METRIC_NAME_LABEL } from '../storage/labels.js';
import { NodeType, type Expr, type VectorSelector } from './ast.js';

/** Prints an expression back as PromQL (Prometheus's `String()`): parsing the output gives the same AST. */
export function serializeExpr(expr: Expr): string {
  switch (expr.type) {
    case NodeType.NumberLiteral:
      return formatNumber(expr.value);
    case NodeType.StringLiteral:
      return JSON.stringify(expr.value);
    case NodeType.ParenExpr:
      return `(${serializeExpr(expr.expr)})`;
    case NodeType.VectorSelector:
      return selector(expr) + offset(expr.offsetMs);
    case NodeType.MatrixSelector:
      return `${selector(expr.vectorSelector)}[${formatDuration(expr.rangeMs)}]${offset(expr.vectorSelector.offsetMs)}`;
  }
}

function selector(vs: VectorSelector): string {
  const matchers = vs.matchers.filter((m) => !(vs.name !== '' && m.name === METRIC_NAME_LABEL && m.type === '=' && m.value === vs.name));
  const inner = matchers.map((m) => `${m.name}${m.type}${JSON.stringify(m.value)}`).join(', ');
  return vs.name + (inner !== '' || vs.name === '' ? `{${inner}}` : '');
}

function offset(ms: number): string {
  if (ms === 0) return '';
  return ms < 0 ? ` offset -${formatDuration(-ms)}` : ` offset ${formatDuration(ms)}`;
}

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
