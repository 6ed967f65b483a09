/**
 * Sorts samples by timestamp keeping, for equal timestamps, the one that comes last in the input
 * (inputs are laid out oldest write first: chunks in insertion order, then the head). Values move as
 * pairs of 32-bit words so NaN payloads such as staleness markers keep their exact bits.
 */
export function sortDedupLastWins(timestamps: Float64Array, values: Float64Array): { timestamps: Float64Array; values: Float64Array } {
  const n = timestamps.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => timestamps[a] - timestamps[b] || a - b);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && timestamps[order[i + 1]] === timestamps[order[i]]) continue;
    order[m++] = order[i];
  }
  const outT = new Float64Array(m);
  const outV = new Float64Array(m);
  const inU = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const outU = new Uint32Array(outV.buffer);
  for (let j = 0; j < m; j++) {
    const i = order[j];
    outT[j] = timestamps[i];
    outU[2 * j] = inU[2 * i];
    outU[2 * j + 1] = inU[2 * i + 1];
  }
  return { timestamps: outT, values: outV };
}

/** Index of the first element >= t in the sorted array. */
export function lowerBound(a: Float64Array, t: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > t in the sorted array. */
export function upperBound(a: Float64Array, t: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
