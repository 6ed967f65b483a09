/** Normalised severity of a log record (lower case; `unknown` when the line carries none). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/**
 * One log record as the collector ships it to `POST /api/v1/logs` (body `{"records": LogRecord[]}`).
 * This is the wire contract with the api's log store; the api validates it with a schema of its own.
 */
export interface LogRecord {
  /**
   * Stable id of the record at its source, so a re-sent batch is stored once (the api ignores an id it already
   * has). The file tailer derives it from the file's identity and the line's byte offset.
   */
  readonly id: string;
  /** Unix milliseconds. */
  readonly timestamp: number;
  readonly level: LogLevelName;
  readonly message: string;
  readonly service?: string;
  readonly host?: string;
  readonly traceId?: string;
  readonly spanId?: string;
  /** Every other field, flattened with dots (`http.status_code`), values as strings. */
  readonly attributes?: Readonly<Record<string, string>>;
}
