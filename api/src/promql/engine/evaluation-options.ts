import type { MetricStore } from '../../storage/metric-store.js';

/** What a query needs besides its expression: the store and the limits. Times are Unix ms. */
export interface EvaluationOptions {
  readonly store: MetricStore;
  /** How far back an instant selector looks for the latest sample (Prometheus's --query.lookback-delta, 5m). */
  readonly lookbackDeltaMs: number;
  /** Most samples a query may hold in memory at once (Prometheus's --query.max-samples). */
  readonly maxSamples: number;
  /** Wall-clock time (ms) after which the query fails with a timeout error; Infinity for none. */
  readonly deadline: number;
  /** Aborting it (a client that went away) ends the query with a `canceled` error. */
  readonly signal?: AbortSignal;
  /** Subquery resolution when the step is omitted (Prometheus's global evaluation interval, default 1m). */
  readonly defaultSubqueryStepMs?: number;
  readonly now?: () => number;
}

export const DEFAULT_LOOKBACK_DELTA_MS = 5 * 60_000;
export const DEFAULT_SUBQUERY_STEP_MS = 60_000;
