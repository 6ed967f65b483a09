import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import pino from 'pino';
import { AppError } from '../../errors/app-error.js';
import { labelsKey, type Labels } from '../labels.js';
import type { LabelMatcher } from '../label-matcher.js';
import type { MetricStore, MetricStoreStats, Sample, SeriesSamples, TimeRange } from '../metric-store.js';
import { decodeChunk } from '../chunk/xor-chunk.js';
import {
  allocateHeadBatch,
  decodeHeadBatch,
  decodeHeadCheckpoint,
  encodeHeadCheckpoint,
  HEAD_KIND_BATCH,
  HEAD_KIND_CHECKPOINT,
  type SeriesChunk,
} from './head-record.js';
import { planHeadRewrite } from './head-rewrite-plan.js';
import { lowerBound, upperBound } from './sample-merge.js';
import { openMetricsDatabase } from './schema.js';
import { newSeriesEntry, SeriesIndex, type SeriesEntry } from './series-index.js';
import { planSeriesRead, readPlannedSeries, SampleSlabs, type ChunkRow, type SeriesReadPlan } from './series-read.js';

export interface SqliteMetricStoreOptions {
  dataDir: string;
  /** Samples older than this are dropped (chunk granularity). Default 15 days. */
  retentionMs?: number;
  /** Width of the time blocks closed into chunks. Default 2 h. */
  blockDurationMs?: number;
  /** SQLite `synchronous` level. Default 'full'. */
  sync?: 'full' | 'normal';
  /** Current time in ms, for retention. Default Date.now. */
  clock?: () => number;
  logger?: pino.Logger;
  /** Period of the compaction + retention timer; 0 disables the timer. Default 60 s. */
  maintenanceIntervalMs?: number;
}

const DEFAULT_RETENTION_MS = 15 * 24 * 3600 * 1000;
const DEFAULT_BLOCK_MS = 2 * 3600 * 1000;
const DEFAULT_MAINTENANCE_MS = 60_000;
/** Raw head rows beyond this many bytes get folded into a compressed checkpoint at the next compaction. */
const HEAD_CHECKPOINT_BYTES = 32 * 1024 * 1024;
/** Upper bound of one checkpoint row. */
const CHECKPOINT_ROW_BYTES = 8 * 1024 * 1024;

/**
 * The embedded MetricStore: SQLite (better-sqlite3, WAL) in `<dataDir>/metrics.db`, laid out like
 * Prometheus's TSDB. Recent samples live in an in-memory head, made durable by one `head` row per
 * append batch; once the head spans 1.5 blocks, the oldest block is closed into one Gorilla-compressed
 * chunk row per series and the head rows are replaced by a compressed checkpoint.
 */
export class SqliteMetricStore implements MetricStore {
  private readonly index = new SeriesIndex();
  /** The ingest layer reuses frozen Labels objects, so most lookups skip building the key. */
  private readonly byLabels = new WeakMap<Labels, SeriesEntry>();
  private readonly log: pino.Logger;
  private readonly clock: () => number;
  private readonly retentionMs: number;
  private readonly blockMs: number;
  private readonly dbFile: string;
  private timer: NodeJS.Timeout | undefined;
  private open_ = true;
  private nextSeriesId = 1;
  private headSamples = 0;
  private headMinT = Infinity;
  private headMaxT = -Infinity;
  private blockSamples = 0;
  private rawHeadBytes = 0;

  private readonly stmts: {
    insertSeries: Database.Statement<[number, string, string]>;
    insertHead: Database.Statement<[number, Buffer]>;
    deleteHead: Database.Statement<[]>;
    insertChunk: Database.Statement<[number, number, number, number, Uint8Array]>;
    selectChunks: Database.Statement<[number, number, number], ChunkRow>;
    deleteOldChunks: Database.Statement<[number]>;
    deleteSeries: Database.Statement<[number]>;
  };
  private readonly appendTx: (created: readonly SeriesEntry[], blob: Buffer) => void;

  static open(opts: SqliteMetricStoreOptions): SqliteMetricStore {
    if (!opts.dataDir) throw new AppError('internal', 'SqliteMetricStore: dataDir is required');
    for (const k of ['retentionMs', 'blockDurationMs', 'maintenanceIntervalMs'] as const) {
      const v = opts[k];
      if (v !== undefined && (!Number.isFinite(v) || v < 0 || (k !== 'maintenanceIntervalMs' && v === 0))) {
        throw new AppError('internal', `SqliteMetricStore: ${k} must be a positive number of milliseconds, got ${v}`);
      }
    }
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const file = path.join(opts.dataDir, 'metrics.db');
    const db = openMetricsDatabase(file, opts.sync ?? 'full');
    try {
      return new SqliteMetricStore(db, file, opts);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private constructor(
    private readonly db: Database.Database,
    file: string,
    opts: SqliteMetricStoreOptions,
  ) {
    this.dbFile = file;
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'sqlite-metric-store' });
    this.clock = opts.clock ?? Date.now;
    this.retentionMs = opts.retentionMs ?? DEFAULT_RETENTION_MS;
    this.blockMs = opts.blockDurationMs ?? DEFAULT_BLOCK_MS;
    this.stmts = {
      insertSeries: db.prepare('INSERT INTO series (id, key, labels) VALUES (?, ?, ?)'),
      insertHead: db.prepare('INSERT INTO head (kind, data) VALUES (?, ?)'),
      deleteHead: db.prepare('DELETE FROM head'),
      insertChunk: db.prepare('INSERT INTO chunks (series_id, min_t, max_t, num_samples, data) VALUES (?, ?, ?, ?, ?)'),
      selectChunks: db
        .prepare<[number, number, number], ChunkRow>(
          'SELECT min_t, max_t, num_samples, data FROM chunks WHERE series_id = ? AND max_t >= ? AND min_t <= ? ORDER BY id',
        )
        .raw(true),
      deleteOldChunks: db.prepare('DELETE FROM chunks WHERE max_t < ?'),
      deleteSeries: db.prepare('DELETE FROM series WHERE id = ?'),
    };
    this.appendTx = db.transaction((created: readonly SeriesEntry[], blob: Buffer) => {
      for (const e of created) this.stmts.insertSeries.run(e.id, e.key, JSON.stringify(e.labels));
      this.stmts.insertHead.run(HEAD_KIND_BATCH, blob);
    });

    const started = performance.now();
    this.loadSeries();
    this.loadChunkSpans();
    this.replayHead();
    this.enforceRetention();
    this.log.info(
      { series: this.index.size, headSamples: this.headSamples, blockSamples: this.blockSamples, ms: Math.round(performance.now() - started) },
      'metric store opened',
    );

    const interval = opts.maintenanceIntervalMs ?? DEFAULT_MAINTENANCE_MS;
    if (interval > 0) {
      this.timer = setInterval(() => this.maintain(), interval);
      this.timer.unref();
    }
  }

  async append(samples: readonly Sample[]): Promise<void> {
    this.assertOpen();
    const n = samples.length;
    if (n === 0) return;
    const batch = allocateHeadBatch(n);
    const { timestamps: ts, values: vs, seriesIds: ids } = batch;
    const entries = new Array<SeriesEntry>(n);
    const created: SeriesEntry[] = [];
    for (let i = 0; i < n; i++) {
      const s = samples[i];
      let e = this.byLabels.get(s.labels);
      if (e === undefined || e.deleted) e = this.resolve(s.labels, created);
      const t = s.timestamp;
      if (typeof t !== 'number' || !Number.isFinite(t)) {
        this.forget(created);
        throw new AppError('bad_data', `sample ${i} has an invalid timestamp: ${String(t)}`);
      }
      entries[i] = e;
      ids[i] = e.id;
      ts[i] = t;
      vs[i] = s.value;
    }
    try {
      this.appendTx(created, batch.bytes);
    } catch (err) {
      this.forget(created);
      throw new AppError('unavailable', 'metric store write failed', { cause: err });
    }
    this.rawHeadBytes += batch.bytes.length;
    let added = 0;
    let minT = this.headMinT;
    let maxT = this.headMaxT;
    for (let i = 0; i < n; i++) {
      const t = ts[i];
      added += entries[i].head.add(t, vs[i]);
      if (t < minT) minT = t;
      if (t > maxT) maxT = t;
    }
    this.headSamples += added;
    this.headMinT = minT;
    this.headMaxT = maxT;
  }

  async select(matchers: readonly LabelMatcher[], range: TimeRange): Promise<SeriesSamples[]> {
    this.assertOpen();
    const { start, end } = range;
    const plans: SeriesReadPlan[] = [];
    let total = 0;
    for (const e of this.index.match(matchers)) {
      const rows = e.chunkMaxT >= start && e.chunkMinT <= end ? this.stmts.selectChunks.all(e.id, start, end) : [];
      const plan = planSeriesRead(e, rows, start, end);
      if (!plan) continue;
      plans.push(plan);
      total += plan.total;
    }
    plans.sort((a, b) => (a.entry.key < b.entry.key ? -1 : a.entry.key > b.entry.key ? 1 : 0));
    const slabs = new SampleSlabs(total);
    const out: SeriesSamples[] = [];
    for (const plan of plans) {
      const data = readPlannedSeries(plan, slabs, start, end);
      if (data) out.push({ labels: plan.entry.labels, timestamps: data.timestamps, values: data.values });
    }
    return out;
  }

  async series(matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<Labels[]> {
    this.assertOpen();
    return this.matchingSeries(matcherSets, range).map((e) => e.labels);
  }

  async labelNames(matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<string[]> {
    this.assertOpen();
    const names = new Set<string>();
    for (const e of this.matchingSeries(matcherSets, range)) for (const n of Object.keys(e.labels)) names.add(n);
    return [...names].sort();
  }

  async labelValues(name: string, matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): Promise<string[]> {
    this.assertOpen();
    const values = new Set<string>();
    for (const e of this.matchingSeries(matcherSets, range)) {
      const v = e.labels[name];
      if (v !== undefined) values.add(v);
    }
    return [...values].sort();
  }

  isOpen(): boolean {
    return this.open_;
  }

  async stats(): Promise<MetricStoreStats> {
    this.assertOpen();
    return { series: this.index.size, headSamples: this.headSamples, blockSamples: this.blockSamples, diskBytes: this.diskBytes() };
  }

  async close(): Promise<void> {
    if (!this.open_) return;
    this.open_ = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    try {
      // Leave the head compressed at rest: smaller files and a faster next open.
      if (this.rawHeadBytes > 0) this.rewriteHead(undefined);
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
    this.log.info('metric store closed');
  }

  /**
   * Closes every block that is due: when the head spans more than 1.5 blocks, the samples of the
   * oldest whole block(s) become one chunk per series, and the head rows are replaced by a compressed
   * checkpoint of what stays in the head. Also checkpoints the head when its raw rows grew large.
   */
  compact(): void {
    this.assertOpen();
    if (this.headSamples === 0) return;
    const D = this.blockMs;
    const boundary = Math.floor((this.headMaxT - D / 2) / D) * D;
    if (this.headMinT < boundary) this.rewriteHead(boundary);
    else if (this.rawHeadBytes >= HEAD_CHECKPOINT_BYTES) this.rewriteHead(undefined);
  }

  /**
   * Moves head samples before `closeBefore` (if given) into chunks, one per series per block, and
   * replaces all head rows by a compressed checkpoint of the samples staying in the head, in one
   * transaction; then returns the freed space.
   */
  private rewriteHead(closeBefore: number | undefined): void {
    const started = performance.now();
    const { chunks, cuts, rest } = planHeadRewrite(this.index.all(), this.blockMs, closeBefore);
    this.db.transaction(() => {
      for (const c of chunks) this.stmts.insertChunk.run(c.entry.id, c.minT, c.maxT, c.count, c.data);
      this.stmts.deleteHead.run();
      let row: SeriesChunk[] = [];
      let rowBytes = 0;
      for (const part of rest) {
        row.push(part);
        rowBytes += part.data.length + 8;
        if (rowBytes >= CHECKPOINT_ROW_BYTES) {
          this.stmts.insertHead.run(HEAD_KIND_CHECKPOINT, encodeHeadCheckpoint(row));
          row = [];
          rowBytes = 0;
        }
      }
      if (row.length > 0) this.stmts.insertHead.run(HEAD_KIND_CHECKPOINT, encodeHeadCheckpoint(row));
    })();

    let moved = 0;
    for (const c of chunks) {
      if (c.minT < c.entry.chunkMinT) c.entry.chunkMinT = c.minT;
      if (c.maxT > c.entry.chunkMaxT) c.entry.chunkMaxT = c.maxT;
      moved += c.count;
    }
    for (const [e, k] of cuts) e.head.dropFirst(k);
    this.blockSamples += moved;
    this.headSamples -= moved;
    this.rawHeadBytes = 0;
    if (moved > 0) this.recomputeHeadSpan();
    this.reclaimSpace();
    this.log.info(
      { chunks: chunks.length, samples: moved, closedBefore: closeBefore ?? null, headSamples: this.headSamples, ms: Math.round(performance.now() - started) },
      closeBefore === undefined ? 'head checkpointed' : 'blocks closed',
    );
  }

  /** Drops chunks whose newest sample is older than the retention, old head samples, then series left without data. */
  enforceRetention(): void {
    this.assertOpen();
    const cutoff = this.clock() - this.retentionMs;
    const deletedChunks = this.stmts.deleteOldChunks.run(cutoff).changes;
    let droppedHead = 0;
    for (const e of this.index.all()) {
      const h = e.head;
      if (h.length > 0 && h.timestamps[0] < cutoff) {
        const k = h.lowerBound(cutoff);
        h.dropFirst(k);
        droppedHead += k;
      }
    }
    if (droppedHead > 0) {
      this.headSamples -= droppedHead;
      this.recomputeHeadSpan();
    }
    if (deletedChunks > 0) this.loadChunkSpans();
    const empty: SeriesEntry[] = [];
    for (const e of this.index.all()) if (e.head.length === 0 && e.chunkMaxT === -Infinity) empty.push(e);
    if (empty.length > 0) {
      this.db.transaction(() => {
        for (const e of empty) this.stmts.deleteSeries.run(e.id);
      })();
      for (const e of empty) {
        this.index.remove(e);
        e.deleted = true;
      }
    }
    if (deletedChunks > 0 || empty.length > 0) {
      this.reclaimSpace();
      this.log.info({ cutoff, deletedChunks, droppedHeadSamples: droppedHead, deletedSeries: empty.length }, 'retention enforced');
    }
  }

  private maintain(): void {
    if (!this.open_) return;
    try {
      this.compact();
      this.enforceRetention();
    } catch (err) {
      this.log.error({ err }, 'metric store maintenance failed');
    }
  }

  private resolve(labels: Labels, created: SeriesEntry[]): SeriesEntry {
    const key = labelsKey(labels);
    let e = this.index.getByKey(key);
    if (e === undefined) {
      e = newSeriesEntry(this.nextSeriesId++, labels, key);
      this.index.add(e);
      created.push(e);
    }
    this.byLabels.set(labels, e);
    return e;
  }

  /** Undoes the series registered by an append whose transaction did not commit. */
  private forget(created: readonly SeriesEntry[]): void {
    for (const e of created) {
      this.index.remove(e);
      e.deleted = true;
    }
  }

  private hasDataIn(e: SeriesEntry, start: number, end: number): boolean {
    const h = e.head;
    if (h.length > 0 && h.maxTime >= start && h.minTime <= end && h.upperBound(end) > h.lowerBound(start)) return true;
    if (e.chunkMaxT < start || e.chunkMinT > end) return false;
    for (const r of this.stmts.selectChunks.all(e.id, start, end)) {
      if (r[0] >= start && r[1] <= end) return true;
      const { timestamps } = decodeChunk(r[3]);
      if (upperBound(timestamps, end) > lowerBound(timestamps, start)) return true;
    }
    return false;
  }

  private matchingSeries(matcherSets: readonly (readonly LabelMatcher[])[], range: TimeRange): SeriesEntry[] {
    const sets = matcherSets.length > 0 ? matcherSets : [[]];
    const seen = new Set<SeriesEntry>();
    const out: SeriesEntry[] = [];
    for (const ms of sets) {
      for (const e of this.index.match(ms)) {
        if (seen.has(e)) continue;
        seen.add(e);
        if (this.hasDataIn(e, range.start, range.end)) out.push(e);
      }
    }
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out;
  }

  private loadSeries(): void {
    const rows = this.db.prepare<[], [number, string, string]>('SELECT id, key, labels FROM series').raw(true).all();
    let maxId = 0;
    for (const [id, key, json] of rows) {
      const labels = Object.freeze(JSON.parse(json) as Record<string, string>);
      this.index.add(newSeriesEntry(id, labels, key));
      if (id > maxId) maxId = id;
    }
    const seq = this.db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'series'").get();
    this.nextSeriesId = Math.max(maxId, seq?.seq ?? 0) + 1;
  }

  private loadChunkSpans(): void {
    for (const e of this.index.all()) {
      e.chunkMinT = Infinity;
      e.chunkMaxT = -Infinity;
    }
    const rows = this.db
      .prepare<[], [number, number, number]>('SELECT series_id, min(min_t), max(max_t) FROM chunks GROUP BY series_id')
      .raw(true)
      .all();
    for (const [id, minT, maxT] of rows) {
      const e = this.index.get(id);
      if (!e) continue;
      e.chunkMinT = minT;
      e.chunkMaxT = maxT;
    }
    const sum = this.db.prepare<[], [number]>('SELECT coalesce(sum(num_samples), 0) FROM chunks').raw(true).get();
    this.blockSamples = sum ? sum[0] : 0;
  }

  private replayHead(): void {
    const cutoff = this.clock() - this.retentionMs;
    let rows = 0;
    const rowsIt = this.db.prepare<[], [number, Buffer]>('SELECT kind, data FROM head ORDER BY id').raw(true).iterate();
    for (const [kind, data] of rowsIt) {
      rows++;
      if (kind === HEAD_KIND_CHECKPOINT) {
        for (const part of decodeHeadCheckpoint(data)) {
          const e = this.index.get(part.seriesId);
          if (!e) continue;
          const { timestamps, values } = decodeChunk(part.data);
          for (let i = 0; i < timestamps.length; i++) if (timestamps[i] >= cutoff) this.headSamples += e.head.add(timestamps[i], values[i]);
        }
      } else {
        this.rawHeadBytes += data.length;
        const { timestamps, values, seriesIds } = decodeHeadBatch(data);
        for (let i = 0; i < timestamps.length; i++) {
          const e = this.index.get(seriesIds[i]);
          if (e && timestamps[i] >= cutoff) this.headSamples += e.head.add(timestamps[i], values[i]);
        }
      }
    }
    this.recomputeHeadSpan();
    this.log.debug({ rows, headSamples: this.headSamples }, 'head replayed');
  }

  private recomputeHeadSpan(): void {
    let minT = Infinity;
    let maxT = -Infinity;
    for (const e of this.index.all()) {
      const h = e.head;
      if (h.length === 0) continue;
      if (h.timestamps[0] < minT) minT = h.timestamps[0];
      if (h.timestamps[h.length - 1] > maxT) maxT = h.timestamps[h.length - 1];
    }
    this.headMinT = minT;
    this.headMaxT = maxT;
  }

  /** Returns freed pages to the file system and truncates the WAL, so disk usage follows live data. */
  private reclaimSpace(): void {
    this.db.exec('PRAGMA incremental_vacuum');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  private diskBytes(): number {
    let total = 0;
    for (const f of [this.dbFile, this.dbFile + '-wal']) {
      try {
        total += fs.statSync(f).size;
      } catch {
        // a missing WAL file is zero bytes
      }
    }
    return total;
  }

  private assertOpen(): void {
    if (!this.open_) throw new AppError('unavailable', 'metric store is closed');
  }
}
