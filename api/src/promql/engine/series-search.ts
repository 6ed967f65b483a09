/** Index of the first element of `ts` that is >= t (ts.length when none). */
export function lowerBound(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of `ts` that is > t (ts.length when none). */
export function upperBound(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `lowerBound`/`upperBound` with a starting hint: when the previous answer for a smaller `t` is passed, a few
 * linear steps usually find the new one (a range query moves forward one step at a time); else binary search.
 */
export function boundFrom(ts: Float64Array, t: number, hint: number, upper: boolean): number {
  let i = hint;
  if (i >= 0 && i <= ts.length && (i === 0 || (upper ? ts[i - 1] <= t : ts[i - 1] < t))) {
    for (let k = 0; k < 32; k++) {
      if (i >= ts.length || (upper ? ts[i] > t : ts[i] >= t)) return i;
      i++;
    }
  }
  return upper ? upperBound(ts, t) : lowerBound(ts, t);
}
