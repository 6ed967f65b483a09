import { formatDuration } from '../config/duration.js';
import { formatGoFloatV } from '../promql/functions/go-float.js';
import { METRIC_NAME_LABEL } from '../storage/labels.js';
import { Cardinality, NodeType, type AtModifier, type BinaryExpr, type Expr, type VectorSelector } from '../query/ast.js';

/** Prometheus 2.42 splits an expression over lines when its one-line form is longer than this. */
const MAX_CHARACTERS_PER_LINE = 100;

/** Go's `strconv.Quote`: `"`, `\` and control characters escaped, printable Unicode kept. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function atString(a: AtModifier | undefined): string {
  if (!a) return '';
  if (a.kind === 'start') return ' @ start()';
  if (a.kind === 'end') return ' @ end()';
  return ` @ ${(a.ms / 1000).toFixed(3)}`;
}

function offsetString(ms: number): string {
  if (ms > 0) return ` offset ${formatDuration(ms)}`;
  if (ms < 0) return ` offset -${formatDuration(-ms)}`;
  return '';
}

/** The selector without its `@` and offset; matchers sorted and joined by ",", as Prometheus 2.42. */
function selectorString(vs: VectorSelector): string {
  const matchers = vs.matchers
    .filter((m) => !(m.name === METRIC_NAME_LABEL && m.type === '=' && m.value === vs.name && vs.name !== ''))
    .map((m) => `${m.name}${m.type}${goQuote(m.value)}`)
    .sort();
  return matchers.length === 0 ? vs.name : `${vs.name}{${matchers.join(',')}}`;
}

function matchingString(e: BinaryExpr): string {
  const m = e.matching;
  if (!m || (!m.on && m.labels.length === 0)) return '';
  let out = ` ${m.on ? 'on' : 'ignoring'} (${m.labels.join(', ')})`;
  if (m.card === Cardinality.ManyToOne || m.card === Cardinality.OneToMany) {
    out += ` ${m.card === Cardinality.ManyToOne ? 'group_left' : 'group_right'} (${m.include.join(', ')})`;
  }
  return out;
}

function aggregationHead(e: Extract<Expr, { type: NodeType.AggregateExpr }>): string {
  if (e.without) return `${e.op} without (${e.grouping.join(', ')}) `;
  if (e.grouping.length > 0) return `${e.op} by (${e.grouping.join(', ')}) `;
  return e.op;
}

function subquerySuffix(e: Extract<Expr, { type: NodeType.Subquery }>): string {
  const step = e.stepMs > 0 ? formatDuration(e.stepMs) : '';
  return `[${formatDuration(e.rangeMs)}:${step}]${atString(e.at)}${offsetString(e.offsetMs)}`;
}

/** An expression on one line, as Prometheus 2.42's `String()`. */
export function promqlString(e: Expr): string {
  switch (e.type) {
    case NodeType.NumberLiteral:
      return formatGoFloatV(e.value);
    case NodeType.StringLiteral:
      return goQuote(e.value);
    case NodeType.ParenExpr:
      return `(${promqlString(e.expr)})`;
    case NodeType.VectorSelector:
      return `${selectorString(e)}${atString(e.at)}${offsetString(e.offsetMs)}`;
    case NodeType.MatrixSelector: {
      const vs = e.vectorSelector;
      return `${selectorString(vs)}[${formatDuration(e.rangeMs)}]${atString(vs.at)}${offsetString(vs.offsetMs)}`;
    }
    case NodeType.Subquery:
      return `${promqlString(e.expr)}${subquerySuffix(e)}`;
    case NodeType.UnaryExpr:
      return `${e.op}${promqlString(e.expr)}`;
    case NodeType.BinaryExpr:
      return `${promqlString(e.lhs)} ${e.op}${e.returnBool ? ' bool' : ''}${matchingString(e)} ${promqlString(e.rhs)}`;
    case NodeType.AggregateExpr:
      return `${aggregationHead(e)}(${e.param ? `${promqlString(e.param)}, ` : ''}${promqlString(e.expr)})`;
    case NodeType.Call:
      return `${e.func}(${e.args.map(promqlString).join(', ')})`;
  }
}

const indent = (level: number): string => '  '.repeat(level);

/** The expression formatted as Prometheus 2.42's `/api/v1/format_query` (`Pretty(0)`): split where a line passes 100 characters. */
export function prettyPrint(e: Expr, level = 0): string {
  const flat = promqlString(e);
  const fits = flat.length <= MAX_CHARACTERS_PER_LINE;
  switch (e.type) {
    case NodeType.AggregateExpr: {
      if (fits) return indent(level) + flat;
      const param = e.param ? `${prettyPrint(e.param, level + 1)},\n` : '';
      return `${indent(level)}${aggregationHead(e)}(\n${param}${prettyPrint(e.expr, level + 1)}\n${indent(level)})`;
    }
    case NodeType.BinaryExpr:
      if (fits) return indent(level) + flat;
      return `${prettyPrint(e.lhs, level + 1)}\n${indent(level)}${e.op}${e.returnBool ? ' bool' : ''}${matchingString(e)}\n${prettyPrint(e.rhs, level + 1)}`;
    case NodeType.Call:
      if (fits) return indent(level) + flat;
      return `${indent(level)}${e.func}(\n${e.args.map((a) => prettyPrint(a, level + 1)).join(',\n')}\n${indent(level)})`;
    case NodeType.ParenExpr:
      if (fits) return indent(level) + flat;
      return `${indent(level)}(\n${prettyPrint(e.expr, level + 1)}\n${indent(level)})`;
    case NodeType.Subquery:
      if (fits) return flat;
      return `${prettyPrint(e.expr, level)}${subquerySuffix(e)}`;
    case NodeType.UnaryExpr:
      return `${indent(level)}${e.op}${prettyPrint(e.expr, level).trim()}`;
    default:
      return indent(level) + flat;
  }
}
