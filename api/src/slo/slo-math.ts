/**
 * The SLO arithmetic, kept pure so it can be checked table by table (zero traffic, 100% targets...).
 *
 * - error budget (ratio) = 1 - target;
 * - budget consumed = error ratio / (1 - target) (a fraction of the budget; > 1 when overspent),
 *   remaining = 1 - consumed (negative when overspent), as Sloth's `slo:period_error_budget_remaining:ratio`;
 * - minutes of full outage: the budget is (1 - target) × period length, consumed/remaining scale it;
 * - burn rate over a window = error ratio over the window / (1 - target) (1 = spending exactly the budget);
 * - time to exhaustion at burn rate b: remaining × period / b.
 * A 100% target has no budget: any error consumes all of it (consumed 1, burn rate +Inf), none consumes nothing.
 */

export interface ErrorBudget {
  /** 1 - target. */
  readonly ratio: number;
  /** Fraction of the budget spent (0..1, above 1 when overspent). */
  readonly consumed: number;
  /** 1 - consumed. */
  readonly remaining: number;
  readonly totalMinutes: number;
  readonly consumedMinutes: number;
  readonly remainingMinutes: number;
}

/** Budget from the window's error ratio (undefined: no traffic, nothing consumed). */
export function errorBudget(errorRatio: number | undefined, target: number, periodMs: number): ErrorBudget {
  return budgetFromConsumed(consumedFraction(errorRatio, target), target, periodMs);
}

/** Budget from an already computed consumed fraction (Timeslices: bad slices / allowed bad slices). */
export function budgetFromConsumed(consumed: number, target: number, periodMs: number): ErrorBudget {
  const ratio = 1 - target;
  const totalMinutes = (ratio * periodMs) / 60_000;
  return {
    ratio,
    consumed,
    remaining: 1 - consumed,
    totalMinutes,
    consumedMinutes: consumed * totalMinutes,
    remainingMinutes: (1 - consumed) * totalMinutes,
  };
}

export function consumedFraction(errorRatio: number | undefined, target: number): number {
  if (errorRatio === undefined || Number.isNaN(errorRatio)) return 0;
  const budget = 1 - target;
  if (budget <= 0) return errorRatio > 0 ? 1 : 0;
  return errorRatio / budget;
}

/** Burn rate: error ratio / (1 - target); undefined without traffic. */
export function burnRate(errorRatio: number | undefined, target: number): number | undefined {
  if (errorRatio === undefined || Number.isNaN(errorRatio)) return undefined;
  const budget = 1 - target;
  if (budget <= 0) return errorRatio > 0 ? Infinity : 0;
  return errorRatio / budget;
}

/**
 * Time until the budget is gone if the current burn rate holds: remaining × period / burn. 0 when already
 * exhausted; undefined when not burning (burn rate 0 or unknown).
 */
export function timeToExhaustionMs(remaining: number, burn: number | undefined, periodMs: number): number | undefined {
  if (remaining <= 0) return 0;
  if (burn === undefined || !(burn > 0)) return undefined;
  if (burn === Infinity) return 0;
  return (remaining * periodMs) / burn;
}

/** Error ratio from event counts: bad / total, or 1 - good / total; undefined when total is 0. */
export function errorRatioOf(good: number, total: number): number | undefined {
  if (!(total > 0)) return undefined;
  return Math.min(1, Math.max(0, 1 - good / total));
}
