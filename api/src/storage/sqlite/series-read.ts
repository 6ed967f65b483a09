import { decodeChunkInto } from '../chunk/xor-chunk.js';
import { lowerBound, sortDedupLastWins, upperBound } from './sample-merge.js';
import type { SeriesEntry } from './series-index.js';

/** A `chunks` row as selected by the store: min_t, max_t, num_samples, data. */
export type ChunkRow = [minT: number, maxT: number, numSamples: number, data: Buffer];

/** What one series contributes to a select: its overlapping chunk rows (insertion order) and a head slice. */
export interface SeriesReadPlan {
  readonly entry: SeriesEntry;
  readonly rows: readonly ChunkRow[];
  readonly headFrom: number;
  readonly headTo: number;
  /** Upper bound of the samples produced (before range trimming and de-duplication). */
  readonly total: number;
}

export function planSeriesRead(entry: SeriesEntry, rows: readonly ChunkRow[], start: number, end: number): SeriesReadPlan | undefined {
  const h = entry.head;
  let headFrom = 0;
  let headTo = 0;
  if (h.length > 0 && h.maxTime >= start && h.minTime <= end) {
    headFrom = h.lowerBound(start);
    headTo = h.upperBound(end);
  }
  let total = headTo - headFrom;
  for (const r of rows) total += r[2];
  return total === 0 ? undefined : { entry, rows, headFrom, headTo, total };
}

/**
 * Hands out result arrays carved from a few large buffers instead of two small allocations per series:
 * allocating thousands of typed arrays costs more than decoding into them.
 */
export class SampleSlabs {
  private t = new Float64Array(0);
  private v = new Float64Array(0);
  private used = 0;
  private remaining: number;

  constructor(
    totalSamples: number,
    private readonly slabSamples = 1 << 20,
  ) {
    this.remaining = totalSamples;
  }

  take(n: number): { timestamps: Float64Array; values: Float64Array } {
    if (this.used + n > this.t.length) {
      const size = Math.max(n, Math.min(this.slabSamples, this.remaining));
      this.t = new Float64Array(size);
      this.v = new Float64Array(size);
      this.used = 0;
    }
    const from = this.used;
    this.used += n;
    this.remaining -= n;
    return { timestamps: this.t.subarray(from, this.used), values: this.v.subarray(from, this.used) };
  }
}

/**
 * Decodes the planned chunks and copies the head slice, then trims to [start, end]. When chunks overlap
 * (samples written for an already-closed block) samples are merged by time, the latest write winning.
 */
export function readPlannedSeries(
  plan: SeriesReadPlan,
  slabs: SampleSlabs,
  start: number,
  end: number,
): { timestamps: Float64Array; values: Float64Array } | undefined {
  const h = plan.entry.head;
  const headN = plan.headTo - plan.headFrom;
  let ordered = true;
  let prevMax = -Infinity;
  for (const r of plan.rows) {
    if (r[0] <= prevMax) ordered = false;
    prevMax = r[1];
  }
  if (headN > 0 && h.timestamps[plan.headFrom] <= prevMax) ordered = false;

  let { timestamps, values } = slabs.take(plan.total);
  let off = 0;
  for (const r of plan.rows) off += decodeChunkInto(r[3], timestamps, values, off);
  if (headN > 0) {
    timestamps.set(h.timestamps.subarray(plan.headFrom, plan.headTo), off);
    values.set(h.values.subarray(plan.headFrom, plan.headTo), off);
  }
  if (!ordered) ({ timestamps, values } = sortDedupLastWins(timestamps, values));
  const lo = lowerBound(timestamps, start);
  const hi = upperBound(timestamps, end);
  if (hi <= lo) return undefined;
  if (lo === 0 && hi === timestamps.length) return { timestamps, values };
  return { timestamps: timestamps.subarray(lo, hi), values: values.subarray(lo, hi) };
}
