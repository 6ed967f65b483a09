import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import { evaluateInstant, evaluateRange, type QueryContext } from '../query/evaluate-query.js';
import { parseQuery } from '../query/parse-query.js';
import type { Expr } from '../query/ast.js';
import type { MetricStore } from '../storage/metric-store.js';
import { toPromQueryData } from './prom-json.js';
import { clientAbortSignal, untilAborted } from './query-cancellation.js';
import { durationParam, formParams, formValue, requiredTimeParam, timeParam } from './prom-params.js';
import { PromQueryResponseSchema, type PromQueryResponse } from './response-schemas.js';

export interface QueryRoutesOptions {
  readonly store: MetricStore;
  readonly lookbackDeltaMs: number;
  readonly timeoutMs: number;
  readonly maxSamples: number;
  readonly now?: () => number;
}

/** Prometheus refuses range queries with more points per series than this. */
export const MAX_POINTS_PER_SERIES = 11_000;

const InstantParams = Type.Object({
  query: Type.Optional(Type.String({ description: 'PromQL expression' })),
  time: Type.Optional(Type.String({ description: 'RFC 3339 or Unix seconds; default now' })),
  timeout: Type.Optional(Type.String({ description: 'evaluation timeout (capped by query.timeout)' })),
});

const RangeParams = Type.Object({
  query: Type.Optional(Type.String({ description: 'PromQL expression' })),
  start: Type.Optional(Type.String({ description: 'RFC 3339 or Unix seconds' })),
  end: Type.Optional(Type.String({ description: 'RFC 3339 or Unix seconds' })),
  step: Type.Optional(Type.String({ description: 'duration or float seconds' })),
  timeout: Type.Optional(Type.String({ description: 'evaluation timeout (capped by query.timeout)' })),
});

const response = { 200: PromQueryResponseSchema, ...ERROR_RESPONSES };

/**
 * The response schemas document the shapes (and the handlers are typed by them), but a large matrix through
 * fast-json-stringify's anyOf path costs ~4x JSON.stringify (measured: 600 ms vs 150 ms for 500k points), so
 * these routes serialize with JSON.stringify.
 */
const serializerCompiler = () => (data: unknown): string => JSON.stringify(data);

/** `/api/v1/query` and `/api/v1/query_range`, GET and POST (form-encoded), with Prometheus's parameters and shapes. */
export const queryRoutes: FastifyPluginAsyncTypebox<QueryRoutesOptions> = async (app, opts) => {
  const now = opts.now ?? Date.now;

  /**
   * The evaluation context of one request: the configured timeout, lowered by a `timeout` parameter (a duration
   * or float seconds, as Prometheus), and a signal that aborts when the client disconnects. `signal` is not part
   * of the selector-only QueryContext; the full engine reads it.
   */
  const context = (params: Map<string, string[]>, signal: AbortSignal): QueryContext & { readonly signal: AbortSignal } => {
    let timeoutMs = opts.timeoutMs;
    if (formValue(params, 'timeout') !== '') timeoutMs = Math.min(timeoutMs, durationParam(params, 'timeout'));
    return { store: opts.store, lookbackDeltaMs: opts.lookbackDeltaMs, maxSamples: opts.maxSamples, deadline: now() + timeoutMs, now, signal };
  };

  const instant = async (request: FastifyRequest, reply: FastifyReply): Promise<PromQueryResponse> => {
    const signal = clientAbortSignal(request, reply);
    const params = formParams(request);
    const time = timeParam(params, 'time', now());
    const ctx = context(params, signal);
    const expr = parseParam(formValue(params, 'query'));
    checkBudget(ctx);
    const result = await untilAborted(evaluateInstant(expr, time, ctx), signal);
    return { status: 'success', data: toPromQueryData(result) };
  };

  const range = async (request: FastifyRequest, reply: FastifyReply): Promise<PromQueryResponse> => {
    const signal = clientAbortSignal(request, reply);
    const params = formParams(request);
    const start = requiredTimeParam(params, 'start');
    const end = requiredTimeParam(params, 'end');
    if (end < start) throw new AppError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
    const step = durationParam(params, 'step');
    if (step <= 0) {
      throw new AppError('bad_data', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
    }
    if (Math.floor((end - start) / step) > MAX_POINTS_PER_SERIES) {
      throw new AppError('bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    }
    const ctx = context(params, signal);
    const expr = parseParam(formValue(params, 'query'));
    checkBudget(ctx);
    const result = await untilAborted(evaluateRange(expr, { start, end, step }, ctx), signal);
    return { status: 'success', data: toPromQueryData(result) };
  };

  const read = { auth: 'read' as const };
  app.get('/api/v1/query', { config: read, serializerCompiler, schema: { querystring: InstantParams, response } }, instant);
  app.post('/api/v1/query', { config: read, serializerCompiler, schema: { querystring: InstantParams, body: Type.Optional(InstantParams), response } }, instant);
  app.get('/api/v1/query_range', { config: read, serializerCompiler, schema: { querystring: RangeParams, response } }, range);
  app.post('/api/v1/query_range', { config: read, serializerCompiler, schema: { querystring: RangeParams, body: Type.Optional(RangeParams), response } }, range);
};

/** A `timeout=0` leaves no time at all: Prometheus reports it as a timeout before evaluating anything. */
function checkBudget(ctx: QueryContext): void {
  if (ctx.deadline <= (ctx.now ?? Date.now)()) throw new AppError('timeout', 'query timed out in query execution');
}

function parseParam(text: string): Expr {
  try {
    return parseQuery(text);
  } catch (err) {
    if (err instanceof AppError) throw new AppError(err.code, `invalid parameter "query": ${err.message}`, { position: err.position });
    throw err;
  }
}
