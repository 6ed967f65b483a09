/** One sample as a source produces it: Prometheus data model, timestamps in Unix milliseconds. */
export interface CollectedSample {
  /** Metric name (Prometheus rules: `[a-zA-Z_:][a-zA-Z0-9_:]*`). */
  name: string;
  /** Label pairs, without `__name__`. */
  labels: Record<string, string>;
  value: number;
  /** Unix milliseconds. */
  timestamp: number;
}

/** Something the scheduler runs on an interval. `collect` should not throw: a source reports its own failures. */
export interface Source {
  readonly name: string;
  collect(now: number): Promise<CollectedSample[]>;
}
