import type Database from 'better-sqlite3';
import { AppError } from '../../errors/app-error.js';
import { MAX_LOG_TIMESTAMP_MS, type LogRecord } from '../log-record.js';
import { firstPositionAt, lastPositionAt, POSITIONS_PER_MS, positionOf } from '../log-position.js';
import type { LogAppendResult } from '../log-store.js';
import { attributesOf, prefilterText } from './log-row.js';
import { openLogDatabase } from './log-schema.js';

/** Entries kept in the per-millisecond sequence cache before it is cleared. */
const SEQUENCE_CACHE_LIMIT = 100_000;

/**
 * The write side of the SQLite log store, on its own connection: appends (position assignment, the `logs` row and
 * its FTS5 entry, in one transaction per batch) and retention deletes. Single writer: the process that owns
 * the file owns the next sequence number of each millisecond. Runs in the log writer thread
 * (log-writer-worker.ts) or, with `writer: 'inline'`, on the caller's thread.
 */
export class LogWriter {
  /** Highest position stored (-1 when empty): a record of a later millisecond needs no sequence lookup. */
  private maxPosition: bigint;
  /** Next free sequence number per millisecond already written. */
  private readonly nextSequence = new Map<number, number>();
  private readonly stmts: {
    lastAt: Database.Statement<[bigint, bigint]>;
    insert: Database.Statement<unknown[]>;
    insertFts: Database.Statement<[bigint, string, string]>;
    oldest: Database.Statement<[bigint, number]>;
    deleteFts: Database.Statement<[bigint]>;
    deleteUpTo: Database.Statement<[bigint]>;
    maxPos: Database.Statement<[]>;
  };
  private readonly appendTx: (records: readonly LogRecord[]) => LogAppendResult;
  private readonly deleteTx: (cutoff: bigint, batch: number) => number;

  static open(file: string, sync: 'full' | 'normal'): LogWriter {
    const db = openLogDatabase(file, sync);
    try {
      return new LogWriter(db);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private constructor(private readonly db: Database.Database) {
    this.stmts = {
      lastAt: db.prepare<[bigint, bigint]>('SELECT pos FROM logs WHERE pos BETWEEN ? AND ? ORDER BY pos DESC LIMIT 1').pluck().safeIntegers(true),
      insert: db.prepare(
        'INSERT OR IGNORE INTO logs (pos, id, level, message, service, host, trace_id, span_id, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertFts: db.prepare('INSERT INTO logs_fts (rowid, message, attrs) VALUES (?, ?, ?)'),
      oldest: db.prepare<[bigint, number]>('SELECT pos FROM logs WHERE pos < ? ORDER BY pos LIMIT ?').pluck().safeIntegers(true),
      deleteFts: db.prepare('DELETE FROM logs_fts WHERE rowid = ?'),
      deleteUpTo: db.prepare('DELETE FROM logs WHERE pos <= ?'),
      maxPos: db.prepare<[]>('SELECT max(pos) FROM logs').pluck().safeIntegers(true),
    };
    this.maxPosition = this.storedMaxPosition();
    this.appendTx = db.transaction((records: readonly LogRecord[]) => this.insertAll(records));
    this.deleteTx = db.transaction((cutoff: bigint, batch: number) => {
      const positions = this.stmts.oldest.all(cutoff, batch) as bigint[];
      if (positions.length === 0) return 0;
      for (const p of positions) this.stmts.deleteFts.run(p);
      return this.stmts.deleteUpTo.run(positions[positions.length - 1]).changes;
    });
  }

  /** Stores the records not stored before (by id) in one transaction; all or nothing. */
  append(records: readonly LogRecord[]): LogAppendResult {
    if (records.length === 0) return { accepted: 0, duplicates: 0, duplicateIndexes: [] };
    try {
      return this.appendTx(records);
    } catch (err) {
      // The transaction was rolled back: positions handed out in it are free again.
      this.nextSequence.clear();
      this.maxPosition = this.storedMaxPosition();
      if (err instanceof AppError) throw err;
      throw new AppError('unavailable', 'log store write failed', { cause: err });
    }
  }

  /** Deletes up to `batch` of the oldest records positioned before `cutoff`, in one transaction; returns how many. */
  deleteBefore(cutoff: bigint, batch: number): number {
    return this.deleteTx(cutoff, batch);
  }

  close(): void {
    this.db.close();
  }

  private storedMaxPosition(): bigint {
    return (this.stmts.maxPos.get() as bigint | null) ?? -1n;
  }

  private insertAll(records: readonly LogRecord[]): LogAppendResult {
    let accepted = 0;
    const duplicateIndexes: number[] = [];
    if (this.nextSequence.size > SEQUENCE_CACHE_LIMIT) this.nextSequence.clear();
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      const ts = Math.trunc(r.timestamp);
      if (!(ts >= 0 && ts <= MAX_LOG_TIMESTAMP_MS)) throw new AppError('bad_data', `record ${i}: timestamp ${r.timestamp} is out of range`);
      let seq = this.nextSequence.get(ts);
      if (seq === undefined && firstPositionAt(ts) > this.maxPosition) seq = 0;
      if (seq === undefined) {
        const last = this.stmts.lastAt.get(firstPositionAt(ts), lastPositionAt(ts)) as bigint | undefined;
        seq = last === undefined ? 0 : Number(last - firstPositionAt(ts)) + 1;
      }
      if (seq >= POSITIONS_PER_MS) throw new AppError('bad_data', `record ${i}: more than ${POSITIONS_PER_MS} log records with timestamp ${ts}`);
      const pos = positionOf(ts, seq);
      const attrs = attributesOf(r);
      const changes = this.stmts.insert.run(
        pos,
        r.id,
        r.level,
        r.message,
        r.service ?? null,
        r.host ?? null,
        r.traceId ?? null,
        r.spanId ?? null,
        attrs === undefined ? null : JSON.stringify(attrs),
      ).changes;
      if (changes === 0) {
        duplicateIndexes.push(i);
        this.nextSequence.set(ts, seq);
        continue;
      }
      this.stmts.insertFts.run(pos, r.message, prefilterText(r, attrs));
      this.nextSequence.set(ts, seq + 1);
      if (pos > this.maxPosition) this.maxPosition = pos;
      accepted++;
    }
    return { accepted, duplicates: duplicateIndexes.length, duplicateIndexes };
  }
}
