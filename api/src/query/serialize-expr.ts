import { formatDuration } from '../config/duration.js';
import { METRIC_NAME_LABEL } from '../storage/labels.js';
import { Cardinality, NodeType, type AtModifier, type Expr, type VectorMatching, type VectorSelector } from './ast.js';

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
      return selector(expr) + offset(expr.offsetMs) + at(expr.at);
    case NodeType.MatrixSelector:
      return `${selector(expr.vectorSelector)}[${formatDuration(expr.rangeMs)}]${offset(expr.vectorSelector.offsetMs)}${at(expr.vectorSelector.at)}`;
    case NodeType.Subquery:
      return `${serializeExpr(expr.expr)}[${formatDuration(expr.rangeMs)}:${expr.stepMs > 0 ? formatDuration(expr.stepMs) : ''}]${offset(expr.offsetMs)}${at(expr.at)}`;
    case NodeType.UnaryExpr:
      return `${expr.op}${serializeExpr(expr.expr)}`;
    case NodeType.BinaryExpr:
      return `${serializeExpr(expr.lhs)} ${expr.op}${expr.returnBool ? ' bool' : ''}${matching(expr.matching)} ${serializeExpr(expr.rhs)}`;
    case NodeType.AggregateExpr: {
      const grouping = expr.without ? ` without (${expr.grouping.join(', ')}) ` : expr.grouping.length > 0 ? ` by (${expr.grouping.join(', ')}) ` : '';
      const param = expr.param ? `${serializeExpr(expr.param)}, ` : '';
      return `${expr.op}${grouping}(${param}${serializeExpr(expr.expr)})`;
    }
    case NodeType.Call:
      return `${expr.func}(${expr.args.map(serializeExpr).join(', ')})`;
  }
}

function matching(m: VectorMatching | undefined): string {
  if (!m) return '';
  let out = '';
  if (m.on || m.labels.length > 0) out += ` ${m.on ? 'on' : 'ignoring'}(${m.labels.join(', ')})`;
  if (m.card === Cardinality.ManyToOne || m.card === Cardinality.OneToMany) {
    out += ` ${m.card === Cardinality.ManyToOne ? 'group_left' : 'group_right'}(${m.include.join(', ')})`;
  }
  return out;
}

function at(a: AtModifier | undefined): string {
  if (!a) return '';
  if (a.kind === 'start') return ' @ start()';
  if (a.kind === 'end') return ' @ end()';
  return ` @ ${(a.ms / 1000).toFixed(3)}`;
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
