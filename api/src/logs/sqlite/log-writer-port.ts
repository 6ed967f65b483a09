import type { LogRecord } from '../log-record.js';
import type { LogAppendResult } from '../log-store.js';
import { LogWriter } from './log-writer.js';

/** How SqliteLogStore reaches its LogWriter: on another thread (LogWriterThread) or on this one (InlineLogWriter). */
export interface LogWriterPort {
  append(records: readonly LogRecord[]): Promise<LogAppendResult>;
  /** Deletes up to `batch` of the oldest records positioned before `cutoff`; resolves to how many. */
  deleteBefore(cutoff: bigint, batch: number): Promise<number>;
  close(): Promise<void>;
}

/** The LogWriter on the caller's thread: each append blocks the event loop for its transaction. */
export class InlineLogWriter implements LogWriterPort {
  private readonly writer: LogWriter;

  constructor(file: string, sync: 'full' | 'normal') {
    this.writer = LogWriter.open(file, sync);
  }

  async append(records: readonly LogRecord[]): Promise<LogAppendResult> {
    return this.writer.append(records);
  }

  async deleteBefore(cutoff: bigint, batch: number): Promise<number> {
    return this.writer.deleteBefore(cutoff, batch);
  }

  async close(): Promise<void> {
    this.writer.close();
  }
}
