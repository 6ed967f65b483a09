import type { ErrorCode } from '../../errors/app-error.js';
import type { LogRecord } from '../log-record.js';

/** What the log writer thread is started with (workerData). */
export interface LogWriterThreadData {
  readonly file: string;
  readonly sync: 'full' | 'normal';
}

/** A request to the log writer thread; answered by a LogWriterReply with the same id. */
export type LogWriterRequest =
  | { readonly id: number; readonly op: 'append'; readonly records: readonly LogRecord[] }
  | { readonly id: number; readonly op: 'delete'; readonly cutoff: bigint; readonly batch: number }
  | { readonly id: number; readonly op: 'close' };

export type LogWriterReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly code: ErrorCode; readonly message: string };
