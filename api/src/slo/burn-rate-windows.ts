import { parseDuration } from '../config/duration.js';

/** The SLI windows the SLO engine reports burn rates for, and that the burn-rate alerts use (Sloth's set). */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SliWindow = (typeof SLI_WINDOWS)[number];

/** One row of the multiwindow, multi-burn-rate table: both windows must burn faster than `factor`. */
export interface BurnRateWindowPair {
  readonly severity: 'page' | 'ticket';
  readonly long: SliWindow;
  readonly short: SliWindow;
  /** Burn-rate factor: the alert fires when the error ratio exceeds `factor × (1 - objective)` in both windows. */
  readonly factor: number;
}

/** The Google SRE Workbook table (chapter 5, "Alerting on SLOs", 6th iteration), as Sloth uses it for 30d SLOs. */
export const SRE_WORKBOOK_TABLE: readonly BurnRateWindowPair[] = [
  { severity: 'page', long: '1h', short: '5m', factor: 14.4 },
  { severity: 'page', long: '6h', short: '30m', factor: 6 },
  { severity: 'ticket', long: '1d', short: '2h', factor: 3 },
  { severity: 'ticket', long: '3d', short: '6h', factor: 1 },
];

/**
 * The PromQL ranges the nominal windows are computed over. Normally each window's own duration; tests against a
 * real Prometheus compress them (e.g. `1h` over `4s`) so that hours of traffic fit into seconds of wall-clock
 * time. The recorded series keep their nominal names (`slo:sli_error:ratio_rate1h`) either way.
 */
export type WindowRanges = Readonly<Record<SliWindow, string>>;

export const NOMINAL_WINDOW_RANGES: WindowRanges = Object.fromEntries(SLI_WINDOWS.map((w) => [w, w])) as Record<SliWindow, string>;

/** Seconds of a Prometheus duration string. */
export function durationSeconds(text: string): number {
  return parseDuration(text) / 1000;
}
