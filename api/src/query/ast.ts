import type { LabelMatcher } from '../storage/label-matcher.js';

/**
 * The PromQL AST of the api. This issue supports selectors and literals only; the full engine (issue 3)
 * adds node types here. Times and durations are milliseconds.
 */
export enum NodeType {
  VectorSelector = 'vectorSelector',
  MatrixSelector = 'matrixSelector',
  NumberLiteral = 'numberLiteral',
  StringLiteral = 'stringLiteral',
  ParenExpr = 'parenExpr',
}

/** The type of value an expression evaluates to, named as Prometheus documents them in errors. */
export enum ValueType {
  Vector = 'vector',
  Matrix = 'matrix',
  Scalar = 'scalar',
  String = 'string',
}

export interface VectorSelector {
  readonly type: NodeType.VectorSelector;
  /** The metric name when written before the braces (also present as a `__name__` matcher), else ''. */
  readonly name: string;
  /** All matchers, including `__name__="<name>"` when a name was written. */
  readonly matchers: readonly LabelMatcher[];
  /** `offset` in milliseconds (negative for `offset -5m`), 0 when absent. */
  readonly offsetMs: number;
}

export interface MatrixSelector {
  readonly type: NodeType.MatrixSelector;
  readonly vectorSelector: VectorSelector;
  readonly rangeMs: number;
}

export interface NumberLiteral {
  readonly type: NodeType.NumberLiteral;
  readonly value: number;
}

export interface StringLiteral {
  readonly type: NodeType.StringLiteral;
  readonly value: string;
}

export interface ParenExpr {
  readonly type: NodeType.ParenExpr;
  readonly expr: Expr;
}

export type Expr = VectorSelector | MatrixSelector | NumberLiteral | StringLiteral | ParenExpr;

/** The value type an expression yields, as Prometheus's `Expr.Type()`. */
export function valueTypeOf(expr: Expr): ValueType {
  switch (expr.type) {
    case NodeType.VectorSelector:
      return ValueType.Vector;
    case NodeType.MatrixSelector:
      return ValueType.Matrix;
    case NodeType.NumberLiteral:
      return ValueType.Scalar;
    case NodeType.StringLiteral:
      return ValueType.String;
    case NodeType.ParenExpr:
      return valueTypeOf(expr.expr);
  }
}

/** Prometheus's `DocumentedType`: the name used in user-facing errors. */
export function documentedType(t: ValueType): string {
  switch (t) {
    case ValueType.Vector:
      return 'instant vector';
    case ValueType.Matrix:
      return 'range vector';
    case ValueType.Scalar:
      return 'scalar';
    case ValueType.String:
      return 'string';
  }
}
