import type { AggregateOp } from '../../query/ast.js';
import { AppError } from '../../errors/app-error.js';
import type { Labels } from '../../storage/labels.js';
import { formatGoFloat, formatGoFloatV } from '../functions/go-float.js';
import { goSort } from '../functions/go-sort.js';
import { isValidLabelName } from '../functions/label-name.js';
import { quantile, valueLess } from '../functions/quantile.js';
import { ascendingNaNLast, descendingNaNLast } from '../functions/sort.js';
import type { InstantVector, VectorElement } from '../values.js';
import { GoHeap } from './go-heap.js';
import { cachedGroupingOf, groupingCacheFor } from './grouping.js';

/** The aggregation operators, as the parser names them. */
export type AggregationOp = AggregateOp;

export interface AggregationSpec {
  op: AggregationOp;
  grouping: readonly string[];
  without: boolean;
  /** k for topk/bottomk, φ for quantile (numbers), the output label name for count_values. */
  param?: number | string;
}

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  count: number;
  heap?: GoHeap<VectorElement>;
  samples?: number[];
}

const MAX_INT64 = 2 ** 63; // float64(math.MaxInt64)
const MIN_INT64 = -(2 ** 63);

function numberParam(spec: AggregationSpec): number {
  if (typeof spec.param !== 'number') {
    throw new AppError('bad_data', `expected type scalar in aggregation parameter of ${spec.op}`);
  }
  return spec.param;
}

function isInfinite(v: number): boolean {
  return v === Infinity || v === -Infinity;
}

/**
 * An aggregation over one step's instant vector with Prometheus 2.42's semantics (engine.go `aggregation`): groups
 * in first-seen order; `by` keeps only the listed labels, `without` drops the listed ones and `__name__`; avg is the
 * incremental mean, stddev/stdvar the population ones (Welford), min/max replace a NaN; count_values counts per value
 * formatted like Go; topk/bottomk keep the elements' own labels, each group sorted (NaN last); quantile interpolates.
 */
export function aggregate(spec: AggregationSpec, input: InstantVector): InstantVector {
  const { op, without } = spec;
  let grouping = spec.grouping;
  let k = 0;
  if (op === 'topk' || op === 'bottomk') {
    const f = numberParam(spec);
    if (!(f <= MAX_INT64 && f >= MIN_INT64)) {
      throw new AppError('execution', `Scalar value ${formatGoFloatV(f)} overflows int64`);
    }
    k = Math.trunc(f);
    if (k < 1) return [];
  }
  const q = op === 'quantile' ? numberParam(spec) : 0;
  let valueLabel = '';
  if (op === 'count_values') {
    if (typeof spec.param !== 'string') {
      throw new AppError('bad_data', 'expected type string in aggregation parameter of count_values');
    }
    valueLabel = spec.param;
    if (!isValidLabelName(valueLabel)) {
      throw new AppError('execution', `invalid label name ${JSON.stringify(valueLabel)}`);
    }
    if (!without) grouping = [...grouping, valueLabel];
  }

  const groups = new Map<string, Group>();
  const ordered: Group[] = [];
  const heapLess = op === 'bottomk' ? reverseValueHeapLess : valueHeapLess;
  const groupingCache = groupingCacheFor(grouping, without);

  for (const sample of input) {
    let labels = sample.labels;
    if (op === 'count_values') {
      labels = Object.freeze({ ...labels, [valueLabel]: formatGoFloat(sample.value) });
    }
    const { key, labels: outLabels } = cachedGroupingOf(groupingCache, labels, grouping, without);
    const group = groups.get(key);
    const v = sample.value;
    if (group === undefined) {
      const created: Group = { labels: outLabels, value: v, mean: v, count: 1 };
      if (op === 'stddev' || op === 'stdvar') created.value = 0;
      else if (op === 'group') created.value = 1;
      else if (op === 'topk' || op === 'bottomk') created.heap = new GoHeap(heapLess, [sample]);
      else if (op === 'quantile') created.samples = [v];
      groups.set(key, created);
      ordered.push(created);
      continue;
    }
    switch (op) {
      case 'sum':
        group.value += v;
        break;
      case 'avg':
        group.count++;
        if (isInfinite(group.mean)) {
          if (isInfinite(v) && group.mean > 0 === v > 0) break;
          if (!isInfinite(v) && !Number.isNaN(v)) break;
        }
        group.mean += v / group.count - group.mean / group.count;
        break;
      case 'group':
        break;
      case 'max':
        if (group.value < v || Number.isNaN(group.value)) group.value = v;
        break;
      case 'min':
        if (group.value > v || Number.isNaN(group.value)) group.value = v;
        break;
      case 'count':
      case 'count_values':
        group.count++;
        break;
      case 'stddev':
      case 'stdvar': {
        group.count++;
        const delta = v - group.mean;
        group.mean += delta / group.count;
        group.value += delta * (v - group.mean);
        break;
      }
      case 'topk':
      case 'bottomk': {
        const heap = group.heap as GoHeap<VectorElement>;
        const top = heap.items[0].value;
        const better = op === 'topk' ? top < v : top > v;
        if (heap.length < k || better || Number.isNaN(top)) {
          if (heap.length === k) {
            if (k === 1) {
              heap.items[0] = sample;
              break;
            }
            heap.pop();
          }
          heap.push(sample);
        }
        break;
      }
      case 'quantile':
        group.samples?.push(v);
        break;
    }
  }

  const out: InstantVector = [];
  for (const group of ordered) {
    switch (op) {
      case 'avg':
        group.value = group.mean;
        break;
      case 'count':
      case 'count_values':
        group.value = group.count;
        break;
      case 'stdvar':
        group.value = group.value / group.count;
        break;
      case 'stddev':
        group.value = Math.sqrt(group.value / group.count);
        break;
      case 'topk':
      case 'bottomk': {
        const items = (group.heap as GoHeap<VectorElement>).items.slice();
        if (items.length > 1) goSort(items, op === 'topk' ? descendingNaNLast : ascendingNaNLast);
        for (const el of items) out.push({ labels: el.labels, value: el.value });
        continue;
      }
      case 'quantile':
        group.value = quantile(q, group.samples ?? []);
        break;
      default:
        break;
    }
    out.push({ labels: group.labels, value: group.value });
  }
  return out;
}

/** Prometheus's `vectorByValueHeap.Less` (a min-heap for topk; NaN counts as smallest). */
function valueHeapLess(a: VectorElement, b: VectorElement): boolean {
  return valueLess(a.value, b.value);
}

/** Prometheus's `vectorByReverseValueHeap.Less` (a max-heap for bottomk; NaN counts as largest). */
function reverseValueHeapLess(a: VectorElement, b: VectorElement): boolean {
  if (Number.isNaN(a.value)) return true;
  return a.value > b.value;
}
