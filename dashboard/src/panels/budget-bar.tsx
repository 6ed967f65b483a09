import type { ReactNode } from 'react';
import { budgetBar, formatMinutes } from '../format/slo-format.js';
import './service-level.css';

/**
 * The error budget left as a bar (a meter for assistive technology) with the percentage and minutes beside it;
 * `compact` (the boards' SLO summary) leaves the minutes to the meter's label and the tooltip.
 */
export function BudgetBar({
  remaining,
  remainingMinutes,
  totalMinutes,
  compact = false,
}: {
  remaining: number;
  remainingMinutes: number;
  totalMinutes: number;
  compact?: boolean;
}): ReactNode {
  const bar = budgetBar(remaining);
  const minutes = `${formatMinutes(remainingMinutes)} of ${formatMinutes(totalMinutes)}`;
  return (
    <div className={compact ? 'budget compact' : 'budget'} title={compact ? `${minutes} of full outage left over the window` : undefined}>
      <div
        className="budget-bar"
        role="meter"
        aria-label={`error budget: ${bar.text}, ${minutes}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(bar.percent * 10) / 10}
      >
        <span className={`budget-fill tone-${bar.tone}`} style={{ width: `${bar.percent}%` }} />
      </div>
      <span className={`budget-text tone-${bar.tone}`}>{bar.text}</span>
      {compact ? null : (
        <span className="budget-minutes" title="minutes of full outage left over the window">
          {minutes}
        </span>
      )}
    </div>
  );
}
