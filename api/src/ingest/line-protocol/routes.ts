import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import type { MetricStore } from '../../storage/metric-store.js';
import { AppendBatcher } from '../append-batcher.js';
import { decodeContentEncoding } from '../content-encoding.js';
import { formatLineError, parseLineProtocol, type LineProtocolResult } from './line-protocol-parser.js';
import { parseV1Precision, parseV2Precision, type Precision } from './precision.js';
import {
  NoContentSchema,
  V1ErrorSchema,
  V1QueryQuerySchema,
  V1QueryResponseSchema,
  V1WriteQuerySchema,
  V2ErrorSchema,
  V2WriteQuerySchema,
  type V1QueryQuery,
  type V1QueryResponse,
  type V1WriteQuery,
  type V2WriteQuery,
} from './schemas.js';
import { SeriesLabelCache } from './series-label-cache.js';

export interface LineProtocolRoutesOptions {
  readonly store: MetricStore;
  /** Largest accepted body, before and after gzip decompression. */
  readonly maxBodyBytes: number;
  /** Receive time (Unix ms) for lines without a timestamp; injectable for tests. */
  readonly clock?: () => number;
  /** Series cache shared across requests; one per plugin instance by default. */
  readonly cache?: SeriesLabelCache;
}

/** Reported by `/ping` and on every response here, as InfluxDB does (1.x clients look for it). */
export const INFLUXDB_VERSION = '1.8.10';
/** Response header: string fields of accepted points, skipped because only numbers are stored. */
export const SKIPPED_STRING_FIELDS_HEADER = 'x-points-skipped-string-fields';
/** Response header: samples written by this request. */
export const SAMPLES_WRITTEN_HEADER = 'x-samples-written';

type ErrorShape = 'v1' | 'v2';

const V2_CODES: Record<number, string> = { 400: 'invalid', 413: 'request too large', 415: 'unsupported media type', 503: 'unavailable' };

/**
 * InfluxDB-compatible ingest: `POST /api/v2/write` (2.x), `POST /write` (1.x), `GET|HEAD /ping` and the
 * `CREATE DATABASE` subset of `/query` that k6's and Telegraf's InfluxDB outputs send at start.
 * Every write goes to the one store: org, bucket, db and rp are accepted and ignored; auth is not checked here.
 * Bad lines: the good ones are written, and the reply is a 400 listing every bad line (as InfluxDB does).
 */
export const lineProtocolRoutes: FastifyPluginAsync<LineProtocolRoutesOptions> = async (app, opts) => {
  const { store, maxBodyBytes } = opts;
  const clock = opts.clock ?? Date.now;
  const cache = opts.cache ?? new SeriesLabelCache();
  const batcher = new AppendBatcher(store);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBodyBytes }, (_req, body, done) => done(null, body));
  app.addHook('onRequest', async (req, reply) => {
    // Go's influxdb1-client (k6, Telegraf's v1 output) sends `Content-Type:` empty, which Fastify rejects with
    // 415 as an invalid media type; treat it as absent so the catch-all parser takes the body.
    if (req.headers['content-type'] === '') delete req.headers['content-type'];
    reply.header('x-influxdb-version', INFLUXDB_VERSION);
    reply.header('x-influxdb-build', 'OSS');
  });

  async function write(request: FastifyRequest, reply: FastifyReply, precision: Precision | undefined, shape: ErrorShape): Promise<void> {
    if (precision === undefined) {
      throw new AppError('bad_data', `invalid precision ${JSON.stringify((request.query as { precision?: string }).precision)}`);
    }
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const body = await decodeContentEncoding(raw, request.headers['content-encoding'], maxBodyBytes);
    const result = parseLineProtocol(body.toString('utf8'), { precision, defaultTimestampMs: clock(), cache });
    if (result.samples.length > 0) {
      if (!store.isOpen()) throw new AppError('unavailable', 'metric store is closed');
      await batcher.append(result.samples);
    }
    reply.header(SKIPPED_STRING_FIELDS_HEADER, String(result.skippedStringFields));
    reply.header(SAMPLES_WRITTEN_HEADER, String(result.samples.length));
    if (result.errors.length > 0) {
      const message = partialWriteMessage(result);
      await reply.code(400).send(shape === 'v2' ? { code: 'invalid', message } : { error: message });
      return;
    }
    await reply.code(204).send();
  }

  await app.register(async (v2) => {
    v2.setErrorHandler(errorHandler('v2', maxBodyBytes));
    v2.post<{ Querystring: V2WriteQuery }>(
      '/api/v2/write',
      {
        schema: {
          querystring: V2WriteQuerySchema,
          response: { 204: NoContentSchema, '4xx': V2ErrorSchema, '5xx': V2ErrorSchema },
        },
      },
      async (request, reply) => write(request, reply, parseV2Precision(request.query.precision), 'v2'),
    );
  });

  await app.register(async (v1) => {
    v1.setErrorHandler(errorHandler('v1', maxBodyBytes));
    v1.post<{ Querystring: V1WriteQuery }>(
      '/write',
      {
        schema: {
          querystring: V1WriteQuerySchema,
          response: { 204: NoContentSchema, '4xx': V1ErrorSchema, '5xx': V1ErrorSchema },
        },
      },
      async (request, reply) => write(request, reply, parseV1Precision(request.query.precision), 'v1'),
    );

    v1.get('/ping', { schema: { response: { 204: NoContentSchema } } }, async (_request, reply) => {
      await reply.code(204).send();
    });

    const queryRoute = {
      schema: {
        querystring: V1QueryQuerySchema,
        response: { 200: V1QueryResponseSchema, '4xx': V1ErrorSchema, '5xx': V1ErrorSchema },
      },
    };
    const query = async (request: FastifyRequest<{ Querystring: V1QueryQuery }>): Promise<V1QueryResponse> =>
      answerQuery(request.query.q ?? formField(request.body, 'q'));
    v1.get<{ Querystring: V1QueryQuery }>('/query', queryRoute, query);
    v1.post<{ Querystring: V1QueryQuery }>('/query', queryRoute, query);
  });
};

function partialWriteMessage(result: LineProtocolResult): string {
  const lines = result.errors.map(formatLineError).join('\n');
  const head = result.points > 0 ? `partial write: ${result.points} points written, ${result.errors.length} rejected` : 'no points written';
  return `${head}; failed to parse line protocol:\nerrors encountered on line(s):\n${lines}`;
}

/** `/query` only answers the statements writers send before writing; data is read with PromQL elsewhere. */
function answerQuery(q: string | undefined): V1QueryResponse {
  if (q === undefined || q.trim() === '') throw new AppError('bad_data', 'missing required parameter "q"');
  const statements = q
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return {
    results: statements.map((statement, index) =>
      /^CREATE\s+(DATABASE|RETENTION\s+POLICY)\b/i.test(statement)
        ? { statement_id: index }
        : { statement_id: index, error: 'only CREATE DATABASE is supported here; query metrics with PromQL on /api/v1/query' },
    ),
  };
}

function formField(body: unknown, name: string): string | undefined {
  if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
  return new URLSearchParams(body.toString('utf8')).get(name) ?? undefined;
}

function errorHandler(
  shape: ErrorShape,
  maxBodyBytes: number,
): (this: FastifyInstance, error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async function handle(this: FastifyInstance, error, request, reply) {
    let status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if ('validation' in error && error.validation) status = 400;
    if (status === 413 && !(error instanceof AppError)) error = new AppError('too_large', `body exceeds ${maxBodyBytes} bytes`);
    const message = status >= 500 && !(error instanceof AppError) ? 'internal error' : error.message;
    if (status >= 500) request.log.error({ err: error }, 'ingest failed');
    const code = V2_CODES[status] ?? (status >= 500 ? 'internal error' : 'invalid');
    await reply.code(status).send(shape === 'v2' ? { code, message } : { error: message });
  };
}
