import type { LabelMatcher } from '../storage/label-matcher.js';

/** The PromQL AST of the api, as Prometheus 2.42's parser builds it. Times and durations are milliseconds. */
export enum NodeType {
  VectorSelector = 'vectorSelector',
  MatrixSelector = 'matrixSelector',
  Subquery = 'subquery',
  NumberLiteral = 'numberLiteral',
  StringLiteral = 'stringLiteral',
  ParenExpr = 'parenExpr',
  UnaryExpr = 'unaryExpr',
  BinaryExpr = 'binaryExpr',
  AggregateExpr = 'aggregateExpr',
  Call = 'call',
}

/** The type of value an expression evaluates to, named as Prometheus documents them in errors. */
export enum ValueType {
  Vector = 'vector',
  Matrix = 'matrix',
  Scalar = 'scalar',
  String = 'string',
}

/** `@ <time>` / `@ start()` / `@ end()`; a time is Unix ms. */
export type AtModifier = { readonly kind: 'time'; readonly ms: number } | { readonly kind: 'start' } | { readonly kind: 'end' };

export interface VectorSelector {
  readonly type: NodeType.VectorSelector;
  /** The metric name when written before the braces (also present as a `__name__` matcher), else ''. */
  readonly name: string;
  /** All matchers, including `__name__="<name>"` when a name was written. */
  readonly matchers: readonly LabelMatcher[];
  /** `offset` in milliseconds (negative for `offset -5m`), 0 when absent. */
  readonly offsetMs: number;
  readonly at?: AtModifier;
}

export interface MatrixSelector {
  readonly type: NodeType.MatrixSelector;
  readonly vectorSelector: VectorSelector;
  readonly rangeMs: number;
}

export interface Subquery {
  readonly type: NodeType.Subquery;
  readonly expr: Expr;
  readonly rangeMs: number;
  /** The resolution; 0 means the default evaluation interval. */
  readonly stepMs: number;
  readonly offsetMs: number;
  readonly at?: AtModifier;
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

export interface UnaryExpr {
  readonly type: NodeType.UnaryExpr;
  readonly op: '-' | '+';
  readonly expr: Expr;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export enum Cardinality {
  OneToOne = 'one-to-one',
  ManyToOne = 'many-to-one',
  OneToMany = 'one-to-many',
  ManyToMany = 'many-to-many',
}

/** `on`/`ignoring` and `group_left`/`group_right`, present only between two instant vectors. */
export interface VectorMatching {
  readonly card: Cardinality;
  /** True for `on(...)`, false for `ignoring(...)` or no clause. */
  readonly on: boolean;
  readonly labels: readonly string[];
  /** The labels of `group_left(...)`/`group_right(...)`. */
  readonly include: readonly string[];
}

export interface BinaryExpr {
  readonly type: NodeType.BinaryExpr;
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  /** Set when both sides are instant vectors. */
  readonly matching?: VectorMatching;
}

export type AggregateOp =
  | 'sum'
  | 'min'
  | 'max'
  | 'avg'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'count'
  | 'count_values'
  | 'bottomk'
  | 'topk'
  | 'quantile';

export interface AggregateExpr {
  readonly type: NodeType.AggregateExpr;
  readonly op: AggregateOp;
  readonly expr: Expr;
  /** k of topk/bottomk, φ of quantile, the label of count_values. */
  readonly param?: Expr;
  readonly grouping: readonly string[];
  readonly without: boolean;
}

export interface Call {
  readonly type: NodeType.Call;
  readonly func: string;
  readonly args: readonly Expr[];
  /** From the function's signature. */
  readonly returnType: ValueType.Vector | ValueType.Scalar;
}

export type Expr =
  | VectorSelector
  | MatrixSelector
  | Subquery
  | NumberLiteral
  | StringLiteral
  | ParenExpr
  | UnaryExpr
  | BinaryExpr
  | AggregateExpr
  | Call;

export const COMPARISON_OPS: ReadonlySet<string> = new Set(['==', '!=', '>', '<', '>=', '<=']);
export const SET_OPS: ReadonlySet<string> = new Set(['and', 'or', 'unless']);

/** The value type an expression yields, as Prometheus's `Expr.Type()`. */
export function valueTypeOf(expr: Expr): ValueType {
  switch (expr.type) {
    case NodeType.VectorSelector:
    case NodeType.AggregateExpr:
      return ValueType.Vector;
    case NodeType.MatrixSelector:
    case NodeType.Subquery:
      return ValueType.Matrix;
    case NodeType.NumberLiteral:
      return ValueType.Scalar;
    case NodeType.StringLiteral:
      return ValueType.String;
    case NodeType.ParenExpr:
    case NodeType.UnaryExpr:
      return valueTypeOf(expr.expr);
    case NodeType.BinaryExpr:
      return valueTypeOf(expr.lhs) === ValueType.Scalar && valueTypeOf(expr.rhs) === ValueType.Scalar
        ? ValueType.Scalar
        : ValueType.Vector;
    case NodeType.Call:
      return expr.returnType;
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
