import type { Expr } from '../query/ast.js';

/** One rule of a rule file, validated: a recording rule (`record`) or an alerting rule (`alert`). */
export interface RuleSpec {
  readonly kind: 'record' | 'alert';
  /** The `record` metric name or the `alert` name. */
  readonly name: string;
  readonly expr: Expr;
  /** The expression as written (shown by /api/v1/rules as `query`). */
  readonly exprText: string;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** 1-based line of the rule in its file. */
  readonly line: number;
}

/** One group: rules evaluated in order, every `intervalMs` (the global evaluation interval when undefined). */
export interface RuleGroupSpec {
  readonly file: string;
  readonly name: string;
  readonly intervalMs: number | undefined;
  /** Most series an alert may fire or a recording rule may produce per evaluation; 0 for no limit. */
  readonly limit: number;
  readonly rules: readonly RuleSpec[];
}

/** A problem in a rule file, located like promtool does: file, line, and the group/rule/field it is in. */
export interface RuleFileProblem {
  readonly file: string;
  readonly line: number | undefined;
  /** Path of the offending field, e.g. `groups[0].rules[2].for`. */
  readonly field: string;
  readonly message: string;
}

export function formatRuleFileProblem(p: RuleFileProblem): string {
  return `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.field !== '' ? `${p.field}: ` : ''}${p.message}`;
}
