import type { Labels } from '../storage/labels.js';
import type { SloDefinition } from './slo-definition.js';
import type { ErrorBudget } from './slo-math.js';

/** The burn-rate windows of the SRE Workbook's multiwindow alerts, shortest first. */
export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

/** Time to exhaustion is computed at the burn rate over this window (recent enough to follow an incident, long enough not to flap). */
export const EXHAUSTION_BURN_WINDOW: BurnWindow = '1h';

/** The numbers of one SLO (the whole SLO, or one group of a grouped SLO) at one evaluation. */
export interface SloGroupResult {
  /** The group's label values (`{route: "/api/orders"}`); `{}` for the whole SLO. */
  readonly labels: Labels;
  /** Good / total over the compliance window (Timeslices: good slices / slices with data); undefined without traffic. */
  readonly sli: number | undefined;
  readonly errorRatio: number | undefined;
  /** Events over the window (Timeslices, RatioTimeslices and threshold SLIs: slices/points). */
  readonly good: number;
  readonly total: number;
  readonly budget: ErrorBudget;
  /** Error ratio per burn window (bad / total events); undefined when the window saw no events. */
  readonly windowErrorRatios: Readonly<Record<BurnWindow, number | undefined>>;
  /** Burn rate per window; undefined when the window saw no events. */
  readonly burnRates: Readonly<Record<BurnWindow, number | undefined>>;
  /** Total events per burn window (for minimum-traffic guards); undefined when the total query had no series. */
  readonly windowEvents: Readonly<Record<BurnWindow, number | undefined>>;
  /** At the `EXHAUSTION_BURN_WINDOW` burn rate; undefined when not burning, 0 when exhausted. */
  readonly timeToExhaustionMs: number | undefined;
}

export type SloState = 'pending' | 'ok' | 'no_data' | 'error';

/** What the engine knows of one SLO after its last evaluation. */
export interface SloStatus {
  readonly definition: SloDefinition;
  /** pending: not evaluated yet; no_data: no events in the window; error: see `errors`. */
  readonly state: SloState;
  /** Problems met while evaluating (query failures, a latency threshold that is not a bucket boundary), each `file:line: field: message`. */
  readonly errors: readonly string[];
  /** Evaluation time (Unix ms) and how long it took. */
  readonly evaluatedAt: number | undefined;
  readonly evaluationMs: number | undefined;
  /** The compliance window at `evaluatedAt`, and the length of its full period. */
  readonly windowStart: number | undefined;
  readonly periodMs: number | undefined;
  /** The whole SLO (for grouped SLOs: every group's events summed). */
  readonly result: SloGroupResult | undefined;
  /** One result per group value (empty for SLOs without `groupBy`), sorted by labels. */
  readonly groups: readonly SloGroupResult[];
}

/** One point of the burn-down chart: budget remaining (and SLI) over the window ending at `t`. */
export interface SloHistoryPoint {
  readonly t: number;
  readonly sli: number | undefined;
  readonly remaining: number;
  readonly consumed: number;
}

export interface SloHistorySeries {
  readonly labels: Labels;
  readonly points: readonly SloHistoryPoint[];
}
