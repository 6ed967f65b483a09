// The rows of a board's slo-summary panel: the SLOs matching the panel's `slos` matchers, worst first, with the
// status word of the SLOs page and the worst burn rate over the api's windows.
import type { SloGroupJson, SloJson } from '../api/slo-api.js';
import { matchesFilter, type LabelFilter } from '../format/alert-filter.js';
import { BURN_WINDOWS, sloStatus, type BurnWindow, type SloStatus, type Tone } from '../format/slo-format.js';

export interface SloSummaryRow {
  readonly name: string;
  /** displayName, else name. */
  readonly title: string;
  readonly service: string;
  readonly status: SloStatus;
  readonly objective: number;
  readonly result: SloGroupJson | null;
  /** The highest burn rate over the windows that saw events; undefined when none did. */
  readonly worstBurn: { readonly window: BurnWindow; readonly rate: number } | undefined;
}

export interface SloSummary {
  readonly rows: readonly SloSummaryRow[];
  /** Rows whose status is burning (firing burn-rate alerts) or budget exhausted. */
  readonly burning: number;
}

const TONE_ORDER: Readonly<Record<Tone, number>> = { critical: 0, warn: 1, attention: 2, muted: 3, ok: 4 };

/** The labels an slo-summary's `slos` matchers see: the SLO's labels, `service` and `name`. */
export function sloMatchLabels(slo: Pick<SloJson, 'name' | 'service' | 'labels'>): Record<string, string> {
  return { ...slo.labels, service: slo.service, name: slo.name };
}

/** The SLOs matching `matchers`, worst status first (then by name), with the number burning or exhausted. */
export function sloSummary(slos: readonly SloJson[], matchers: readonly LabelFilter[], firing: ReadonlyMap<string, number>): SloSummary {
  const rows = slos
    .filter((s) => matchesFilter(sloMatchLabels(s), matchers))
    .map((s): SloSummaryRow => ({
      name: s.name,
      title: s.displayName ?? s.name,
      service: s.service,
      status: sloStatus(s, firing.get(s.name) ?? 0),
      objective: s.objective.target,
      result: s.result,
      worstBurn: worstBurnRate(s.result),
    }))
    .sort((a, b) => TONE_ORDER[a.status.tone] - TONE_ORDER[b.status.tone] || a.name.localeCompare(b.name));
  const burning = rows.filter((r) => r.status.text === 'budget exhausted' || r.status.text.startsWith('burning')).length;
  return { rows, burning };
}

/** The highest finite burn rate of the windows (the shortest window wins a tie). */
export function worstBurnRate(result: SloGroupJson | null): SloSummaryRow['worstBurn'] {
  let worst: SloSummaryRow['worstBurn'];
  for (const window of BURN_WINDOWS) {
    const rate = result?.burnRates[window] ?? null;
    if (rate !== null && Number.isFinite(rate) && (worst === undefined || rate > worst.rate)) worst = { window, rate };
  }
  return worst;
}
