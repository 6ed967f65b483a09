/**
 * Budget corrections: time ranges excluded from an SLO's error budget (planned maintenance, a known incident of a
 * dependency), set through `POST /api/v1/slos/:name/corrections`. Events in a correction count neither as good nor
 * as bad; a correction applies to every group of a grouped SLO.
 */
export interface Correction {
  readonly id: string;
  readonly slo: string;
  /** Unix ms, inclusive. */
  readonly start: number;
  /** Unix ms, exclusive. */
  readonly end: number;
  readonly description: string;
  /** Unix ms. */
  readonly createdAt: number;
}

/** What the SLO engine reads: the corrections of one SLO, ordered by start. */
export interface BudgetCorrections {
  list(slo: string): readonly Correction[];
}

/** True when `t` (Unix ms) lies in one of the corrections. */
export function inCorrection(corrections: readonly Correction[], t: number): boolean {
  return corrections.some((c) => t >= c.start && t < c.end);
}

/** Milliseconds of [from, to) covered by the corrections (overlaps counted once). */
export function correctedMs(corrections: readonly Correction[], from: number, to: number): number {
  const parts = corrections
    .map((c) => [Math.max(c.start, from), Math.min(c.end, to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let until = from;
  for (const [a, b] of parts) {
    const start = Math.max(a, until);
    if (b > start) total += b - start;
    until = Math.max(until, b);
  }
  return total;
}
