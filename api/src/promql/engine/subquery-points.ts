import { compareLabels } from '../../query/compare-labels.js';
import type { Labels } from '../../storage/labels.js';
import type { InstantVector, RangeWindow } from '../values.js';
import { fastLabelsKey } from './label-operations.js';

/** One series of a subquery's results, in a growable typed buffer (windows are views, not copies). */
class GrowingSeries {
  timestamps = new Float64Array(16);
  values = new Float64Array(16);
  length = 0;

  constructor(readonly labels: Labels) {}

  push(t: number, v: number): void {
    if (this.length === this.timestamps.length) {
      // Old buffers stay valid for windows already handed out: they are never written again.
      const ts = new Float64Array(this.length * 2);
      const vs = new Float64Array(this.length * 2);
      ts.set(this.timestamps);
      vs.set(this.values);
      this.timestamps = ts;
      this.values = vs;
    }
    this.timestamps[this.length] = t;
    this.values[this.length] = v;
    this.length++;
  }

  /** First index in [0, length) whose time is >= t (or > t when `upper`). */
  bound(t: number, upper: boolean): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const x = this.timestamps[mid];
      if (upper ? x <= t : x < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * The inner results of one subquery at its aligned step times, evaluated once over a contiguous span of steps and
 * extended as a range query moves forward, like Prometheus evaluating the subquery once for the whole range.
 */
export class SubqueryPoints {
  private first = NaN;
  private last = NaN;
  private readonly series = new Map<string, GrowingSeries>();
  private sorted: GrowingSeries[] = [];
  private dirty = false;

  constructor(
    private readonly stepMs: number,
    private readonly evaluateAt: (t: number) => InstantVector,
  ) {}

  /** The series' points in [start, end] (inclusive), sorted by labels, evaluating inner steps not yet seen. */
  window(start: number, end: number): { windows: RangeWindow[]; samples: number } {
    const step = this.stepMs;
    const from = Math.ceil(start / step) * step;
    const to = Math.floor(end / step) * step;
    if (from <= to) {
      if (Number.isNaN(this.first) || from < this.first || from > this.last + step) this.reset(from);
      for (let t = Number.isNaN(this.last) ? from : this.last + step; t <= to; t += step) this.append(t);
    }
    if (this.dirty) {
      this.sorted = [...this.series.values()].sort((a, b) => compareLabels(a.labels, b.labels));
      this.dirty = false;
    }
    const windows: RangeWindow[] = [];
    let samples = 0;
    for (const s of this.sorted) {
      const lo = s.bound(start, false);
      const hi = s.bound(end, true);
      if (hi <= lo) continue;
      samples += hi - lo;
      windows.push({
        labels: s.labels,
        timestamps: new Float64Array(s.timestamps.buffer, lo * 8, hi - lo),
        values: new Float64Array(s.values.buffer, lo * 8, hi - lo),
      });
    }
    return { windows, samples };
  }

  private reset(from: number): void {
    this.series.clear();
    this.sorted = [];
    this.first = from;
    this.last = NaN;
  }

  private append(t: number): void {
    for (const e of this.evaluateAt(t)) {
      const key = fastLabelsKey(e.labels);
      let s = this.series.get(key);
      if (!s) {
        s = new GrowingSeries(e.labels);
        this.series.set(key, s);
        this.dirty = true;
      }
      s.push(t, e.value);
    }
    this.last = t;
  }
}
