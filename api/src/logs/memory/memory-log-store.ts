import { AppError } from '../../errors/app-error.js';
import { LOG_RECORD_LEVELS, type LogRecord, type LogRecordLevel } from '../log-record.js';
import {
  decodeLogCursor,
  encodeLogCursor,
  firstPositionAt,
  lastPositionAt,
  positionOf,
  POSITIONS_PER_MS,
} from '../log-position.js';
import {
  volumeBucketCount,
  type LogAppendResult,
  type LogSearchRequest,
  type LogSearchResult,
  type LogStore,
  type LogStoreStats,
  type LogVolumeRequest,
  type LogVolumeResult,
} from '../log-store.js';
import { matchesLogQuery, type TokenizedRecord } from '../query/evaluate-log-query.js';
import { textTokens } from '../query/text-tokens.js';

export interface MemoryLogStoreOptions {
  /** Records older than this (by timestamp) are deleted by enforceRetention. Default 7 days. */
  readonly retentionMs?: number;
  readonly clock?: () => number;
}

interface Entry extends TokenizedRecord {
  readonly position: bigint;
}

const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** An in-memory LogStore: the reference implementation and a test fake. Records sorted by position, oldest first. */
export class MemoryLogStore implements LogStore {
  private entries: Entry[] = [];
  private readonly ids = new Set<string>();
  private readonly retentionMs: number;
  private readonly clock: () => number;
  private open_ = true;

  constructor(opts: MemoryLogStoreOptions = {}) {
    this.retentionMs = opts.retentionMs ?? DEFAULT_RETENTION_MS;
    this.clock = opts.clock ?? Date.now;
  }

  async append(records: readonly LogRecord[]): Promise<LogAppendResult> {
    this.assertOpen();
    let accepted = 0;
    const duplicateIndexes: number[] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (this.ids.has(r.id)) {
        duplicateIndexes.push(i);
        continue;
      }
      const timestamp = Math.trunc(r.timestamp);
      const position = this.nextPosition(timestamp);
      const record = copyRecord(r, timestamp);
      this.insertSorted({ position, record, words: textTokens(record.message) });
      this.ids.add(r.id);
      accepted++;
    }
    return { accepted, duplicates: duplicateIndexes.length, duplicateIndexes };
  }

  async search(req: LogSearchRequest): Promise<LogSearchResult> {
    this.assertOpen();
    const low = firstPositionAt(Math.max(0, req.start));
    let high = lastPositionAt(Math.max(0, req.end));
    if (req.cursor !== undefined) {
      const c = decodeLogCursor(req.cursor) - 1n;
      if (c < high) high = c;
    }
    const out: Entry[] = [];
    for (let i = this.upperIndex(high) - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e.position < low) break;
      if (!matchesLogQuery(req.query, e)) continue;
      if (out.length === req.limit) {
        return { records: out.map((x) => x.record), nextCursor: encodeLogCursor(out[out.length - 1].position) };
      }
      out.push(e);
    }
    return { records: out.map((x) => x.record), nextCursor: null };
  }

  async volume(req: LogVolumeRequest): Promise<LogVolumeResult> {
    this.assertOpen();
    const buckets = volumeBucketCount(req);
    const counts = new Map<LogRecordLevel, number[]>();
    for (const e of this.entries) {
      const t = e.record.timestamp;
      if (t < req.start || t > req.end || !matchesLogQuery(req.query, e)) continue;
      let c = counts.get(e.record.level);
      if (c === undefined) counts.set(e.record.level, (c = new Array<number>(buckets).fill(0)));
      c[Math.floor((t - req.start) / req.stepMs)]++;
    }
    return { series: LOG_RECORD_LEVELS.filter((l) => counts.has(l)).map((level) => ({ level, counts: counts.get(level) ?? [] })) };
  }

  async enforceRetention(): Promise<number> {
    this.assertOpen();
    const cutoff = this.clock() - this.retentionMs;
    const keep = this.entries.filter((e) => e.record.timestamp >= cutoff);
    const deleted = this.entries.length - keep.length;
    for (const e of this.entries) if (e.record.timestamp < cutoff) this.ids.delete(e.record.id);
    this.entries = keep;
    return deleted;
  }

  isOpen(): boolean {
    return this.open_;
  }

  async stats(): Promise<LogStoreStats> {
    return { records: this.entries.length, diskBytes: 0, oldestTimestamp: this.entries[0]?.record.timestamp ?? null };
  }

  async close(): Promise<void> {
    this.open_ = false;
  }

  private nextPosition(timestamp: number): bigint {
    const last = this.entries[this.upperIndex(lastPositionAt(timestamp)) - 1];
    const first = firstPositionAt(timestamp);
    if (last === undefined || last.position < first) return first;
    const next = last.position + 1n;
    if (next - first >= BigInt(POSITIONS_PER_MS)) {
      throw new AppError('bad_data', `more than ${POSITIONS_PER_MS} log records with timestamp ${timestamp}`);
    }
    return positionOf(timestamp, Number(next - first));
  }

  /** Index of the first entry whose position is above `position`. */
  private upperIndex(position: bigint): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid].position <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertSorted(e: Entry): void {
    const i = this.upperIndex(e.position);
    if (i === this.entries.length) this.entries.push(e);
    else this.entries.splice(i, 0, e);
  }

  private assertOpen(): void {
    if (!this.open_) throw new AppError('unavailable', 'log store is closed');
  }
}

/** The stored copy: known fields only (unknown properties are dropped), timestamp truncated to the ms. */
export function copyRecord(r: LogRecord, timestamp: number): LogRecord {
  const out: { -readonly [K in keyof LogRecord]: LogRecord[K] } = { id: r.id, timestamp, level: r.level, message: r.message };
  if (r.service !== undefined) out.service = r.service;
  if (r.host !== undefined) out.host = r.host;
  if (r.traceId !== undefined) out.traceId = r.traceId;
  if (r.spanId !== undefined) out.spanId = r.spanId;
  if (r.attributes !== undefined && Object.keys(r.attributes).length > 0) out.attributes = { ...r.attributes };
  return out;
}
