import { Type, type Static } from '@sinclair/typebox';

/** Normalised severities of a log record, lowest first (`unknown` when the source line carries none). */
export const LOG_RECORD_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'] as const;
export type LogRecordLevel = (typeof LOG_RECORD_LEVELS)[number];

/** A level as a JSON schema (an enum of strings). */
export const LogRecordLevelSchema = Type.Unsafe<LogRecordLevel>({ type: 'string', enum: [...LOG_RECORD_LEVELS] });

/** Largest timestamp the stores accept: 2^43 ms (year 2248); the SQLite store packs it into a 64-bit rowid. */
export const MAX_LOG_TIMESTAMP_MS = 2 ** 43 - 1;

/**
 * One log record, the wire contract with the collector (collector/src/logs/log-record.ts): what
 * `POST /api/v1/logs` takes and what `GET /api/v1/logs` returns. Optional fields are absent, never null.
 * Attribute keys are flattened with dots (`http.status_code`), values are strings.
 */
export const LogRecordSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 512, description: 'Stable id at the source; a re-sent id is stored once.' }),
    timestamp: Type.Number({ minimum: 0, maximum: MAX_LOG_TIMESTAMP_MS, description: 'Unix milliseconds (a fraction is truncated).' }),
    level: LogRecordLevelSchema,
    message: Type.String(),
    service: Type.Optional(Type.String()),
    host: Type.Optional(Type.String()),
    traceId: Type.Optional(Type.String()),
    spanId: Type.Optional(Type.String()),
    attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  // Unknown properties are ignored (not stored), so a newer collector may add optional fields.
  { $id: 'LogRecord' },
);
export type LogRecord = Static<typeof LogRecordSchema>;
