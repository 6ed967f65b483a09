import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Counter, type Registry } from 'prom-client';
import { AppError } from '../../errors/app-error.js';
import { ERROR_RESPONSES } from '../../http/error-response.js';
import { decodeContentEncoding } from '../../ingest/content-encoding.js';
import { durationParam, parseTime } from '../../read-api/prom-params.js';
import type { LogStore } from '../log-store.js';
import { parseLogQuery } from '../query/parse-log-query.js';
import {
  LogIngestBodySchema,
  LogIngestPartialErrorSchema,
  LogIngestResponseSchema,
  LogSearchParamsSchema,
  LogSearchResponseSchema,
  LogVolumeParamsSchema,
  LogVolumeResponseSchema,
  type LogIngestPartialError,
  type LogIngestResponse,
  type LogSearchResponse,
  type LogVolumeResponse,
} from './log-api-schemas.js';
import { validateLogRecords } from './validate-log-records.js';

export interface LogRoutesOptions {
  readonly store: LogStore;
  /** Largest POST body, before and after gzip decompression. */
  readonly maxBodyBytes: number;
  /** For `log_ingest_rejected_records_total`; none: not exported. */
  readonly registry?: Registry;
  /** Clock for the default end time; Date.now by default. */
  readonly now?: () => number;
}

export const DEFAULT_LOG_SEARCH_LIMIT = 100;
export const MAX_LOG_SEARCH_LIMIT = 5000;
/** Default window when `start` is absent: the hour before `end`. */
export const DEFAULT_LOG_RANGE_MS = 3_600_000;
/** As Prometheus's query_range: more buckets than this is refused. */
export const MAX_VOLUME_BUCKETS = 11_000;
/** Default volume step: the smallest of these giving at most about 100 buckets. */
const NICE_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

function invalidParam(name: string, message: string): AppError {
  return new AppError('bad_data', `invalid parameter "${name}": ${message}`);
}

function timeRange(params: { start?: string; end?: string }, now: () => number): { start: number; end: number } {
  const parse = (name: 'start' | 'end'): number | undefined => {
    const text = params[name];
    if (text === undefined || text === '') return undefined;
    const ms = parseTime(text);
    if (ms === undefined) throw invalidParam(name, `cannot parse ${JSON.stringify(text)} to a valid timestamp (RFC 3339 or Unix seconds)`);
    return ms;
  };
  const end = parse('end') ?? now();
  const start = parse('start') ?? end - DEFAULT_LOG_RANGE_MS;
  if (end < start) throw invalidParam('end', 'end timestamp must not be before start time');
  return { start, end };
}

function defaultStep(rangeMs: number): number {
  const want = rangeMs / 100;
  return NICE_STEPS_MS.find((s) => s >= want) ?? Math.ceil(want / 86_400_000) * 86_400_000;
}

/**
 * The log API: `POST /api/v1/logs` (ingest, write scope), `GET /api/v1/logs` (search, newest first, cursor
 * pagination) and `GET /api/v1/logs/volume` (counts by level over time), both read scope. Register it in its own
 * scope: it replaces the JSON body parser with one that takes gzip and `maxBodyBytes`.
 */
export const logRoutes: FastifyPluginAsyncTypebox<LogRoutesOptions> = async (app, opts) => {
  const { store, maxBodyBytes } = opts;
  const now = opts.now ?? Date.now;
  const rejected = opts.registry
    ? new Counter({ name: 'log_ingest_rejected_records_total', help: 'Log records refused by POST /api/v1/logs (bad fields).', registers: [opts.registry] })
    : undefined;

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: maxBodyBytes }, async (request: FastifyRequest, body: Buffer) => {
    const raw = await decodeContentEncoding(body, request.headers['content-encoding'] as string | undefined, maxBodyBytes);
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch (err) {
      throw new AppError('bad_data', `invalid JSON body: ${(err as Error).message}`);
    }
  });

  app.post(
    '/api/v1/logs',
    {
      bodyLimit: maxBodyBytes,
      schema: {
        body: LogIngestBodySchema,
        response: { 200: LogIngestResponseSchema, 400: LogIngestPartialErrorSchema, '4xx': ERROR_RESPONSES['4xx'], '5xx': ERROR_RESPONSES['5xx'] },
      },
    },
    async (request, reply): Promise<LogIngestResponse | LogIngestPartialError> => {
      const { records, errors } = validateLogRecords(request.body.records);
      let result = { accepted: 0, duplicates: 0 };
      if (records.length > 0) {
        const { accepted, duplicates } = await store.append(records);
        result = { accepted, duplicates };
      }
      if (errors.length === 0) return { status: 'success', data: result };
      rejected?.inc(errors.length);
      const shown = errors.slice(0, 10).map((e) => `record ${e.index}${e.field ? `: ${e.field}` : ''}: ${e.message}`);
      const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
      return reply.code(400).send({
        status: 'error',
        errorType: 'bad_data',
        error: `${errors.length} of ${request.body.records.length} records rejected (${result.accepted} stored): ${shown.join('; ')}${more}`,
        data: { ...result, rejected: errors },
      });
    },
  );

  app.get(
    '/api/v1/logs',
    { schema: { querystring: LogSearchParamsSchema, response: { 200: LogSearchResponseSchema, ...ERROR_RESPONSES } } },
    async (request): Promise<LogSearchResponse> => {
      const p = request.query;
      const query = parseLogQuery(p.query ?? '');
      const { start, end } = timeRange(p, now);
      let limit = DEFAULT_LOG_SEARCH_LIMIT;
      if (p.limit !== undefined && p.limit !== '') {
        limit = /^\d+$/.test(p.limit) ? Number(p.limit) : NaN;
        if (!(limit >= 1 && limit <= MAX_LOG_SEARCH_LIMIT)) throw invalidParam('limit', `must be an integer from 1 to ${MAX_LOG_SEARCH_LIMIT}, got ${JSON.stringify(p.limit)}`);
      }
      const cursor = p.cursor === undefined || p.cursor === '' ? undefined : p.cursor;
      const result = await store.search({ query, start, end, limit, cursor });
      return { status: 'success', data: { records: result.records, nextCursor: result.nextCursor } };
    },
  );

  app.get(
    '/api/v1/logs/volume',
    { schema: { querystring: LogVolumeParamsSchema, response: { 200: LogVolumeResponseSchema, ...ERROR_RESPONSES } } },
    async (request): Promise<LogVolumeResponse> => {
      const p = request.query;
      const query = parseLogQuery(p.query ?? '');
      const { start, end } = timeRange(p, now);
      let stepMs: number;
      if (p.step === undefined || p.step === '') {
        stepMs = defaultStep(end - start);
      } else {
        stepMs = durationParam(new Map([['step', [p.step]]]), 'step');
        if (stepMs <= 0) throw invalidParam('step', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
      }
      if ((end - start) / stepMs >= MAX_VOLUME_BUCKETS) {
        throw new AppError('bad_data', `exceeded maximum resolution of ${MAX_VOLUME_BUCKETS.toLocaleString('en-US')} points per series. Try a larger step`);
      }
      const result = await store.volume({ query, start, end, stepMs });
      return {
        status: 'success',
        data: {
          stepMs,
          series: result.series.map((s) => ({ level: s.level, points: s.counts.map((n, i): [number, number] => [(start + i * stepMs) / 1000, n]) })),
        },
      };
    },
  );
};
