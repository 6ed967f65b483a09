/**
 * The normalised SLO model. Both input formats (OpenSLO v1 `kind: SLO` documents and Sloth
 * `prometheus/v1` specs) parse into `SloDefinition`; the SLO engine, the burn-rate alerts and the
 * HTTP API only ever see this model.
 *
 * Queries are PromQL templates with Sloth's `{{.window}}` placeholder standing for the range of the
 * rate (`rate(x[{{.window}}])`). `windowedQuery(template, '5m')` substitutes it. Every template has
 * been checked with the api's PromQL parser at load time (with the placeholder replaced by `5m`).
 */

/** Where something was written: the file, the 1-based line, and the field path (`spec.objectives[0].target`). */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly field: string;
}

/** The placeholder for the rate range in query templates (Sloth's spelling). */
export const WINDOW_PLACEHOLDER = '{{.window}}';

/**
 * A PromQL template giving an event rate (events per second, any labels) over `{{.window}}`,
 * e.g. `sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))`.
 * The engine aggregates it itself (`sum` or `sum by (<groupBy>)`), so a template may keep labels.
 */
export interface QueryTemplate {
  readonly template: string;
  readonly source: SourcePosition;
}

/**
 * Ratio of events: exactly one of `good` and `bad`, and `total`.
 * Error ratio over a window w = bad(w) / total(w), or 1 - good(w) / total(w).
 */
export interface RatioIndicator {
  readonly kind: 'ratio';
  readonly good?: QueryTemplate;
  readonly bad?: QueryTemplate;
  readonly total: QueryTemplate;
}

/**
 * Latency from a Prometheus histogram: a ratio indicator whose good (or bad) events are counted from the bucket
 * `le = thresholdSeconds` and whose total is `<histogram>_count` (or the `+Inf` bucket). The templates are kept as
 * written (or derived); the extra fields say what the threshold is, for the UI and for the boundary check: the
 * engine reports in the SLO's status (at `thresholdSource`) when `thresholdSeconds` is not one of the series'
 * `le` values. (The engine checks every `_bucket{le="..."}` selector of any indicator the same way.)
 */
export interface LatencyIndicator {
  readonly kind: 'latency';
  /** Base name of the histogram, without `_bucket`/`_count`, e.g. `http_request_duration_seconds`. */
  readonly histogram: string;
  /** Label matchers as PromQL text without braces, e.g. `job="api",route!="/metrics"` (may be empty). */
  readonly matchers: string;
  readonly thresholdSeconds: number;
  readonly thresholdSource: SourcePosition;
  readonly good?: QueryTemplate;
  readonly bad?: QueryTemplate;
  readonly total: QueryTemplate;
}

export type ThresholdOperator = 'lt' | 'lte' | 'gt' | 'gte';

/**
 * A gauge-like value compared to a threshold at each evaluation step (OpenSLO `thresholdMetric`),
 * e.g. a p99 latency: a step is good when `value <op> threshold`. The query may use `{{.window}}`
 * (it is substituted with the timeslice window, or the evaluation step for Occurrences).
 * Missing values count neither as good nor as bad.
 */
export interface ThresholdIndicator {
  readonly kind: 'threshold';
  readonly query: QueryTemplate;
  readonly op: ThresholdOperator;
  readonly threshold: number;
}

export type SliIndicator = RatioIndicator | LatencyIndicator | ThresholdIndicator;

export interface SloObjective {
  /** Target as a ratio in (0, 1], e.g. 0.999 (OpenSLO `target`, `targetPercent / 100`, Sloth `objective / 100`). */
  readonly target: number;
  readonly displayName?: string;
  readonly source: SourcePosition;
}

/** Compliance window: rolling (last `ms`), or calendar-aligned (this week, this month...). */
export type SloWindow =
  | { readonly kind: 'rolling'; readonly ms: number; readonly text: string }
  | {
      readonly kind: 'calendar';
      readonly unit: CalendarUnit;
      /** How many units per period (OpenSLO `duration: 2w` gives week × 2). */
      readonly count: number;
      /** Periods start at this instant (Unix ms), or at the unit boundary when undefined. */
      readonly startMs?: number;
      /** IANA time zone of the calendar, e.g. `UTC`, `Europe/Berlin`. */
      readonly timeZone: string;
      readonly text: string;
    };

export type CalendarUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * How the budget is spent.
 * - Occurrences: the SLI is good events / total events over the window.
 * - Timeslices: the window is cut into slices of `sliceMs`; a slice is good when its SLI ≥ `sliceTarget`;
 *   the SLI is good slices / slices with data.
 * - RatioTimeslices (OpenSLO v1): the SLI is the mean of the slices' SLIs.
 */
export type BudgetingMethod =
  | { readonly method: 'Occurrences' }
  | { readonly method: 'Timeslices'; readonly sliceTarget: number; readonly sliceMs: number }
  | { readonly method: 'RatioTimeslices'; readonly sliceMs: number };

export interface AlertSpec {
  readonly enabled: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Burn-rate alerting options (Sloth's `alerting` block; for OpenSLO, from `metadata.annotations`). */
export interface SloAlerting {
  /** Alert name (Sloth `alerting.name`); undefined lets the alert generator choose one. */
  readonly name?: string;
  /** Labels and annotations for both the page and the ticket alert. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly page: AlertSpec;
  readonly ticket: AlertSpec;
  /**
   * Minimum-traffic guard: no burn-rate alert when fewer than this many events (total) were seen in the
   * alert's long window. 0 disables the guard.
   */
  readonly minTraffic: number;
}

export type SloFormat = 'openslo/v1' | 'prometheus/v1';

export interface SloDefinition {
  /** Unique over all files: OpenSLO `metadata.name` (suffixed when several objectives), Sloth `<service>-<slo name>`. */
  readonly name: string;
  readonly displayName?: string;
  readonly service: string;
  readonly description?: string;
  readonly format: SloFormat;
  /** Where the SLO was defined (the `kind: SLO` document, or the Sloth `slos[i]` entry). */
  readonly source: SourcePosition;
  readonly indicator: SliIndicator;
  readonly objective: SloObjective;
  readonly window: SloWindow;
  readonly budgeting: BudgetingMethod;
  /** Grouping labels: one SLI, budget and set of alerts per distinct value combination. Empty: one SLO. */
  readonly groupBy: readonly string[];
  /** Labels added to every written-back series and alert (Sloth `labels`, OpenSLO `metadata.labels`). */
  readonly labels: Readonly<Record<string, string>>;
  readonly alerting: SloAlerting;
}

/** A problem in an SLO file, located by file, line and field. */
export interface SloFileProblem {
  readonly file: string;
  readonly line: number | undefined;
  /** Path of the offending field, e.g. `spec.objectives[0].target`, or `slos[1].sli.events.error_query`. */
  readonly field: string;
  readonly message: string;
}

export function formatSloFileProblem(p: SloFileProblem): string {
  return `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.field !== '' ? `${p.field}: ` : ''}${p.message}`;
}

/** Substitutes the `{{.window}}` placeholder (also `{{ .window }}`) with a Prometheus duration, e.g. `5m`. */
export function windowedQuery(template: string, window: string): string {
  return template.replace(/\{\{\s*\.window\s*\}\}/g, window);
}

/** The error-budget ratio of an objective: 1 - target (0.001 for 99.9%). */
export function errorBudgetRatio(objective: SloObjective): number {
  return 1 - objective.target;
}
