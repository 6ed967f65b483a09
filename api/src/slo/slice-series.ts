import type { Labels } from '../storage/labels.js';

/** Good and total events of one group in one slice (threshold SLIs: 1 or 0 good out of 1 point). */
export interface SliceCounts {
  readonly good: number;
  readonly total: number;
}

interface GroupSlices {
  readonly labels: Labels;
  good: number[];
  total: number[];
}

/**
 * The events of an SLO per time slice and per group, for the slices `[first, last]` evaluated so far (slice `i`
 * covers `((i-1)·sliceMs, i·sliceMs]`, named by its end). Completed slices never change, so each is computed
 * once: the window SLI, Timeslices budgeting and the burn-down history are sums over these arrays.
 */
export class SliceSeries {
  private readonly groups = new Map<string, GroupSlices>();
  /** Index of the first slice held; `first + length - 1` is the last. */
  private first = 0;
  private length = 0;

  constructor(readonly sliceMs: number) {}

  /** Index of the slice whose end is at or before `t`. */
  indexAtOrBefore(t: number): number {
    return Math.floor(t / this.sliceMs);
  }

  firstIndex(): number | undefined {
    return this.length > 0 ? this.first : undefined;
  }

  lastIndex(): number | undefined {
    return this.length > 0 ? this.first + this.length - 1 : undefined;
  }

  /** Sets one slice's counts (slices are appended in order; a gap is filled with no-data slices). */
  put(index: number, byGroup: ReadonlyMap<string, { labels: Labels; counts: SliceCounts }>): void {
    if (this.length === 0) this.first = index;
    if (index < this.first) throw new RangeError('slices must be added in time order');
    const pos = index - this.first;
    while (this.length <= pos) {
      for (const g of this.groups.values()) {
        g.good.push(0);
        g.total.push(0);
      }
      this.length++;
    }
    for (const [key, { labels, counts }] of byGroup) {
      let g = this.groups.get(key);
      if (!g) {
        g = { labels, good: new Array<number>(this.length).fill(0), total: new Array<number>(this.length).fill(0) };
        this.groups.set(key, g);
      }
      g.good[pos] = counts.good;
      g.total[pos] = counts.total;
    }
  }

  /** Drops slices before `index` (and groups left without any events). */
  trimBefore(index: number): void {
    if (this.length === 0 || index <= this.first) return;
    const drop = Math.min(index - this.first, this.length);
    for (const [key, g] of this.groups) {
      g.good.splice(0, drop);
      g.total.splice(0, drop);
      if (!g.total.some((v) => v > 0)) this.groups.delete(key);
    }
    this.first += drop;
    this.length -= drop;
    if (this.length === 0) this.first = index;
  }

  groupKeys(): string[] {
    return [...this.groups.keys()];
  }

  labelsOf(key: string): Labels | undefined {
    return this.groups.get(key)?.labels;
  }

  /**
   * The slices of `[fromIndex, toIndex]` of one group (undefined key: all groups summed), as arrays aligned on
   * `fromIndex` (slices not held are 0/0).
   */
  range(fromIndex: number, toIndex: number, key?: string): { good: Float64Array; total: Float64Array } {
    const n = Math.max(0, toIndex - fromIndex + 1);
    const good = new Float64Array(n);
    const total = new Float64Array(n);
    const groups = key === undefined ? [...this.groups.values()] : [this.groups.get(key)].filter((g): g is GroupSlices => g !== undefined);
    const lo = Math.max(fromIndex, this.first);
    const hi = Math.min(toIndex, this.first + this.length - 1);
    for (const g of groups) {
      for (let i = lo; i <= hi; i++) {
        good[i - fromIndex] += g.good[i - this.first];
        total[i - fromIndex] += g.total[i - this.first];
      }
    }
    return { good, total };
  }
}
