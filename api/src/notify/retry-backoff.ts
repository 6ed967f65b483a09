/**
 * Exponential backoff with jitter: attempt n (1-based) waits min(max, initial·2^(n-1)), of which a random half
 * ("equal jitter": between half and all of it), so retries of many events spread out but never come back sooner
 * than half the nominal delay.
 */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const nominal = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 52));
  return Math.round(nominal / 2 + random() * (nominal / 2));
}
