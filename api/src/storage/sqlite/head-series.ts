/**
 * The in-memory head of one series: samples sorted by timestamp in typed arrays (so staleness-marker
 * bits survive). Appends in order are O(1); out-of-order samples are inserted in place; a duplicate
 * timestamp replaces the value (last write wins).
 */
export class HeadSeries {
  timestamps: Float64Array;
  values: Float64Array;
  length = 0;

  constructor(capacity = 8) {
    this.timestamps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get minTime(): number {
    return this.length === 0 ? Infinity : this.timestamps[0];
  }

  get maxTime(): number {
    return this.length === 0 ? -Infinity : this.timestamps[this.length - 1];
  }

  /** Adds a sample; returns 1 if the head grew, 0 if it replaced a sample with the same timestamp. */
  add(t: number, v: number): number {
    const n = this.length;
    if (n === 0 || t > this.timestamps[n - 1]) {
      if (n === this.timestamps.length) this.grow();
      this.timestamps[n] = t;
      this.values[n] = v;
      this.length = n + 1;
      return 1;
    }
    const i = this.lowerBound(t);
    if (i < n && this.timestamps[i] === t) {
      this.values[i] = v;
      return 0;
    }
    if (n === this.timestamps.length) this.grow();
    this.timestamps.copyWithin(i + 1, i, n);
    this.values.copyWithin(i + 1, i, n);
    this.timestamps[i] = t;
    this.values[i] = v;
    this.length = n + 1;
    return 1;
  }

  /** Index of the first sample with timestamp >= t (length if none). */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.length;
    const ts = this.timestamps;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ts[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first sample with timestamp > t (length if none). */
  upperBound(t: number): number {
    let lo = 0;
    let hi = this.length;
    const ts = this.timestamps;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ts[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Drops the first `count` samples. */
  dropFirst(count: number): void {
    if (count <= 0) return;
    const n = this.length;
    this.timestamps.copyWithin(0, count, n);
    this.values.copyWithin(0, count, n);
    this.length = n - count;
    if (this.length < this.timestamps.length / 4 && this.timestamps.length > 64) this.shrink();
  }

  private grow(): void {
    this.resize(Math.max(8, this.timestamps.length * 2));
  }

  private shrink(): void {
    this.resize(Math.max(8, this.length * 2));
  }

  private resize(capacity: number): void {
    const ts = new Float64Array(capacity);
    const vs = new Float64Array(capacity);
    ts.set(this.timestamps.subarray(0, this.length));
    vs.set(this.values.subarray(0, this.length));
    this.timestamps = ts;
    this.values = vs;
  }
}
