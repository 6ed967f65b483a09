import type { BinaryOp } from '../../query/ast.js';

/** Go's math.Pow where it differs from Math.pow (x^NaN with x=1, ±1^±Inf). */
function goPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if ((x === -1) && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/**
 * Prometheus's `vectorElemBinop`: the value and, for comparisons, whether it holds. Arithmetic always keeps;
 * a comparison yields the left value.
 */
export function elementBinop(op: BinaryOp, lhs: number, rhs: number): { value: number; keep: boolean } {
  switch (op) {
    case '+':
      return { value: lhs + rhs, keep: true };
    case '-':
      return { value: lhs - rhs, keep: true };
    case '*':
      return { value: lhs * rhs, keep: true };
    case '/':
      return { value: lhs / rhs, keep: true };
    case '^':
      return { value: goPow(lhs, rhs), keep: true };
    case '%':
      return { value: lhs % rhs, keep: true };
    case 'atan2':
      return { value: Math.atan2(lhs, rhs), keep: true };
    case '==':
      return { value: lhs, keep: lhs === rhs };
    case '!=':
      return { value: lhs, keep: lhs !== rhs };
    case '>':
      return { value: lhs, keep: lhs > rhs };
    case '<':
      return { value: lhs, keep: lhs < rhs };
    case '>=':
      return { value: lhs, keep: lhs >= rhs };
    case '<=':
      return { value: lhs, keep: lhs <= rhs };
    default:
      throw new Error(`operator ${op} is not a value operator`);
  }
}

/** Operators whose result loses the metric name (Prometheus's `shouldDropMetricName`). */
export function dropsMetricName(op: BinaryOp): boolean {
  return op === '+' || op === '-' || op === '*' || op === '/' || op === '^' || op === '%';
}
