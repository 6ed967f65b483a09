// Formatting of the SLO engine's numbers for the SLOs pages and the boards' slo-summary panel. The maths stays in the
// api (CONVENTIONS.md, Pyrra): these only clamp, round and pick words and colours.
import type { SloJson } from '../api/slo-api.js';

export type Tone = 'ok' | 'attention' | 'warn' | 'critical' | 'muted';

/** The burn-rate windows of the api, shortest first. */
export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

export interface BudgetBar {
  /** Width of the filled part, 0..100. */
  readonly percent: number;
  readonly tone: Tone;
  /** "72.5% left", "exhausted", "overspent by 40%". */
  readonly text: string;
}

/** The error-budget bar of `remaining` (1 = untouched, 0 = exhausted, negative = overspent). */
export function budgetBar(remaining: number): BudgetBar {
  const percent = Math.max(0, Math.min(100, remaining * 100));
  const tone: Tone = remaining <= 0 ? 'critical' : remaining < 0.25 ? 'warn' : remaining < 0.5 ? 'attention' : 'ok';
  let text: string;
  if (remaining < 0) text = `overspent by ${trimNumber(-remaining * 100, 1)}%`;
  else if (remaining === 0) text = 'exhausted';
  else text = `${trimNumber(remaining * 100, remaining >= 0.995 && remaining < 1 ? 2 : 1)}% left`;
  return { percent, tone, text };
}

/** Minutes of full outage as `45m`, `3h 12m`, `2d 4h`; negative (overspent) with a minus sign; under a minute in seconds. */
export function formatMinutes(minutes: number): string {
  if (!Number.isFinite(minutes)) return '—';
  const sign = minutes < 0 ? '-' : '';
  return sign + formatSpan(Math.abs(minutes) * 60_000);
}

/** A duration in ms as its two largest units: `3d 4h`, `5h 20m`, `12m`, `40s`. */
export function formatSpan(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d}d` : `${d}d ${h % 24}h`;
}

/** Time to exhaustion: `null` (not burning) says so; 0 or less: already exhausted. */
export function formatExhaustion(ms: number | null): string {
  if (ms === null) return 'not burning';
  if (ms <= 0) return 'exhausted';
  return `in ${formatSpan(ms)}`;
}

/** An SLI or target as a percentage with enough digits to tell 99.9 from 99.95 (`no data` for null). */
export function formatPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return 'no data';
  const p = ratio * 100;
  const digits = p >= 99 ? 3 : p >= 90 ? 2 : 1;
  return `${trimNumber(p, digits)}%`;
}

/** A burn rate as `0.52×`, `14.4×`; null (no events in the window) as `—`. */
export function formatBurnRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  return `${trimNumber(rate, rate >= 100 ? 0 : rate >= 10 ? 1 : 2)}×`;
}

/** Colour of a burn rate by the SRE Workbook's alert factors: 14.4 (page, 1h), 6 (page, 6h), 1 (budget spent on time). */
export function burnRateTone(rate: number | null): Tone {
  if (rate === null || !Number.isFinite(rate)) return 'muted';
  if (rate >= 14.4) return 'critical';
  if (rate >= 6) return 'warn';
  if (rate > 1) return 'attention';
  return 'ok';
}

export interface SloStatus {
  readonly text: string;
  readonly tone: Tone;
}

/** The status word of an SLO: from the engine's state, firing burn-rate alerts and the budget left. */
export function sloStatus(slo: Pick<SloJson, 'state' | 'result' | 'errors'>, firingAlerts: number): SloStatus {
  if (slo.state === 'error') return { text: 'error', tone: 'critical' };
  if (slo.state === 'pending') return { text: 'not evaluated yet', tone: 'muted' };
  if (slo.state === 'no_data' || slo.result === null || slo.result.total === 0) return { text: 'no data', tone: 'muted' };
  if (slo.result.errorBudget.remaining <= 0) return { text: 'budget exhausted', tone: 'critical' };
  if (firingAlerts > 0) return { text: `burning (${firingAlerts} alert${firingAlerts === 1 ? '' : 's'})`, tone: 'warn' };
  if (slo.result.sli !== null && slo.result.sli < 1 - slo.result.errorBudget.ratio - 1e-12) {
    return { text: 'below target', tone: 'warn' };
  }
  return { text: 'ok', tone: 'ok' };
}

function trimNumber(v: number, digits: number): string {
  // Floor rather than round toward the target: 99.8996% must not read as 99.9%.
  const f = 10 ** digits;
  const floored = Math.floor(v * f + 1e-9) / f;
  return floored.toFixed(digits).replace(/\.?0+$/, '');
}
