import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { AppError } from '../errors/app-error.js';
import { compileMatcher, type LabelMatcher, type MatchType } from '../storage/label-matcher.js';
import { METRIC_NAME_LABEL } from '../storage/labels.js';
import { parseDuration } from '../config/duration.js';
import { FUNCTIONS } from '../promql/functions/index.js';
import type { ArgType } from '../promql/functions/promql-function.js';
import {
  COMPARISON_OPS,
  Cardinality,
  NodeType,
  SET_OPS,
  ValueType,
  documentedType,
  valueTypeOf,
  type AggregateExpr,
  type AggregateOp,
  type AtModifier,
  type BinaryExpr,
  type BinaryOp,
  type Call,
  type Expr,
  type MatrixSelector,
  type Subquery,
  type VectorMatching,
  type VectorSelector,
} from './ast.js';
import { re2ToJavaScript } from './re2-regex.js';
import { unquoteString } from './string-literal.js';

const MATCH_OPS: Readonly<Record<string, MatchType>> = {
  EqlSingle: '=',
  Neq: '!=',
  EqlRegex: '=~',
  NeqRegex: '!~',
};

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Pow: '^',
  Atan2: 'atan2',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};

/** The aggregation operators of Prometheus 2.42 (the grammar also knows 3.x's limitk and limit_ratio). */
const AGGREGATE_OPS: ReadonlySet<string> = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
]);

const ARG_TYPES: Readonly<Record<ArgType, ValueType>> = {
  vector: ValueType.Vector,
  matrix: ValueType.Matrix,
  scalar: ValueType.Scalar,
  string: ValueType.String,
};

/**
 * Parses a PromQL expression with `@prometheus-io/lezer-promql` into the api's AST. Errors are
 * AppError('bad_data') with Prometheus's `line:column: parse error: ...` message and the position.
 */
export function parseQuery(text: string): Expr {
  return new QueryParser(text, false).parse();
}

/**
 * Parses a series selector (`match[]` of the metadata endpoints), as Prometheus's `ParseMetricSelector`: only a
 * vector selector is accepted, and it may match everything (the API checks that separately).
 */
export function parseSeriesSelector(text: string): LabelMatcher[] {
  const expr = new QueryParser(text, true).parse();
  if (expr.type !== NodeType.VectorSelector || expr.offsetMs !== 0 || expr.at !== undefined) {
    throw new AppError('bad_data', '1:1: parse error: expected a series selector', { position: { line: 1, column: 1, offset: 0 } });
  }
  return [...expr.matchers];
}

class QueryParser {
  constructor(
    private readonly text: string,
    private readonly selectorOnly: boolean,
  ) {}

  parse(): Expr {
    if (this.text.replace(/#[^\n]*/g, '').trim() === '') throw this.error(0, 'no expression found in input');
    const tree = parser.parse(lezerText(this.text));
    const cursor = tree.cursor();
    do {
      if (cursor.type.isError) throw this.syntaxError(cursor.node);
    } while (cursor.next());
    let top = tree.topNode.firstChild;
    while (top && top.type.name === 'LineComment') top = top.nextSibling;
    if (!top) throw this.error(0, 'no expression found in input');
    return this.expr(top);
  }

  private expr(node: SyntaxNode): Expr {
    switch (node.type.name) {
      case 'VectorSelector':
        return this.vectorSelector(node);
      case 'MatrixSelector':
        return this.matrixSelector(node);
      case 'OffsetExpr':
        return this.offsetExpr(node);
      case 'StepInvariantExpr':
        return this.atExpr(node);
      case 'SubqueryExpr':
        return this.subquery(node);
      case 'NumberDurationLiteral':
        return { type: NodeType.NumberLiteral, value: this.number(node) };
      case 'StringLiteral':
        return { type: NodeType.StringLiteral, value: this.string(node) };
      case 'ParenExpr': {
        const inner = node.firstChild;
        if (!inner) throw this.error(node.from, 'no expression found in parentheses');
        return { type: NodeType.ParenExpr, expr: this.expr(inner) };
      }
      case 'UnaryExpr':
        return this.unary(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'FunctionCall':
        return this.call(node);
      default:
        throw this.error(node.from, `unexpected ${describe(node.type.name)}`);
    }
  }

  private unary(node: SyntaxNode): Expr {
    const opNode = node.getChild('UnaryOp');
    const inner = opNode?.nextSibling;
    if (!opNode || !inner) throw this.error(node.from, 'unexpected unary expression');
    const op = this.slice(opNode) === '-' ? '-' : '+';
    const expr = this.expr(inner);
    const t = valueTypeOf(expr);
    if (t !== ValueType.Scalar && t !== ValueType.Vector) {
      throw this.error(node.from, `unary expression only allowed on expressions of type scalar or instant vector, got "${documentedType(t)}"`);
    }
    // Prometheus folds a sign into a number literal.
    if (expr.type === NodeType.NumberLiteral) return { type: NodeType.NumberLiteral, value: op === '-' ? -expr.value : expr.value };
    return { type: NodeType.UnaryExpr, op, expr };
  }

  private binary(node: SyntaxNode): BinaryExpr {
    const lhsNode = node.firstChild;
    const opNode = lhsNode?.nextSibling;
    let rhsNode = opNode?.nextSibling ?? null;
    if (!lhsNode || !opNode || !rhsNode) throw this.error(node.from, 'unexpected binary expression');
    const op = BINARY_OPS[opNode.type.name];
    if (op === undefined) throw this.error(opNode.from, `unexpected operator ${JSON.stringify(this.slice(opNode))}`);
    let returnBool = false;
    let matchingNode: SyntaxNode | null = null;
    while (rhsNode && (rhsNode.type.name === 'BoolModifier' || rhsNode.type.name === 'MatchingModifierClause')) {
      if (rhsNode.type.name === 'BoolModifier') returnBool = true;
      else matchingNode = rhsNode;
      rhsNode = rhsNode.nextSibling;
    }
    if (!rhsNode) throw this.error(node.to, 'unexpected end of input');
    const lhs = this.expr(lhsNode);
    const rhs = this.expr(rhsNode);
    const lt = valueTypeOf(lhs);
    const rt = valueTypeOf(rhs);
    const isComparison = COMPARISON_OPS.has(op);
    const isSet = SET_OPS.has(op);
    if (returnBool && !isComparison) throw this.error(node.from, 'bool modifier can only be used on comparison operators');
    if (isComparison && !returnBool && lt === ValueType.Scalar && rt === ValueType.Scalar) {
      throw this.error(node.from, 'comparisons between scalars must use BOOL modifier');
    }
    if ((lt !== ValueType.Scalar && lt !== ValueType.Vector) || (rt !== ValueType.Scalar && rt !== ValueType.Vector)) {
      throw this.error(node.from, 'binary expression must contain only scalar and instant vector types');
    }
    const bothVectors = lt === ValueType.Vector && rt === ValueType.Vector;
    let matching: VectorMatching | undefined;
    if (matchingNode) {
      if (!bothVectors) throw this.error(node.from, 'vector matching only allowed between instant vectors');
      matching = this.matching(matchingNode, isSet, op);
    } else if (bothVectors) {
      matching = { card: isSet ? Cardinality.ManyToMany : Cardinality.OneToOne, on: false, labels: [], include: [] };
    }
    if (isSet && !bothVectors) {
      throw this.error(node.from, `set operator "${op}" not allowed in binary scalar expression`);
    }
    return { type: NodeType.BinaryExpr, op, lhs, rhs, returnBool, matching };
  }

  private matching(node: SyntaxNode, isSet: boolean, op: BinaryOp): VectorMatching {
    let on = false;
    let labels: string[] = [];
    let include: string[] = [];
    let card = isSet ? Cardinality.ManyToMany : Cardinality.OneToOne;
    let afterGroup = false;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      switch (c.type.name) {
        case 'On':
          on = true;
          break;
        case 'Ignoring':
          on = false;
          break;
        case 'GroupLeft':
        case 'GroupRight':
          if (isSet) throw this.error(c.from, `no grouping allowed for "${op}" operation`);
          card = c.type.name === 'GroupLeft' ? Cardinality.ManyToOne : Cardinality.OneToMany;
          afterGroup = true;
          break;
        case 'GroupingLabels':
          if (afterGroup) include = this.groupingLabels(c);
          else labels = this.groupingLabels(c);
          break;
      }
    }
    if (on) {
      for (const l of include) {
        if (labels.includes(l)) throw this.error(node.from, `label "${l}" must not occur in ON and GROUP clause at once`);
      }
    }
    return { card, on, labels, include };
  }

  private groupingLabels(node: SyntaxNode): string[] {
    const out: string[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.type.name === 'LabelName') out.push(this.slice(c));
      else if (c.type.name === 'QuotedLabelName' || c.type.name === 'StringLiteral') out.push(this.string(c.type.name === 'StringLiteral' ? c : (c.getChild('StringLiteral') ?? c)));
    }
    return out;
  }

  private aggregate(node: SyntaxNode): AggregateExpr {
    const opNode = node.getChild('AggregateOp');
    const body = node.getChild('FunctionCallBody');
    if (!opNode || !body) throw this.error(node.from, 'unexpected aggregation');
    const name = this.slice(opNode).toLowerCase();
    if (!AGGREGATE_OPS.has(name)) throw this.error(opNode.from, `unknown function with name ${JSON.stringify(name)}`);
    const op = name as AggregateOp;
    let grouping: string[] = [];
    let without = false;
    const modifier = node.getChild('AggregateModifier');
    if (modifier) {
      without = modifier.getChild('Without') !== null;
      const g = modifier.getChild('GroupingLabels');
      if (g) grouping = this.groupingLabels(g);
    }
    const argNodes = this.children(body);
    const hasParam = op === 'topk' || op === 'bottomk' || op === 'quantile' || op === 'count_values';
    const expected = hasParam ? 2 : 1;
    if (argNodes.length !== expected) {
      throw this.error(body.from, `wrong number of arguments for aggregate expression provided, expected ${expected}, got ${argNodes.length}`);
    }
    const args = argNodes.map((a) => this.expr(a));
    const expr = args[args.length - 1];
    const param = hasParam ? args[0] : undefined;
    const t = valueTypeOf(expr);
    if (t !== ValueType.Vector) {
      throw this.error(argNodes[argNodes.length - 1].from, `expected type instant vector in aggregation expression, got ${documentedType(t)}`);
    }
    if (param) {
      const pt = valueTypeOf(param);
      const want = op === 'count_values' ? ValueType.String : ValueType.Scalar;
      if (pt !== want) throw this.error(argNodes[0].from, `expected type ${documentedType(want)} in aggregation parameter, got ${documentedType(pt)}`);
    }
    return { type: NodeType.AggregateExpr, op, expr, param, grouping, without };
  }

  private call(node: SyntaxNode): Call {
    const idNode = node.getChild('FunctionIdentifier');
    const body = node.getChild('FunctionCallBody');
    if (!idNode || !body) throw this.error(node.from, 'unexpected function call');
    const name = this.slice(idNode);
    const fn = FUNCTIONS.get(name);
    if (!fn) throw this.error(idNode.from, `unknown function with name ${JSON.stringify(name)}`);
    const argNodes = this.children(body);
    const n = argNodes.length;
    const declared = fn.argTypes.length;
    if (fn.variadic === 0 && n !== declared) {
      throw this.error(node.from, `expected ${declared} argument(s) in call to ${JSON.stringify(name)}, got ${n}`);
    }
    if (fn.variadic !== 0) {
      const min = fn.variadic > 0 ? declared - fn.variadic : declared - 1;
      if (n < min) throw this.error(node.from, `expected at least ${min} argument(s) in call to ${JSON.stringify(name)}, got ${n}`);
      if (fn.variadic > 0 && n > declared) {
        throw this.error(node.from, `expected at most ${declared} argument(s) in call to ${JSON.stringify(name)}, got ${n}`);
      }
    }
    const args = argNodes.map((a) => this.expr(a));
    args.forEach((arg, i) => {
      const want = ARG_TYPES[fn.argTypes[Math.min(i, declared - 1)]];
      const got = valueTypeOf(arg);
      if (got !== want) {
        throw this.error(argNodes[i].from, `expected type ${documentedType(want)} in call to function ${JSON.stringify(name)}, got ${documentedType(got)}`);
      }
    });
    return { type: NodeType.Call, func: name, args, returnType: fn.returnType === 'scalar' ? ValueType.Scalar : ValueType.Vector };
  }

  private children(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.type.name !== 'LineComment') out.push(c);
    return out;
  }

  /**
   * The lezer grammar reads `a + b[5m:]` and `-b[5m]` as a range over the whole operation; Prometheus binds the
   * range to the operand, which makes the operation one over a range vector: the error Prometheus gives.
   */
  private rejectRangeOnOperand(inner: SyntaxNode): void {
    if (inner.type.name === 'BinaryExpr') throw this.error(inner.from, 'binary expression must contain only scalar and instant vector types');
    if (inner.type.name === 'UnaryExpr') {
      throw this.error(inner.from, 'unary expression only allowed on expressions of type scalar or instant vector, got "range vector"');
    }
  }

  private subquery(node: SyntaxNode): Subquery {
    const inner = node.firstChild;
    const durations = node.getChildren('DurationExpr');
    if (!inner || durations.length === 0) throw this.error(node.from, 'unexpected subquery');
    this.rejectRangeOnOperand(inner);
    const expr = this.expr(inner);
    const t = valueTypeOf(expr);
    if (t !== ValueType.Vector) {
      throw this.error(node.from, `subquery is only allowed on instant vector, got ${documentedType(t)} in ${JSON.stringify(this.slice(node))} instead`);
    }
    const rangeMs = this.duration(durations[0]);
    const stepMs = durations.length > 1 ? this.duration(durations[1]) : 0;
    return { type: NodeType.Subquery, expr, rangeMs, stepMs, offsetMs: 0 };
  }

  private atExpr(node: SyntaxNode): Expr {
    const target = node.firstChild;
    const atNode = node.getChild('At');
    const valueNode = atNode?.nextSibling;
    if (!target || !atNode || !valueNode) throw this.error(node.from, 'unexpected @');
    let at: AtModifier;
    if (valueNode.type.name === 'AtModifierPreprocessors') {
      at = valueNode.getChild('AtStart') ? { kind: 'start' } : { kind: 'end' };
    } else {
      const v = this.number(valueNode);
      if (!Number.isFinite(v)) throw this.error(valueNode.from, `timestamp out of bounds for @ modifier: ${v}`);
      at = { kind: 'time', ms: Math.round(v * 1000) };
    }
    return this.modify(this.expr(target), (inner) => {
      const sel = inner.type === NodeType.MatrixSelector ? inner.vectorSelector : inner;
      if (sel.type !== NodeType.VectorSelector && sel.type !== NodeType.Subquery) {
        throw this.error(node.from, '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery');
      }
      if (sel.at) throw this.error(node.from, '@ <timestamp> may not be set multiple times');
      if (inner.type === NodeType.MatrixSelector) return { ...inner, vectorSelector: { ...inner.vectorSelector, at } };
      return { ...sel, at };
    });
  }

  private vectorSelector(node: SyntaxNode): VectorSelector {
    let name = '';
    const matchers: LabelMatcher[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.type.name === 'Identifier' || c.type.name === 'MetricName') {
        name = this.slice(c);
      } else if (c.type.name === 'LabelMatchers') {
        for (let m = c.firstChild; m; m = m.nextSibling) matchers.push(...this.matcher(m));
      }
    }
    if (name !== '') {
      if (matchers.some((m) => m.name === METRIC_NAME_LABEL)) {
        const other = matchers.find((m) => m.name === METRIC_NAME_LABEL) as LabelMatcher;
        throw this.error(node.from, `metric name must not be set twice: "${name}" or "${other.value}"`);
      }
      matchers.unshift({ name: METRIC_NAME_LABEL, type: '=', value: name });
    }
    if (!this.selectorOnly && !matchers.some((m) => !compileMatcher(m)(''))) {
      throw this.error(node.from, 'vector selector must contain at least one non-empty matcher');
    }
    return { type: NodeType.VectorSelector, name, matchers, offsetMs: 0 };
  }

  private matcher(node: SyntaxNode): LabelMatcher[] {
    if (node.type.name === 'QuotedLabelName') {
      // `{"metric.name"}`: a bare quoted name selects the metric (UTF-8 names).
      const lit = node.getChild('StringLiteral');
      return lit ? [{ name: METRIC_NAME_LABEL, type: '=', value: this.string(lit) }] : [];
    }
    if (node.type.name !== 'UnquotedLabelMatcher' && node.type.name !== 'QuotedLabelMatcher') return [];
    const nameNode = node.getChild('LabelName') ?? node.getChild('QuotedLabelName')?.getChild('StringLiteral');
    const opNode = node.getChild('MatchOp')?.firstChild;
    const valueNode = node.getChild('StringLiteral');
    if (!nameNode || !opNode || !valueNode) throw this.error(node.from, 'unexpected label matcher');
    const name = nameNode.type.name === 'LabelName' ? this.slice(nameNode) : this.string(nameNode);
    const type = MATCH_OPS[opNode.type.name];
    if (type === undefined) throw this.error(opNode.from, `unexpected match operator "${this.slice(opNode)}"`);
    const raw = this.string(valueNode);
    const matcher: LabelMatcher = { name, type, value: type === '=~' || type === '!~' ? re2ToJavaScript(raw) : raw };
    if (type === '=~' || type === '!~') {
      try {
        compileMatcher(matcher);
      } catch (err) {
        // Prometheus prints RE2's reason and the anchored pattern; ours is the JavaScript engine's reason.
        const reason = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
        throw this.error(node.from, `error parsing regexp: ${reason}: \`^(?:${matcher.value})$\``);
      }
    }
    return [matcher];
  }

  private matrixSelector(node: SyntaxNode): MatrixSelector {
    const inner = node.firstChild;
    const range = node.getChild('DurationExpr');
    if (!inner || !range) throw this.error(node.from, 'unexpected range selector');
    this.rejectRangeOnOperand(inner);
    const bracket = Math.max(inner.to, this.text.lastIndexOf('[', range.from));
    if (this.selectorOnly) throw this.error(bracket, 'unexpected "["');
    if (inner.type.name !== 'VectorSelector') {
      if (inner.type.name === 'OffsetExpr' && inner.firstChild?.type.name === 'VectorSelector') {
        throw this.error(bracket, 'no offset modifiers allowed before range');
      }
      throw this.error(bracket, 'ranges only allowed for vector selectors');
    }
    const literal = range.firstChild;
    if (literal?.type.name === 'NumberDurationLiteralInDurationContext' && /^[\d.]+$/.test(this.slice(literal))) {
      throw this.error(range.from, 'missing unit character in duration'); // Prometheus 2.x: `[90]` needs a unit
    }
    const rangeMs = this.duration(range);
    if (rangeMs <= 0) throw this.error(range.from, 'duration must be greater than 0');
    return { type: NodeType.MatrixSelector, vectorSelector: this.vectorSelector(inner), rangeMs };
  }

  private offsetExpr(node: SyntaxNode): Expr {
    const target = node.firstChild;
    const durationNode = node.getChild('OffsetDurationExpr');
    if (!target || !durationNode) throw this.error(node.from, 'unexpected offset');
    const offsetMs = this.offsetDuration(durationNode);
    const twice = (): AppError => this.error(node.from, 'offset may not be set multiple times');
    return this.modify(this.expr(target), (inner) => {
      if (inner.type === NodeType.VectorSelector || inner.type === NodeType.Subquery) {
        if (inner.offsetMs !== 0) throw twice();
        return { ...inner, offsetMs };
      }
      if (inner.type === NodeType.MatrixSelector) {
        if (inner.vectorSelector.offsetMs !== 0) throw twice();
        return { ...inner, vectorSelector: { ...inner.vectorSelector, offsetMs } };
      }
      throw this.error(node.from, 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
    });
  }

  /**
   * Applies an `offset`/`@` modifier. The lezer grammar attaches a modifier written after a binary or unary
   * expression to the whole expression; Prometheus's grammar binds it to the rightmost operand.
   */
  private modify(e: Expr, apply: (e: Expr) => Expr): Expr {
    if (e.type === NodeType.UnaryExpr) return { ...e, expr: this.modify(e.expr, apply) };
    if (e.type === NodeType.BinaryExpr) return { ...e, rhs: this.modify(e.rhs, apply) };
    return apply(e);
  }

  private offsetDuration(node: SyntaxNode): number {
    const first = node.firstChild;
    if (!first) throw this.error(node.from, 'unexpected offset');
    if (first.type.name === 'UnaryOp') {
      const rest = first.nextSibling;
      if (!rest) throw this.error(node.from, 'unexpected offset');
      const sign = this.slice(first) === '-' ? -1 : 1;
      return sign * this.offsetDuration(rest);
    }
    if (first.type.name === 'NumberDurationLiteralInDurationContext') {
      if (/^[\d.]+$/.test(this.slice(first))) {
        // Prometheus 2.x: `offset 90` needs a unit
        throw this.error(first.from, `unexpected number ${JSON.stringify(this.slice(first))} in offset, expected duration`);
      }
      return this.durationLiteral(first);
    }
    throw this.error(first.from, 'duration expressions are not supported yet');
  }

  private duration(node: SyntaxNode): number {
    const first = node.firstChild;
    if (node.type.name === 'DurationExpr' && first && !first.nextSibling && first.type.name === 'NumberDurationLiteralInDurationContext') {
      return this.durationLiteral(first);
    }
    throw this.error(node.from, 'duration expressions are not supported yet');
  }

  /** `5m`, `1h30m` (Prometheus 2.x durations: a unit is required). */
  private durationLiteral(node: SyntaxNode): number {
    const text = this.slice(node);
    try {
      return parseDuration(text);
    } catch {
      throw this.error(node.from, `not a valid duration string: "${text}"`);
    }
  }

  private number(node: SyntaxNode): number {
    const text = this.slice(node).replace(/\s+/g, '');
    const value = parseNumberLiteral(text);
    if (value === undefined) {
      // Prometheus 3 reads a duration as a number of seconds; 2.42 does not.
      if (/^[+-]?\d+[a-z]/i.test(text)) throw this.error(node.from, `unexpected duration ${JSON.stringify(text.replace(/^[+-]/, ''))}`);
      throw this.error(node.from, `bad number or duration syntax: "${text}"`);
    }
    return value;
  }

  private string(node: SyntaxNode): string {
    try {
      return unquoteString(this.slice(node));
    } catch (err) {
      throw this.error(node.from, (err as Error).message);
    }
  }

  private slice(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private syntaxError(node: SyntaxNode): AppError {
    const fnName = /([a-zA-Z_][a-zA-Z0-9_]*)\s*$/.exec(this.text.slice(0, node.from));
    if (fnName && this.text[node.from] === '(' && !hasAncestor(node, 'LabelMatchers')) {
      return this.error(node.from - fnName[0].length, `unknown function with name ${JSON.stringify(fnName[1])}`);
    }
    const insideBraces = hasAncestor(node, 'LabelMatchers') ? ' inside braces' : '';
    const prev = node.prevSibling;
    if (prev?.type.name === 'DurationExpr' && node.parent?.type.name === 'MatrixSelector') {
      // `foo[1.5m]`: the duration literal stopped at the dot.
      const text = this.text.slice(prev.from, Math.max(node.to, prev.to)).replace(/\].*$/s, '');
      if (node.from < this.text.trimEnd().length) return this.error(prev.from, `not a valid duration string: ${JSON.stringify(text)}`);
    }
    if (node.from >= this.text.trimEnd().length) {
      if (insideBraces) return this.error(node.from, 'unexpected end of input inside braces');
      if (hasAncestor(node, 'MatrixSelector') || hasAncestor(node, 'SubqueryExpr')) return this.error(node.from, 'unclosed left bracket');
      if (hasAncestor(node, 'ParenExpr') || hasAncestor(node, 'FunctionCallBody')) return this.error(node.from, 'unclosed left parenthesis');
      return this.error(node.from, 'unexpected end of input');
    }
    const child = node.firstChild;
    if (child && (child.type.name === 'Identifier' || child.type.name === 'LabelName') && child.from === node.from) {
      return this.error(node.from, `unexpected identifier ${JSON.stringify(this.slice(child))}${insideBraces}`);
    }
    const c = this.text[node.from];
    if (!/[\w"'`.]/.test(c)) return this.error(node.from, `unexpected character${insideBraces}: '${c}'`);
    const token = this.text.slice(node.from, Math.max(node.to, node.from + 1));
    return this.error(node.from, `unexpected ${JSON.stringify(token)}${insideBraces}`);
  }

  /** Prometheus's ParseErr formatting: `line:col: parse error: msg`, col 1-based from the last line break. */
  private error(offset: number, message: string): AppError {
    let line = 1;
    let lastBreak = -1;
    for (let i = 0; i < offset && i < this.text.length; i++) {
      if (this.text[i] === '\n') {
        line++;
        lastBreak = i;
      }
    }
    const column = offset - lastBreak;
    return new AppError('bad_data', `${line}:${column}: parse error: ${message}`, { position: { line, column, offset } });
  }
}

/**
 * The text handed to the lezer grammar (a Prometheus 3 grammar): same length, so positions hold, with the
 * 2.42 syntax it lacks rewritten outside string literals: `holt_winters(` reads as a known function name of the
 * same length, and a trailing decimal point (`1.`) becomes a space. The AST is built from the original text.
 */
function lezerText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' && c !== '`' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '#') {
      const j = text.indexOf('\n', i);
      const end = j < 0 ? text.length : j;
      out += text.slice(i, end);
      i = end - 1;
      continue;
    }
    if (text.startsWith('holt_winters', i) && !/[\w:]/.test(text[i - 1] ?? '') && /^holt_winters\s*\(/.test(text.slice(i))) {
      out += 'day_of_month';
      i += 'holt_winters'.length - 1;
      continue;
    }
    if (c === '.' && /\d/.test(text[i - 1] ?? '') && !/[\w.]/.test(text[i + 1] ?? '')) {
      let k = i - 1;
      while (k >= 0 && /[\w.]/.test(text[k])) k--;
      if (/^\d/.test(text.slice(k + 1, i))) {
        out += ' ';
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Go's number syntax as PromQL accepts it: decimal, hex, exponent, Inf and NaN (any case), with a sign. */
export function parseNumberLiteral(text: string): number | undefined {
  const m = /^([+-]?)(.*)$/s.exec(text) as RegExpExecArray;
  const sign = m[1] === '-' ? -1 : 1;
  const body = m[2];
  if (/^inf(inity)?$/i.test(body)) return sign * Infinity;
  if (/^nan$/i.test(body)) return NaN;
  if (/^0x[0-9a-f]+$/i.test(body)) return sign * parseInt(body.slice(2), 16);
  if (/^0[0-7]+$/.test(body)) return sign * parseInt(body, 8); // Go's ParseInt(s, 0, 64) reads a leading 0 as octal
  if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(body)) return sign * Number(body);
  return undefined;
}

function hasAncestor(node: SyntaxNode, name: string): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type.name === name) return true;
  return false;
}

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  AggregateExpr: 'aggregation',
  BinaryExpr: 'binary expression',
  FunctionCall: 'function call',
  SubqueryExpr: 'subquery',
  UnaryExpr: 'unary expression',
  StepInvariantExpr: 'the @ modifier',
};

function describe(nodeName: string): string {
  return `expression type ${JSON.stringify(DESCRIPTIONS[nodeName] ?? nodeName)}`;
}
