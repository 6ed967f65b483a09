import { normalizeLabels, type Labels } from '../storage/labels.js';
import type { Sample } from '../storage/metric-store.js';
import type { SloDefinition } from './slo-definition.js';
import { BURN_WINDOWS, type SloGroupResult, type SloStatus } from './slo-results.js';

/**
 * The series the engine writes after each evaluation, named as Sloth's recording rules so Sloth's Grafana
 * dashboards and rules written for Sloth work unchanged, one set per group (grouped SLOs) or per SLO:
 *
 * - `slo:sli_error:ratio_rate<w>` for w in 5m, 30m, 1h, 2h, 6h, 1d, 3d (label `sloth_window`/`window`), and for the
 *   compliance window of rolling SLOs (e.g. `slo:sli_error:ratio_rate28d`);
 * - `slo:objective:ratio`, `slo:error_budget:ratio` (1 - objective);
 * - `slo:current_burn_rate:ratio` (over 5m), `slo:period_burn_rate:ratio` (over the compliance window),
 *   `slo:period_error_budget_remaining:ratio`.
 *
 * Labels: the SLO's labels, the group's labels, `sloth_id`, `sloth_service`, `sloth_slo` (Sloth's names) and
 * `slo`, `service` (what the burn-rate alerts and panels select on). A window without traffic gives NaN, as
 * Sloth's 0/0 does in Prometheus; a window whose total query has no series gives no sample.
 */
export function sloSeriesSamples(status: SloStatus, t: number): Sample[] {
  const def = status.definition;
  const results = def.groupBy.length > 0 ? status.groups : status.result ? [status.result] : [];
  const out: Sample[] = [];
  for (const r of results) out.push(...groupSamples(def, r, t));
  return out;
}

/** The base labels of an SLO's series for one group. */
export function sloSeriesLabels(def: SloDefinition, groupLabels: Labels): Record<string, string> {
  return {
    ...def.labels,
    ...groupLabels,
    sloth_id: def.name,
    sloth_service: def.service,
    sloth_slo: def.name,
    slo: def.name,
    service: def.service,
  };
}

function groupSamples(def: SloDefinition, r: SloGroupResult, t: number): Sample[] {
  const base = sloSeriesLabels(def, r.labels);
  const out: Sample[] = [];
  const push = (name: string, value: number, extra: Record<string, string> = {}): void => {
    out.push({ labels: normalizeLabels({ ...base, ...extra, __name__: name }), timestamp: t, value });
  };
  const budget = 1 - def.objective.target;
  for (const w of BURN_WINDOWS) {
    const total = r.windowEvents[w];
    if (total === undefined) continue;
    push(`slo:sli_error:ratio_rate${w}`, r.windowErrorRatios[w] ?? NaN, { sloth_window: w, window: w });
  }
  if (def.window.kind === 'rolling' && r.errorRatio !== undefined) {
    push(`slo:sli_error:ratio_rate${def.window.text}`, r.errorRatio, { sloth_window: def.window.text, window: def.window.text });
  }
  push('slo:objective:ratio', def.objective.target);
  push('slo:error_budget:ratio', budget);
  push('slo:current_burn_rate:ratio', r.burnRates['5m'] ?? NaN);
  push('slo:period_burn_rate:ratio', r.budget.consumed);
  push('slo:period_error_budget_remaining:ratio', r.budget.remaining);
  return out;
}
