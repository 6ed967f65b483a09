import type { ReactNode } from 'react';
import { budgetBar, formatMinutes } from './slo-format.js';

/** The error budget left as a bar (a meter for assistive technology) with the percentage and minutes beside it. */
export function BudgetBar({ remaining, remainingMinutes, totalMinutes }: { remaining: number; remainingMinutes: number; totalMinutes: number }): ReactNode {
  const bar = budgetBar(remaining);
  return (
    <div className="budget">
      <div
        className="budget-bar"
        role="meter"
        aria-label={`error budget: ${bar.text}, ${formatMinutes(remainingMinutes)} of ${formatMinutes(totalMinutes)}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(bar.percent * 10) / 10}
      >
        <span className={`budget-fill tone-${bar.tone}`} style={{ width: `${bar.percent}%` }} />
      </div>
      <span className={`budget-text tone-${bar.tone}`}>{bar.text}</span>
      <span className="budget-minutes" title="minutes of full outage left over the window">
        {formatMinutes(remainingMinutes)} of {formatMinutes(totalMinutes)}
      </span>
    </div>
  );
}
