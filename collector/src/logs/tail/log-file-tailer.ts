import { open, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { glob } from 'tinyglobby';
import type { LogSink } from '../../sinks/log-sink.js';
import type { Clock } from '../../time/clock.js';
import { fingerprintMatches } from './file-fingerprint.js';
import type { LogFileConfig } from './log-file-config.js';
import { fileKey, OffsetCheckpoint, type FileCheckpoint } from './offset-checkpoint.js';
import { TailedFile, type ReadRecord } from './tailed-file.js';

export interface LogFileTailerOptions {
  readonly files: readonly LogFileConfig[];
  /** The offsets file (JSON, replaced atomically). */
  readonly checkpointPath: string;
  /** How often globs are expanded again and files checked for new data. */
  readonly pollIntervalMs: number;
  /** Records per `sink.send`. */
  readonly batchSize: number;
  /** A partial batch is sent after this long. */
  readonly flushIntervalMs: number;
  /** Records read and not yet acknowledged; reading pauses at this bound (a read under way may add one chunk's worth). */
  readonly maxBufferRecords: number;
  /** A file no longer matched (rotated away, deleted) is read until it has not grown for this long, then closed. */
  readonly rotateWaitMs: number;
  /** Longer lines are cut to this many bytes. */
  readonly maxLineBytes: number;
  /** Host of records whose line names none (this machine's hostname). */
  readonly hostname: string;
  readonly sink: LogSink;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Requests to the sink under way at once (default 2). */
  readonly maxRequestsInFlight?: number;
  /** Bytes per read() call (default 1 MiB). */
  readonly readChunkBytes?: number;
}

export interface LogFileTailerStats {
  readonly openFiles: number;
  /** Records read and not yet acknowledged (queued or in the request under way). */
  readonly bufferedRecords: number;
  readonly sentRecords: number;
  readonly sentBatches: number;
}

/** Checkpoint entries of files gone for longer than this are forgotten. */
const FORGET_AFTER_MS = 7 * 86_400_000;
/** At most this many directory entries are looked at to find a file rotated while the collector was down. */
const MAX_RECOVERY_ENTRIES = 2000;

/**
 * Tails the files matching the configured globs and ships their records through a LogSink, at least once:
 *
 * - Files are known by device and inode (plus a fingerprint of their first line, so a reused inode is a new
 *   file). New files are picked up at the next poll. A file renamed away (rotation) is read to its end and
 *   closed once it has not grown for `rotateWaitMs`; the new file at the path is read from its start. A file
 *   that shrinks or whose first line changes (copytruncate) is read again from its start.
 * - Offsets advance only after `sink.send` resolved, and are saved then (atomically) to the checkpoint file,
 *   so a restart resumes after the last acknowledged record; records sent but not yet saved are sent again
 *   with the same ids (`<hash of host, device, inode, fingerprint, generation>-<byte offset>`), which the
 *   api stores once.
 * - At most `maxBufferRecords` records are read ahead of the acknowledgements; while the api is down,
 *   reading pauses and nothing is lost (the lines stay in the files).
 */
export class LogFileTailer {
  private readonly files = new Map<string, TailedFile>();
  /** Saved entries of files not open now (kept so a file seen again resumes, and pruned after a week). */
  private retired = new Map<string, FileCheckpoint>();
  private readonly checkpoint: OffsetCheckpoint;
  private queue: ReadRecord[] = [];
  private readonly stopReading = new AbortController();
  private readonly buf: Buffer;
  private senderWake = new AbortController();
  private roomWaiters: Array<() => void> = [];
  private readerDone = false;
  private reader: Promise<void> | undefined;
  private sender: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;
  private counters = { sentRecords: 0, sentBatches: 0 };
  /** Paths that could not be opened, and files that could not be read: logged once until they work again. */
  private readonly unopenable = new Set<string>();
  private readonly unreadable = new Set<string>();
  private inFlight = 0;
  private readonly log: Logger;

  constructor(private readonly options: LogFileTailerOptions) {
    if (!(options.batchSize >= 1)) throw new RangeError('batchSize must be at least 1');
    if (!(options.maxBufferRecords >= options.batchSize)) throw new RangeError('maxBufferRecords must be at least batchSize');
    if (!(options.pollIntervalMs > 0)) throw new RangeError('pollIntervalMs must be > 0');
    this.checkpoint = new OffsetCheckpoint(options.checkpointPath);
    this.buf = Buffer.allocUnsafe(options.readChunkBytes ?? 1 << 20);
    this.log = options.logger;
  }

  stats(): LogFileTailerStats {
    return { openFiles: this.files.size, bufferedRecords: this.queue.length + this.inFlight, ...this.counters };
  }

  /**
   * Loads the checkpoint and starts reading and sending. A checkpoint that cannot be read is logged and
   * ignored: files are read again from their start, and the api drops the records it already has (same ids).
   */
  async start(): Promise<void> {
    try {
      this.retired = await this.checkpoint.load();
    } catch (err) {
      this.log.error({ err: (err as Error).message, file: this.checkpoint.path }, 'log offsets unreadable: reading files from their start (the api drops records it already has)');
    }
    this.reader = this.readLoop();
    this.sender = this.sendLoop();
  }

  /**
   * Stops reading and sends what was read; resolves once the sender is idle and the offsets are saved. While
   * the api is down this waits: bound it from outside and close the sink, which makes a pending send reject
   * (its records stay unacknowledged and are read again on the next start).
   */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopReading.abort();
      for (const w of this.roomWaiters.splice(0)) w();
      await this.reader;
      this.readerDone = true;
      this.senderWake.abort();
      await this.sender;
      await this.saveCheckpoint();
      for (const f of this.files.values()) await f.handle.close().catch(() => undefined);
      this.files.clear();
    })();
    return this.stopped;
  }

  private async readLoop(): Promise<void> {
    let first = true;
    while (!this.stopReading.signal.aborted) {
      try {
        await this.discover(first);
        if (first) await this.recoverRotated();
        first = false;
        for (const file of [...this.files.values()]) {
          if (this.stopReading.signal.aborted) break;
          await this.pollFile(file);
        }
      } catch (err) {
        this.log.error({ err }, 'log tailer poll failed; trying again');
      }
      await this.options.clock.sleep(this.options.pollIntervalMs, this.stopReading.signal);
    }
  }

  /**
   * Expands the globs: opens files not seen before, notes which open files are no longer matched. `startAt:
   * end` applies to the files there at the first discovery only: a file created later is read from its start.
   */
  private async discover(initial: boolean): Promise<void> {
    const seen = new Set<string>();
    for (const config of this.options.files) {
      const paths = await glob([...config.paths], { absolute: true, onlyFiles: true, dot: true, expandDirectories: false, ignore: [...config.exclude] });
      paths.sort();
      for (const path of paths) {
        let st;
        try {
          st = await stat(path, { bigint: false });
        } catch {
          continue; // gone between glob and stat
        }
        const key = fileKey(st.dev, st.ino);
        if (seen.has(key)) continue;
        seen.add(key);
        const known = this.files.get(key);
        if (known !== undefined) {
          if (known.path !== path) {
            this.log.info({ file: path, previous: known.path }, 'log file renamed; following it');
            known.path = path;
          }
          known.matched = true;
          continue;
        }
        await this.openFile(path, key, config, true, initial);
      }
    }
    for (const [key, file] of this.files) {
      if (!seen.has(key) && file.matched) {
        file.matched = false;
        this.log.info({ file: file.path }, 'log file no longer matched (rotated away or deleted): reading it to its end');
      }
    }
  }

  /**
   * Files of the checkpoint that no glob matches any more were rotated while the collector was down: looks
   * for each in its old directory by device and inode, and reads it to its end.
   */
  private async recoverRotated(): Promise<void> {
    const byDir = new Map<string, FileCheckpoint[]>();
    for (const entry of this.retired.values()) {
      const key = fileKey(entry.dev, entry.ino);
      if (this.files.has(key) || this.options.clock.now() - entry.updatedAt > FORGET_AFTER_MS) continue;
      const dir = dirname(entry.path);
      byDir.set(dir, [...(byDir.get(dir) ?? []), entry]);
    }
    for (const [dir, entries] of byDir) {
      let names: string[];
      try {
        names = (await readdir(dir)).slice(0, MAX_RECOVERY_ENTRIES);
      } catch {
        continue;
      }
      const wanted = new Map(entries.map((e) => [fileKey(e.dev, e.ino), e]));
      for (const name of names) {
        const path = join(dir, name);
        const st = await stat(path).catch(() => undefined);
        if (st === undefined || !st.isFile()) continue;
        const entry = wanted.get(fileKey(st.dev, st.ino));
        if (entry === undefined) continue;
        const config = this.configFor(entry.path);
        if (config === undefined) continue;
        const file = await this.openFile(path, fileKey(st.dev, st.ino), config, false, false);
        if (file !== undefined) this.log.info({ file: path, was: entry.path }, 'log file rotated while the collector was down: reading it to its end');
      }
    }
  }

  private configFor(path: string): LogFileConfig | undefined {
    // The entry's old path matched one of the globs when it was saved; the first config is the best guess
    // when the patterns changed since.
    return this.options.files.find((c) => c.paths.some((p) => dirname(p) === dirname(path))) ?? this.options.files[0];
  }

  private async openFile(path: string, key: string, config: LogFileConfig, matched: boolean, initial: boolean): Promise<TailedFile | undefined> {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      if (!this.unopenable.has(path)) {
        this.unopenable.add(path);
        this.log.warn({ file: path, err: (err as Error).message }, 'cannot open log file; trying again at every poll');
      }
      return undefined;
    }
    if (this.unopenable.delete(path)) this.log.info({ file: path }, 'log file can be opened again');
    const st = await handle.stat();
    if (fileKey(st.dev, st.ino) !== key) {
      await handle.close(); // replaced between stat and open: the next poll sees the new one
      return undefined;
    }
    const saved = this.retired.get(key);
    let offset = 0;
    let generation = 0;
    let fingerprint;
    let how: string;
    if (saved !== undefined) {
      const fp = { hash: saved.fingerprint, length: saved.fingerprintLength };
      if (!(await fingerprintMatches(handle, fp))) {
        how = 'new file on a reused inode: reading from the start';
        generation = saved.generation + 1;
      } else if (st.size < saved.offset) {
        how = 'file shorter than its saved offset (truncated): reading from the start';
        generation = saved.generation + 1;
      } else {
        offset = saved.offset;
        generation = saved.generation;
        fingerprint = fp;
        how = 'resuming at the saved offset';
      }
      this.retired.delete(key);
    } else if (config.startAt === 'end' && initial) {
      offset = st.size;
      how = 'new file: reading new lines from its end';
    } else {
      how = 'new file: reading from the start';
    }
    const file = new TailedFile(
      { key, path, dev: st.dev, ino: st.ino, handle, config, hostname: this.options.hostname, maxLineBytes: this.options.maxLineBytes, offset, generation, fingerprint },
      () => this.options.clock.now(),
    );
    file.matched = matched;
    this.files.set(key, file);
    this.log.info({ file: path, offset }, `tailing log file; ${how}`);
    return file;
  }

  /** Reads a file up to its end (pausing while the buffer is full), then releases held records or closes it. */
  private async pollFile(file: TailedFile): Promise<void> {
    try {
      if (await file.detectTruncation()) {
        this.log.info({ file: file.path }, 'log file truncated (copytruncate): reading it again from the start');
      }
      for (;;) {
        if (this.stopReading.signal.aborted) return;
        if (this.queue.length + this.inFlight >= this.options.maxBufferRecords) {
          await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
          continue;
        }
        const { bytes, records } = await file.read(this.buf);
        this.enqueue(records);
        if (bytes === 0) break;
      }
      this.enqueue(file.releaseDue());
    } catch (err) {
      if (!this.unreadable.has(file.key)) {
        this.unreadable.add(file.key);
        this.log.warn({ file: file.path, err: (err as Error).message }, 'reading log file failed; trying again at every poll');
      }
      return;
    }
    if (this.unreadable.delete(file.key)) this.log.info({ file: file.path }, 'log file readable again');
    if (!file.matched && this.options.clock.now() - file.lastGrowthAt >= this.options.rotateWaitMs) {
      this.enqueue(file.finish());
      if (file.unacked === 0) await this.closeFile(file);
    }
  }

  private async closeFile(file: TailedFile): Promise<void> {
    this.files.delete(file.key);
    const entry = file.checkpoint();
    if (entry !== undefined) this.retired.set(file.key, entry);
    await file.handle.close().catch(() => undefined);
    this.log.info({ file: file.path, offset: file.ackedOffset }, 'log file read to its end and closed');
  }

  private enqueue(records: ReadRecord[]): void {
    if (records.length === 0) return;
    const wasEmpty = this.queue.length === 0;
    for (const r of records) this.queue.push(r);
    if (wasEmpty || this.queue.length >= this.options.batchSize) this.senderWake.abort();
  }

  /**
   * Sends batches of `batchSize` (or what is there after `flushIntervalMs`), up to `maxRequestsInFlight` at
   * a time so reading, encoding and the api's storing overlap; acknowledgements are applied in send order,
   * so a file's offset never passes a record that is not acknowledged yet.
   */
  private async sendLoop(): Promise<void> {
    const { batchSize, flushIntervalMs } = this.options;
    const maxInFlight = this.options.maxRequestsInFlight ?? 2;
    const pending: Array<{ batch: ReadRecord[]; delivered: Promise<boolean> }> = [];
    let closed = false;
    const settleOldest = async (): Promise<void> => {
      const p = pending.shift() as { batch: ReadRecord[]; delivered: Promise<boolean> };
      const ok = await p.delivered;
      this.inFlight -= p.batch.length;
      if (ok && !closed) this.acknowledge(p.batch);
      else closed = true;
      for (const w of this.roomWaiters.splice(0)) w();
    };
    for (;;) {
      if (closed) {
        // Only a closed sink rejects: what is unacknowledged is read again on the next start.
        while (pending.length > 0) await settleOldest();
        this.queue = [];
        return;
      }
      if (this.queue.length === 0) {
        if (pending.length > 0) await settleOldest();
        else if (this.readerDone) return;
        else await this.sleepUntilWoken(undefined);
        continue;
      }
      if (this.queue.length < batchSize && !this.readerDone) {
        if (pending.length > 0) {
          // A request is under way: its round trip is the time more records have to fill the batch.
          await settleOldest();
          continue;
        }
        await this.sleepUntilWoken(flushIntervalMs);
        if (this.queue.length < batchSize && !this.readerDone && this.senderWokenEarly) continue;
      }
      if (pending.length >= maxInFlight) {
        await settleOldest();
        continue;
      }
      const batch = this.queue.splice(0, batchSize);
      this.inFlight += batch.length;
      const delivered = this.options.sink.send(batch.map((r) => r.record)).then(
        () => true,
        (err: unknown) => {
          this.log.warn({ err: (err as Error).message, records: batch.length }, 'log sink closed before acknowledging; offsets not advanced');
          return false;
        },
      );
      pending.push({ batch, delivered });
    }
  }

  private senderWokenEarly = false;

  /** Sleeps `ms` (forever when undefined) or until new records or a stop wake it. */
  private async sleepUntilWoken(ms: number | undefined): Promise<void> {
    if (this.senderWake.signal.aborted) this.senderWake = new AbortController();
    const signal = this.senderWake.signal;
    if (this.readerDone) return;
    if (ms === undefined) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    else await this.options.clock.sleep(ms, signal);
    this.senderWokenEarly = signal.aborted;
    if (signal.aborted) this.senderWake = new AbortController();
  }

  private acknowledge(batch: readonly ReadRecord[]): void {
    for (const r of batch) {
      r.file.unacked--;
      if (r.generation === r.file.generation && r.end > r.file.ackedOffset) r.file.ackedOffset = r.end;
    }
    this.counters.sentRecords += batch.length;
    this.counters.sentBatches++;
    void this.saveCheckpoint();
  }

  /** Saves the offsets; a failure is logged once until a save works again (then records are re-sent after a restart). */
  private async saveCheckpoint(): Promise<void> {
    try {
      await this.writeCheckpoint();
      if (this.checkpointFailing) {
        this.checkpointFailing = false;
        this.log.info({ file: this.checkpoint.path }, 'log offsets saved again');
      }
    } catch (err) {
      if (!this.checkpointFailing) {
        this.checkpointFailing = true;
        this.log.error({ err: (err as Error).message, file: this.checkpoint.path }, 'cannot save log offsets: after a restart, lines since the last save are sent again (stored once by id)');
      }
    }
  }

  private checkpointFailing = false;

  private writeCheckpoint(): Promise<void> {
    const now = this.options.clock.now();
    const entries: FileCheckpoint[] = [];
    for (const f of this.files.values()) {
      const e = f.checkpoint();
      if (e !== undefined) entries.push(e);
    }
    for (const [key, e] of this.retired) {
      if (now - e.updatedAt > FORGET_AFTER_MS) this.retired.delete(key);
      else if (!this.files.has(key)) entries.push(e);
    }
    return this.checkpoint.save(entries);
  }
}
