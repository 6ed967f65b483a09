/**
 * Sorts in place with a Go-style `Less`. Go's `sort.Sort` (pdqsort) runs insertion sort on up to 12 elements;
 * that path is reproduced exactly (including the order it gives NaNs and ties with Prometheus's inconsistent
 * NaN comparators). Longer inputs use a stable merge sort on the same `less`, which agrees with Go whenever
 * values are distinct and not NaN.
 */
export function goSort<T>(items: T[], less: (a: T, b: T) => boolean): void {
  if (items.length <= 12) {
    for (let i = 1; i < items.length; i++) {
      for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) {
        const tmp = items[j];
        items[j] = items[j - 1];
        items[j - 1] = tmp;
      }
    }
    return;
  }
  const sorted = mergeSort(items, less);
  for (let i = 0; i < sorted.length; i++) items[i] = sorted[i];
}

function mergeSort<T>(items: readonly T[], less: (a: T, b: T) => boolean): T[] {
  if (items.length <= 1) return items.slice();
  const mid = items.length >> 1;
  const left = mergeSort(items.slice(0, mid), less);
  const right = mergeSort(items.slice(mid), less);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (less(right[j], left[i])) out.push(right[j++]);
    else out.push(left[i++]);
  }
  while (i < left.length) out.push(left[i++]);
  while (j < right.length) out.push(right[j++]);
  return out;
}
