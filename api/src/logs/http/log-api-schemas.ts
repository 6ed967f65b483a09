import { Type, type Static } from '@sinclair/typebox';
import { LogRecordLevelSchema, LogRecordSchema } from '../log-record.js';

/**
 * The JSON shapes of the log API (`/api/v1/logs`, `/api/v1/logs/volume`), in the Prometheus envelope
 * (`{"status":"success","data":...}` or `{"status":"error","errorType":...,"error":...}`). The dashboard imports the
 * types (api/src/types).
 */
export const LogIngestBodySchema = Type.Object(
  {
    records: Type.Array(Type.Unknown(), {
      description: 'LogRecord objects; each is validated on its own, so one bad record does not reject the others',
    }),
  },
  { description: 'POST /api/v1/logs body (application/json, optionally Content-Encoding: gzip)' },
);

export const LogIngestResultSchema = Type.Object({
  accepted: Type.Integer({ description: 'records stored by this request' }),
  duplicates: Type.Integer({ description: 'records whose id was already stored, ignored' }),
});

export const LogIngestResponseSchema = Type.Object({ status: Type.Literal('success'), data: LogIngestResultSchema });
export type LogIngestResponse = Static<typeof LogIngestResponseSchema>;

export const LogRecordErrorSchema = Type.Object({
  index: Type.Integer({ description: 'position of the record in `records`' }),
  field: Type.String({ description: 'the offending field (`attributes.<key>` for an attribute), or "" for the record itself' }),
  message: Type.String(),
});
export type LogRecordError = Static<typeof LogRecordErrorSchema>;

/**
 * 400 from POST /api/v1/logs. For a body with bad records, `data` is present: the good records were stored
 * (counted), each bad one is listed. Without `data` the whole request was refused (bad JSON, no `records`).
 */
export const LogIngestPartialErrorSchema = Type.Object({
  status: Type.Literal('error'),
  errorType: Type.String(),
  error: Type.String(),
  data: Type.Optional(
    Type.Object({
      accepted: Type.Integer(),
      duplicates: Type.Integer(),
      rejected: Type.Array(LogRecordErrorSchema),
    }),
  ),
});
export type LogIngestPartialError = Static<typeof LogIngestPartialErrorSchema>;

export const LogSearchParamsSchema = Type.Object({
  query: Type.Optional(Type.String({ description: 'log query (see api/src/logs/README.md); empty matches everything' })),
  start: Type.Optional(Type.String({ description: 'RFC 3339 or Unix seconds; default end - 1h' })),
  end: Type.Optional(Type.String({ description: 'RFC 3339 or Unix seconds; default now' })),
  limit: Type.Optional(Type.String({ description: 'records per page, 1-5000, default 100' })),
  cursor: Type.Optional(Type.String({ description: 'nextCursor of the previous page' })),
});
export type LogSearchParams = Static<typeof LogSearchParamsSchema>;

export const LogSearchResponseSchema = Type.Object({
  status: Type.Literal('success'),
  data: Type.Object({
    records: Type.Array(LogRecordSchema, { description: 'newest first' }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as `cursor` for the next (older) page; null on the last page' }),
  }),
});
export type LogSearchResponse = Static<typeof LogSearchResponseSchema>;

export const LogVolumeParamsSchema = Type.Object({
  query: Type.Optional(Type.String()),
  start: Type.Optional(Type.String({ description: 'RFC 3339 or Unix seconds; default end - 1h' })),
  end: Type.Optional(Type.String({ description: 'RFC 3339 or Unix seconds; default now' })),
  step: Type.Optional(Type.String({ description: 'bucket width: duration (1m) or float seconds; default about (end - start) / 100' })),
});
export type LogVolumeParams = Static<typeof LogVolumeParamsSchema>;

export const LogVolumePointSchema = Type.Tuple([Type.Number(), Type.Integer()], { description: '[bucket start in unix seconds, records]' });

export const LogVolumeResponseSchema = Type.Object({
  status: Type.Literal('success'),
  data: Type.Object({
    stepMs: Type.Integer(),
    series: Type.Array(
      Type.Object({
        level: LogRecordLevelSchema,
        points: Type.Array(LogVolumePointSchema, { description: 'one per bucket from start to end, zeros included' }),
      }),
      { description: 'levels with at least one record, lowest severity first' },
    ),
  }),
});
export type LogVolumeResponse = Static<typeof LogVolumeResponseSchema>;
