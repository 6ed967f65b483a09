import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import pino from 'pino';
import { AppError } from '../../errors/app-error.js';
import { LOG_RECORD_LEVELS, MAX_LOG_TIMESTAMP_MS, type LogRecord, type LogRecordLevel } from '../log-record.js';
import { decodeLogCursor, encodeLogCursor, firstPositionAt, lastPositionAt } from '../log-position.js';
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
import { compileLogQuery } from './compile-log-query.js';
import { toLogRecord } from './log-row.js';
import { openLogDatabase } from './log-schema.js';
import { searchRange, searchTextWithIndex, type SearchTuning } from './log-search-plans.js';
import { InlineLogWriter, type LogWriterPort } from './log-writer-port.js';
import { LogWriterThread } from './log-writer-thread.js';
import { StatementCache } from './statement-cache.js';

export interface SqliteLogStoreOptions {
  readonly dataDir: string;
  /** Records older than this (by timestamp) are deleted. Default 7 days. */
  readonly retentionMs?: number;
  /** SQLite `synchronous` level. Default 'full'. */
  readonly sync?: 'full' | 'normal';
  readonly clock?: () => number;
  readonly logger?: pino.Logger;
  /** Period of the retention timer; 0 disables it. Default 60 s. */
  readonly retentionIntervalMs?: number;
  /** Rows deleted per retention transaction (the event loop runs between them). Default 2,000. */
  readonly retentionBatchRows?: number;
  /** Text matches a text + level/service search reads row by row before it may switch plans. Default 2,000 (tests set it low). */
  readonly searchCandidates?: number;
  /** Row reads past which such a search probes the field's index instead (see searchTextWithIndex). Default 20,000. */
  readonly planSwitchReads?: number;
  /**
   * Where appends and retention deletes run: 'thread' (default) on a worker thread with its own connection, so the
   * event loop parses and answers searches meanwhile; 'inline' on the caller's thread.
   */
  readonly writer?: 'thread' | 'inline';
}

/** The database file inside the data directory. */
export const LOG_DB_FILE = 'logs.db';

const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;
const DEFAULT_RETENTION_INTERVAL_MS = 60_000;
const DEFAULT_RETENTION_BATCH = 2_000;
/** Text matches read row by row before a text + level/service search considers walking the field's index instead. */
const DEFAULT_SEARCH_CANDIDATES = 2_000;
/** Row reads past which a text + level/service search probes the field's index for every remaining text match. */
const DEFAULT_PLAN_SWITCH_READS = 20_000;
/** Longest stretch a volume query holds the event loop before yielding, in ms. */
const VOLUME_SLICE_MS = 10;

/**
 * The embedded LogStore: SQLite (better-sqlite3, WAL) in `<dataDir>/logs.db`, an FTS5 index over messages and
 * attributes, records keyed by position (timestamp + arrival order) so newest-first searches walk an index
 * backwards and stop at the limit. Retention deletes old records in small transactions on a timer.
 */
export class SqliteLogStore implements LogStore {
  private readonly log: pino.Logger;
  private readonly clock: () => number;
  private readonly retentionMs: number;
  private readonly retentionBatch: number;
  private readonly tuning: SearchTuning;
  private readonly dbFile: string;
  private readonly timer: NodeJS.Timeout | undefined;
  private open_ = true;
  private records = 0;
  private retentionRunning: Promise<number> | undefined;
  private readonly statements: StatementCache;
  private readonly writer: LogWriterPort;

  static open(opts: SqliteLogStoreOptions): SqliteLogStore {
    if (!opts.dataDir) throw new AppError('internal', 'SqliteLogStore: dataDir is required');
    for (const k of ['retentionMs', 'retentionIntervalMs', 'retentionBatchRows'] as const) {
      const v = opts[k];
      if (v !== undefined && (!Number.isFinite(v) || v < 0 || (k !== 'retentionIntervalMs' && v === 0))) {
        throw new AppError('internal', `SqliteLogStore: ${k} must be a positive number, got ${v}`);
      }
    }
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const file = path.join(opts.dataDir, LOG_DB_FILE);
    const db = openLogDatabase(file, opts.sync ?? 'full');
    try {
      return new SqliteLogStore(db, file, opts);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private constructor(
    private readonly db: Database.Database,
    file: string,
    opts: SqliteLogStoreOptions,
  ) {
    this.dbFile = file;
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'sqlite-log-store' });
    this.clock = opts.clock ?? Date.now;
    this.retentionMs = opts.retentionMs ?? DEFAULT_RETENTION_MS;
    this.retentionBatch = opts.retentionBatchRows ?? DEFAULT_RETENTION_BATCH;
    this.tuning = {
      searchCandidates: Math.max(1, Math.trunc(opts.searchCandidates ?? DEFAULT_SEARCH_CANDIDATES)),
      planSwitchReads: Math.max(1, Math.trunc(opts.planSwitchReads ?? DEFAULT_PLAN_SWITCH_READS)),
    };
    this.statements = new StatementCache(db);
    const sync = opts.sync ?? 'full';
    this.writer = opts.writer === 'inline' ? new InlineLogWriter(file, sync) : new LogWriterThread({ file, sync }, this.log);

    const started = performance.now();
    this.records = db.prepare('SELECT count(*) FROM logs').pluck().get() as number;
    this.log.info({ records: this.records, ms: Math.round(performance.now() - started), file }, 'log store opened');

    const interval = opts.retentionIntervalMs ?? DEFAULT_RETENTION_INTERVAL_MS;
    if (interval > 0) {
      this.timer = setInterval(() => {
        this.enforceRetention().catch((err: unknown) => this.log.error({ err }, 'log retention failed'));
      }, interval);
      this.timer.unref();
    }
  }

  async append(records: readonly LogRecord[]): Promise<LogAppendResult> {
    this.assertOpen();
    if (records.length === 0) return { accepted: 0, duplicates: 0, duplicateIndexes: [] };
    const result = await this.writer.append(records);
    this.records += result.accepted;
    return result;
  }

  async search(req: LogSearchRequest): Promise<LogSearchResult> {
    this.assertOpen();
    const low = firstPositionAt(clampTime(req.start));
    let high = lastPositionAt(clampTime(req.end));
    if (req.cursor !== undefined) {
      const c = decodeLogCursor(req.cursor) - 1n;
      if (c < high) high = c;
    }
    if (high < low) return { records: [], nextCursor: null };
    const q = compileLogQuery(req.query);
    const rows =
      q.match !== undefined && q.indexed.length > 0
        ? searchTextWithIndex(this.statements, q, low, high, req.limit + 1, this.tuning)
        : searchRange(this.statements, q, low, high, req.limit + 1);
    const more = rows.length > req.limit;
    if (more) rows.length = req.limit;
    return { records: rows.map(toLogRecord), nextCursor: more ? encodeLogCursor(rows[rows.length - 1][0]) : null };
  }

  /**
   * Counts bucket by bucket (one small query per bucket, and per level without text: a count over the level index
   * range, no sort), yielding to the event loop every few milliseconds so a long range does not stall other requests.
   */
  async volume(req: LogVolumeRequest): Promise<LogVolumeResult> {
    this.assertOpen();
    const start = clampTime(req.start);
    const end = clampTime(req.end);
    if (end < start) return { series: [] };
    const buckets = volumeBucketCount(req);
    const q = compileLogQuery(req.query);
    const counts = new Map<LogRecordLevel, number[]>();
    const add = (level: LogRecordLevel, bucket: number, n: number): void => {
      if (n === 0) return;
      let c = counts.get(level);
      if (c === undefined) counts.set(level, (c = new Array<number>(buckets).fill(0)));
      c[bucket] += n;
    };
    const byText =
      q.match !== undefined
        ? this.statements.get(
            `SELECT l.level, count(*) FROM logs_fts f CROSS JOIN logs l ON l.pos = f.rowid WHERE logs_fts MATCH ? AND f.rowid BETWEEN ? AND ? AND ${q.where} GROUP BY l.level`,
            false,
          )
        : undefined;
    const byLevel = this.statements.get(`SELECT count(*) FROM logs l WHERE l.level = ? AND l.pos BETWEEN ? AND ? AND ${q.where}`, false);
    let sliceStarted = performance.now();
    for (let b = 0; b < buckets; b++) {
      const bucketStart = req.start + b * req.stepMs;
      const low = firstPositionAt(clampTime(Math.max(start, bucketStart)));
      const high = lastPositionAt(clampTime(Math.min(end, Math.ceil(bucketStart + req.stepMs) - 1)));
      if (high < low) continue;
      if (byText !== undefined) {
        for (const [level, n] of byText.all(q.match, low, high, ...q.params) as Array<[LogRecordLevel, number]>) add(level, b, n);
      } else {
        for (const level of LOG_RECORD_LEVELS) add(level, b, (byLevel.all(level, low, high, ...q.params) as Array<[number]>)[0][0]);
      }
      if (performance.now() - sliceStarted > VOLUME_SLICE_MS) {
        await yieldToEventLoop();
        this.assertOpen();
        sliceStarted = performance.now();
      }
    }
    return { series: LOG_RECORD_LEVELS.filter((l) => counts.has(l)).map((level) => ({ level, counts: counts.get(level) ?? [] })) };
  }

  /**
   * Deletes records older than the retention period, `retentionBatchRows` per transaction, yielding to the
   * event loop between transactions. Concurrent calls share one run.
   */
  enforceRetention(): Promise<number> {
    this.assertOpen();
    this.retentionRunning ??= this.runRetention().finally(() => {
      this.retentionRunning = undefined;
    });
    return this.retentionRunning;
  }

  private async runRetention(): Promise<number> {
    const cutoffMs = this.clock() - this.retentionMs;
    if (cutoffMs <= 0) return 0;
    const cutoff = firstPositionAt(Math.min(cutoffMs, MAX_LOG_TIMESTAMP_MS));
    let deleted = 0;
    const started = performance.now();
    while (this.open_) {
      const n = await this.writer.deleteBefore(cutoff, this.retentionBatch);
      deleted += n;
      this.records -= n;
      if (n < this.retentionBatch) break;
      await yieldToEventLoop();
    }
    if (deleted > 0) {
      this.log.info({ deleted, cutoff: new Date(cutoffMs).toISOString(), ms: Math.round(performance.now() - started) }, 'log retention');
    }
    return deleted;
  }

  isOpen(): boolean {
    return this.open_;
  }

  async stats(): Promise<LogStoreStats> {
    this.assertOpen();
    const oldest = this.db.prepare('SELECT pos >> 20 FROM logs ORDER BY pos LIMIT 1').pluck().get() as number | undefined;
    let diskBytes = 0;
    for (const f of [this.dbFile, `${this.dbFile}-wal`]) {
      try {
        diskBytes += fs.statSync(f).size;
      } catch {
        // no WAL file right now
      }
    }
    return { records: this.records, diskBytes, oldestTimestamp: oldest ?? null };
  }

  async close(): Promise<void> {
    if (!this.open_) return;
    this.open_ = false;
    if (this.timer) clearInterval(this.timer);
    await this.retentionRunning?.catch(() => undefined);
    await this.writer.close();
    this.statements.clear();
    this.db.close();
    this.log.info('log store closed');
  }

  private assertOpen(): void {
    if (!this.open_) throw new AppError('unavailable', 'log store is closed');
  }
}

function clampTime(ms: number): number {
  return Math.min(Math.max(0, Math.trunc(ms)), MAX_LOG_TIMESTAMP_MS);
}

