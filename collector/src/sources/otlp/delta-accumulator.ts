import { addExponentialBuckets, type ExponentialBuckets } from './exponential-histogram.js';

export interface DeltaAccumulatorOptions {
  /** How many delta series are tracked at most; a new series beyond this is refused (its points rejected). */
  readonly maxSeries: number;
  /** A series not updated for this long is forgotten (its next point starts again from zero, like a counter reset). */
  readonly staleAfterMs: number;
}

/** Running totals of a delta explicit-bucket histogram. */
export interface HistogramTotals {
  readonly bounds: readonly number[];
  readonly bucketCounts: readonly number[];
  readonly sum: number | undefined;
  readonly count: number;
}

/** Running totals of a delta exponential histogram. */
export interface ExponentialTotals {
  readonly buckets: ExponentialBuckets;
  readonly sum: number | undefined;
  readonly count: number;
}

interface Entry<T> {
  value: T;
  lastSeen: number;
}

/** Thrown when a new delta series would exceed `maxSeries`. */
export class DeltaSeriesLimitError extends Error {
  override readonly name = 'DeltaSeriesLimitError';
}

/**
 * Turns delta points into cumulative ones, per series (the caller's key: metric name plus labels), in memory:
 * each delta is added to the series' running total, which is what is written. A restart of the collector starts
 * the totals again from zero, which PromQL's rate() and increase() read as a counter reset. Histograms whose
 * bounds change start over from the new point.
 */
export class DeltaAccumulator {
  private readonly series = new Map<string, Entry<unknown>>();
  private lastSweep = 0;

  constructor(private readonly options: DeltaAccumulatorOptions) {}

  get size(): number {
    return this.series.size;
  }

  /** Adds a delta to a sum; returns the running total. */
  addSum(key: string, delta: number, now: number): number {
    const e = this.entry<number>(`s${key}`, now, () => 0);
    e.value += delta;
    return e.value;
  }

  addHistogram(key: string, delta: HistogramTotals, now: number): HistogramTotals {
    const e = this.entry<HistogramTotals | undefined>(`h${key}`, now, () => undefined);
    const prev = e.value;
    if (prev === undefined || !sameBounds(prev.bounds, delta.bounds) || prev.bucketCounts.length !== delta.bucketCounts.length) {
      e.value = delta;
    } else {
      e.value = {
        bounds: prev.bounds,
        bucketCounts: prev.bucketCounts.map((c, i) => c + delta.bucketCounts[i]),
        sum: prev.sum !== undefined && delta.sum !== undefined ? prev.sum + delta.sum : undefined,
        count: prev.count + delta.count,
      };
    }
    return e.value;
  }

  addExponential(key: string, delta: ExponentialTotals, now: number): ExponentialTotals {
    const e = this.entry<ExponentialTotals | undefined>(`e${key}`, now, () => undefined);
    const prev = e.value;
    e.value =
      prev === undefined
        ? delta
        : {
            buckets: addExponentialBuckets(prev.buckets, delta.buckets),
            sum: prev.sum !== undefined && delta.sum !== undefined ? prev.sum + delta.sum : undefined,
            count: prev.count + delta.count,
          };
    return e.value;
  }

  /** Forgets series not updated for `staleAfterMs` (run at most once a minute, from the receiving path). */
  sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, e] of this.series) {
      if (now - e.lastSeen > this.options.staleAfterMs) this.series.delete(k);
    }
  }

  private entry<T>(key: string, now: number, init: () => T): Entry<T> {
    let e = this.series.get(key) as Entry<T> | undefined;
    if (e === undefined) {
      if (this.series.size >= this.options.maxSeries) {
        throw new DeltaSeriesLimitError(`more than ${this.options.maxSeries} delta series (otlp.deltaMaxSeries)`);
      }
      e = { value: init(), lastSeen: now };
      this.series.set(key, e);
    }
    e.lastSeen = now;
    return e;
  }
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
