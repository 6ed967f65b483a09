import type { LogRecord, LogRecordLevel } from './log-record.js';
import type { LogQuery } from './query/log-query-ast.js';

export interface LogAppendResult {
  /** Records stored by this call. */
  readonly accepted: number;
  /** Records whose id was already stored (or repeated within the call), ignored. */
  readonly duplicates: number;
  /** The indexes (in the call's `records`) of those duplicates, ascending: every other record was stored. */
  readonly duplicateIndexes: readonly number[];
}

export interface LogSearchRequest {
  readonly query: LogQuery;
  /** Inclusive bounds, Unix ms. */
  readonly start: number;
  readonly end: number;
  /** Most records to return (at least 1). */
  readonly limit: number;
  /** The `nextCursor` of a previous page of the same search: continue after its last record. */
  readonly cursor?: string;
}

export interface LogSearchResult {
  /** Newest first (by timestamp; records with equal timestamps newest-stored first). */
  readonly records: LogRecord[];
  /** Opaque; present when more records match. Stable under concurrent appends (no record is repeated or skipped). */
  readonly nextCursor: string | null;
}

export interface LogVolumeRequest {
  readonly query: LogQuery;
  readonly start: number;
  readonly end: number;
  /** Bucket width in ms; buckets start at `start`, `start + stepMs`, ... up to `end`. */
  readonly stepMs: number;
}

export interface LogVolumeSeries {
  readonly level: LogRecordLevel;
  /** One count per bucket (zeros included), bucket i covering [start + i*stepMs, start + (i+1)*stepMs) ∩ [start, end]. */
  readonly counts: number[];
}

export interface LogVolumeResult {
  /** Only the levels with at least one record, in LOG_RECORD_LEVELS order. */
  readonly series: LogVolumeSeries[];
}

export interface LogStoreStats {
  readonly records: number;
  /** Bytes on disk (0 for in-memory stores). */
  readonly diskBytes: number;
  /** Timestamp of the oldest stored record, or null when empty. */
  readonly oldestTimestamp: number | null;
}

/**
 * Where log records are kept and searched: embedded SQLite with FTS5 by default (SqliteLogStore),
 * MemoryLogStore for tests. The search and volume queries take a parsed query (parseLogQuery).
 */
export interface LogStore {
  /** Stores records idempotently by `id`; resolves once they are committed. Records are validated by the caller. */
  append(records: readonly LogRecord[]): Promise<LogAppendResult>;
  search(request: LogSearchRequest): Promise<LogSearchResult>;
  /** Counts of matching records by level per time bucket. */
  volume(request: LogVolumeRequest): Promise<LogVolumeResult>;
  /** Deletes records older than the retention period; resolves with how many were deleted. */
  enforceRetention(): Promise<number>;
  isOpen(): boolean;
  stats(): Promise<LogStoreStats>;
  close(): Promise<void>;
}

/** Buckets a volume request covers: ceil((end - start + 1) / stepMs), at least 1. */
export function volumeBucketCount(req: Pick<LogVolumeRequest, 'start' | 'end' | 'stepMs'>): number {
  return Math.max(1, Math.floor((req.end - req.start) / req.stepMs) + 1);
}
