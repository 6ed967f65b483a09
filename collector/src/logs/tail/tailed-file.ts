import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { LogRecord } from '../log-record.js';
import { MultilineJoiner, type JoinedLines } from '../multiline-joiner.js';
import { parseLogLine } from '../parsing/parse-log-line.js';
import { fingerprintMatches, readFingerprint, type Fingerprint } from './file-fingerprint.js';
import type { LogFileConfig } from './log-file-config.js';
import type { FileCheckpoint } from './offset-checkpoint.js';

/** A record read from a file, with what the tailer needs to advance that file's offset once it is acknowledged. */
export interface ReadRecord {
  readonly record: LogRecord;
  readonly file: TailedFile;
  readonly generation: number;
  /** Offset just past the record's last line. */
  readonly end: number;
}

export interface TailedFileInit {
  readonly key: string;
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
  readonly handle: FileHandle;
  readonly config: LogFileConfig;
  readonly hostname: string;
  readonly maxLineBytes: number;
  /** Where reading starts: the acknowledged offset from the checkpoint, 0, or the file's end. */
  readonly offset: number;
  readonly generation: number;
  readonly fingerprint: Fingerprint | undefined;
}

/**
 * One file being tailed, known by device and inode (so it is followed across a rename). Reads complete lines
 * from its offset, joins multi-line records, parses them and hands out records with ids derived from the
 * file's identity and the record's byte offset. A partial last line waits for its newline.
 */
export class TailedFile {
  readonly key: string;
  readonly dev: number;
  readonly ino: number;
  readonly handle: FileHandle;
  readonly config: LogFileConfig;
  path: string;
  fingerprint: Fingerprint | undefined;
  generation: number;
  /** Next byte to read. */
  readOffset: number;
  /** Offset up to which every record was acknowledged by the sink (what the checkpoint saves). */
  ackedOffset: number;
  /** Records handed out and not yet acknowledged. */
  unacked = 0;
  /** False once the file no longer matches any glob (renamed away or deleted): drained, then closed. */
  matched = true;
  /** When the file last grew (or was opened), Unix ms. */
  lastGrowthAt: number;
  private idBase = '';
  private partial: Buffer[] = [];
  private partialLength = 0;
  /** File offset of the first byte of the partial line (kept or skipped). */
  private partialStart = 0;
  /** Bytes of the current line beyond maxLineBytes are skipped (counted in readOffset, not kept). */
  private partialOverflow = false;
  private readonly joiner: MultilineJoiner;
  private out: ReadRecord[] = [];
  private readTime = 0;
  private readonly hostname: string;
  private readonly maxLineBytes: number;

  constructor(
    init: TailedFileInit,
    private readonly now: () => number,
  ) {
    this.key = init.key;
    this.dev = init.dev;
    this.ino = init.ino;
    this.handle = init.handle;
    this.config = init.config;
    this.path = init.path;
    this.fingerprint = init.fingerprint;
    this.generation = init.generation;
    this.readOffset = init.offset;
    this.ackedOffset = init.offset;
    this.lastGrowthAt = now();
    this.hostname = init.hostname;
    this.maxLineBytes = init.maxLineBytes;
    this.joiner = new MultilineJoiner(init.config.multiline, (j) => this.out.push(this.toRecord(j)));
    this.updateIdBase();
  }

  /** Offset of the first byte not yet handed out as (part of) a record. */
  get pendingStart(): number {
    return this.joiner.heldStart ?? (this.hasPartial ? this.partialStart : this.readOffset);
  }

  /**
   * Checks the file against what was read: a file shorter than the read offset, or one whose first line
   * changed, was truncated in place (copytruncate) and is read again from 0 under a new generation.
   * Returns true when that happened.
   */
  async detectTruncation(): Promise<boolean> {
    const size = (await this.handle.stat()).size;
    let truncated = size < this.readOffset;
    if (!truncated && this.fingerprint !== undefined && size > this.readOffset && this.readOffset > 0) {
      truncated = !(await fingerprintMatches(this.handle, this.fingerprint));
    }
    if (!truncated) return false;
    this.joiner.discard();
    this.partial = [];
    this.partialLength = 0;
    this.partialOverflow = false;
    this.readOffset = 0;
    this.ackedOffset = 0;
    this.generation++;
    this.fingerprint = undefined;
    this.updateIdBase();
    return true;
  }

  /**
   * Reads up to `buf.length` bytes at the read offset and returns the records they complete (possibly none).
   * `bytes` is 0 at the end of the file.
   */
  async read(buf: Buffer): Promise<{ bytes: number; records: ReadRecord[] }> {
    if (this.fingerprint === undefined) {
      this.fingerprint = await readFingerprint(this.handle);
      if (this.fingerprint === undefined) return { bytes: 0, records: [] }; // no complete first line yet
      this.updateIdBase();
    }
    const { bytesRead } = await this.handle.read(buf, 0, buf.length, this.readOffset);
    if (bytesRead === 0) return { bytes: 0, records: [] };
    this.lastGrowthAt = this.now();
    this.readTime = this.lastGrowthAt;
    const base = this.readOffset;
    this.readOffset += bytesRead;
    let pos = 0;
    while (pos < bytesRead) {
      const nl = buf.indexOf(0x0a, pos);
      if (nl < 0 || nl >= bytesRead) {
        this.keepPartial(buf.subarray(pos, bytesRead), base + pos);
        break;
      }
      let text: string;
      let start: number;
      if (this.hasPartial) {
        this.keepPartial(buf.subarray(pos, nl), base + pos);
        const joined = Buffer.concat(this.partial, this.partialLength);
        start = this.partialStart;
        text = decodeLine(joined, 0, joined.length);
        this.partial = [];
        this.partialLength = 0;
        this.partialOverflow = false;
      } else {
        start = base + pos;
        text = decodeLine(buf, pos, Math.min(nl, pos + this.maxLineBytes));
      }
      this.joiner.push({ text, start, end: base + nl + 1 }, this.readTime);
      pos = nl + 1;
    }
    return { bytes: bytesRead, records: this.takeRecords() };
  }

  /** Records of a multi-line record held past its timeout. */
  releaseDue(): ReadRecord[] {
    this.joiner.releaseIfDue(this.now());
    return this.takeRecords();
  }

  /** The file is done (rotated away and drained): everything held, and a last line without newline, as records. */
  finish(): ReadRecord[] {
    if (this.hasPartial) {
      const joined = Buffer.concat(this.partial, this.partialLength);
      const start = this.partialStart;
      this.partial = [];
      this.partialLength = 0;
      this.partialOverflow = false;
      this.joiner.push({ text: decodeLine(joined, 0, joined.length), start, end: this.readOffset }, this.now());
    }
    this.joiner.release();
    return this.takeRecords();
  }

  /** What the checkpoint keeps of this file (undefined before its first line is known). */
  checkpoint(): FileCheckpoint | undefined {
    if (this.fingerprint === undefined) return undefined;
    return {
      path: this.path,
      dev: this.dev,
      ino: this.ino,
      fingerprint: this.fingerprint.hash,
      fingerprintLength: this.fingerprint.length,
      generation: this.generation,
      offset: this.ackedOffset,
      updatedAt: this.now(),
    };
  }

  private get hasPartial(): boolean {
    return this.partialLength > 0 || this.partialOverflow;
  }

  private keepPartial(bytes: Buffer, fileOffset: number): void {
    if (!this.hasPartial) this.partialStart = fileOffset;
    const room = this.maxLineBytes - this.partialLength;
    const kept = bytes.length > room ? bytes.subarray(0, Math.max(0, room)) : bytes;
    if (kept.length < bytes.length) this.partialOverflow = true;
    if (kept.length > 0) {
      this.partial.push(Buffer.from(kept));
      this.partialLength += kept.length;
    }
  }

  private takeRecords(): ReadRecord[] {
    const records = this.out;
    this.out = [];
    return records;
  }

  private toRecord(j: JoinedLines): ReadRecord {
    const parsed = parseLogLine(j.lines[0], this.config.format, this.now);
    const attributes = parsed.attributes;
    for (const k in this.config.attributes) if (!(k in attributes)) attributes[k] = this.config.attributes[k];
    attributes['log.file.path'] = this.path;
    let message = parsed.message;
    if (j.lines.length > 1) message = `${message}\n${j.lines.slice(1).join('\n')}`;
    const service = parsed.service ?? this.config.service;
    const record: LogRecord = {
      id: `${this.idBase}-${j.start}`,
      timestamp: parsed.timestamp ?? this.readTime,
      level: parsed.level,
      message,
      ...(service !== undefined ? { service } : {}),
      host: parsed.host ?? this.hostname,
      ...(parsed.traceId !== undefined ? { traceId: parsed.traceId } : {}),
      ...(parsed.spanId !== undefined ? { spanId: parsed.spanId } : {}),
      attributes,
    };
    this.unacked++;
    return { record, file: this, generation: this.generation, end: j.end };
  }

  private updateIdBase(): void {
    const fp = this.fingerprint?.hash ?? '';
    this.idBase = createHash('sha1').update(`${this.hostname}|${this.dev}|${this.ino}|${fp}|${this.generation}`).digest('hex').slice(0, 16);
  }
}

/** A line's text: UTF-8, without a trailing carriage return. */
function decodeLine(buf: Buffer, start: number, end: number): string {
  if (end > start && buf[end - 1] === 0x0d) end--;
  return buf.toString('utf8', start, end);
}
