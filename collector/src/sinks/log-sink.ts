import type { LogRecord } from '../logs/log-record.js';

/**
 * Where log records go (the api's `POST /api/v1/logs`). `send` resolves only once the store has acknowledged
 * every record in it, retrying with backoff in between, so a caller (the file tailer) may advance its
 * checkpoint then. It rejects only when the sink is closed before delivery.
 */
export interface LogSink {
  send(records: readonly LogRecord[]): Promise<void>;
  close(): Promise<void>;
}
