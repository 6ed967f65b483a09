import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { AppError } from '../errors/app-error.js';
import { compileMatcher, type LabelMatcher, type MatchType } from '../storage/label-matcher.js';
import { METRIC_NAME_LABEL } from '../storage/labels.js';
import { parseDuration } from '../config/duration.js';
import { NodeType, type Expr, type MatrixSelector, type VectorSelector } from './ast.js';
import { unquoteString } from './string-literal.js';

const MATCH_OPS: Readonly<Record<string, MatchType>> = {
  EqlSingle: '=',
  Neq: '!=',
  EqlRegex: '=~',
  NeqRegex: '!~',
};

/**
 * Parses a PromQL expression with `@prometheus-io/lezer-promql` into the api's AST. Errors are
 * AppError('bad_data') with Prometheus's `line:column: parse error: ...` message and the position.
 * Only selectors, offsets and literals are supported so far; other expressions are a clear bad_data error.
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
  if (expr.type !== NodeType.VectorSelector || expr.offsetMs !== 0) {
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
    const tree = parser.parse(this.text);
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
      case 'NumberDurationLiteral':
        return { type: NodeType.NumberLiteral, value: this.number(node) };
      case 'StringLiteral':
        return { type: NodeType.StringLiteral, value: this.string(node) };
      case 'ParenExpr': {
        const inner = node.firstChild;
        if (!inner) throw this.error(node.from, 'no expression found in parentheses');
        return { type: NodeType.ParenExpr, expr: this.expr(inner) };
      }
      default:
        throw this.error(node.from, `${describe(node.type.name)} is not supported yet (only selectors, offset and literals are)`);
    }
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
    const matcher: LabelMatcher = { name, type, value: this.string(valueNode) };
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
    const inner = this.expr(target);
    if (inner.type === NodeType.VectorSelector) {
      if (target.type.name === 'OffsetExpr') throw this.error(node.from, 'offset may not be set multiple times');
      return { ...inner, offsetMs };
    }
    if (inner.type === NodeType.MatrixSelector) {
      if (target.type.name === 'OffsetExpr') throw this.error(node.from, 'offset may not be set multiple times');
      return { ...inner, vectorSelector: { ...inner.vectorSelector, offsetMs } };
    }
    throw this.error(node.from, 'offset modifier must be preceded on an instant vector selector or range vector selector or a subquery');
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
    const text = this.slice(node).trim();
    const value = parseNumberLiteral(text);
    if (value === undefined) {
      // Prometheus 3 also accepts a duration where a number is expected (`5m` = 300).
      try {
        return parseDuration(text.replace(/^[+-]/, '')) / 1000 * (text.startsWith('-') ? -1 : 1);
      } catch {
        throw this.error(node.from, `bad number or duration syntax: "${text}"`);
      }
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
