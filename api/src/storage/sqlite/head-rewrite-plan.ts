import { encodeChunk } from '../chunk/xor-chunk.js';
import type { SeriesChunk } from './head-record.js';
import type { SeriesEntry } from './series-index.js';

/** A chunk row to insert: the samples of one series in one block. */
export interface PlannedChunk {
  readonly entry: SeriesEntry;
  readonly minT: number;
  readonly maxT: number;
  readonly count: number;
  readonly data: Uint8Array;
}

/** What a head rewrite (block close and/or checkpoint) writes, computed before anything changes. */
export interface HeadRewritePlan {
  /** New chunk rows, per series in block order. */
  readonly chunks: PlannedChunk[];
  /** How many leading head samples each series loses once the chunks are committed. */
  readonly cuts: [SeriesEntry, number][];
  /** Compressed samples that stay in the head, for the checkpoint rows. */
  readonly rest: SeriesChunk[];
}

/**
 * Encodes head samples before `closeBefore` (none when undefined) as one chunk per series per block of
 * `blockMs` (blocks aligned to multiples of blockMs), and the remaining head samples as checkpoint chunks.
 */
export function planHeadRewrite(series: Iterable<SeriesEntry>, blockMs: number, closeBefore: number | undefined): HeadRewritePlan {
  const chunks: PlannedChunk[] = [];
  const cuts: [SeriesEntry, number][] = [];
  const rest: SeriesChunk[] = [];
  for (const e of series) {
    const h = e.head;
    if (h.length === 0) continue;
    const k = closeBefore === undefined ? 0 : h.lowerBound(closeBefore);
    let i = 0;
    while (i < k) {
      const blockEnd = (Math.floor(h.timestamps[i] / blockMs) + 1) * blockMs;
      const end = Math.min(k, h.lowerBound(blockEnd));
      chunks.push({
        entry: e,
        minT: h.timestamps[i],
        maxT: h.timestamps[end - 1],
        count: end - i,
        data: encodeChunk(h.timestamps, h.values, i, end),
      });
      i = end;
    }
    if (k > 0) cuts.push([e, k]);
    if (k < h.length) rest.push({ seriesId: e.id, data: encodeChunk(h.timestamps, h.values, k, h.length) });
  }
  return { chunks, cuts, rest };
}
