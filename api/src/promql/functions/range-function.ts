import type { InstantVector, RangeWindow } from '../values.js';
import type { MatrixArg } from './function-args.js';
import { nonEmptyWindows } from './function-args.js';
import { dropMetricName } from './metric-name.js';

/**
 * Applies a per-series range computation to every non-empty window of a matrix argument, as Prometheus's engine
 * does for functions over a range vector: undefined drops the series, and `__name__` is dropped from the result
 * unless `keepMetricName` (only `last_over_time` keeps it in 2.42).
 */
export function mapWindows(
  arg: MatrixArg,
  compute: (window: RangeWindow) => number | undefined,
  keepMetricName = false,
): InstantVector {
  const out: InstantVector = [];
  for (const window of nonEmptyWindows(arg)) {
    const value = compute(window);
    if (value === undefined) continue;
    out.push({ labels: keepMetricName ? window.labels : dropMetricName(window.labels), value });
  }
  return out;
}
