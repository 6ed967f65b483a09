import type { LogLevelName } from '../log-record.js';

/** What a parser makes of one line (the tailer adds id, file path, defaults and continuation lines). */
export interface ParsedLine {
  /** Unix ms from the line; undefined when the line has none (the tailer uses the read time). */
  readonly timestamp: number | undefined;
  readonly level: LogLevelName;
  readonly message: string;
  readonly service: string | undefined;
  readonly host: string | undefined;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  /** Every other field, flattened with dots, values as strings. */
  readonly attributes: Record<string, string>;
}

/** The formats a `logs.files[]` entry may declare; `auto` tries JSON, then logfmt, then plain. */
export const LOG_FORMATS = ['auto', 'json', 'logfmt', 'plain'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
