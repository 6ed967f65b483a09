import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import { compareLabels } from '../query/compare-labels.js';
import type { MetricStore, TimeRange } from '../storage/metric-store.js';
import { MAX_TIME_MS, MIN_TIME_MS, formParams, matcherSets, timeParam } from './prom-params.js';
import {
  PromSeriesResponseSchema,
  PromStringListResponseSchema,
  type PromSeriesResponse,
  type PromStringListResponse,
} from './response-schemas.js';

export interface MetadataRoutesOptions {
  readonly store: MetricStore;
}

const SelectorParams = Type.Object({
  'match[]': Type.Optional(Type.Array(Type.String(), { description: 'series selectors' })),
  start: Type.Optional(Type.String({ description: 'RFC 3339 or Unix seconds; default: the earliest time' })),
  end: Type.Optional(Type.String({ description: 'RFC 3339 or Unix seconds; default: the latest time' })),
});

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function timeRange(params: Map<string, string[]>): TimeRange {
  return { start: timeParam(params, 'start', MIN_TIME_MS), end: timeParam(params, 'end', MAX_TIME_MS) };
}

/** `/api/v1/series`, `/api/v1/labels`, `/api/v1/label/:name/values` with `match[]`, `start`, `end`. */
export const metadataRoutes: FastifyPluginAsyncTypebox<MetadataRoutesOptions> = async (app, opts) => {
  const { store } = opts;
  const read = { auth: 'read' as const };

  const series = async (request: FastifyRequest): Promise<PromSeriesResponse> => {
    const params = formParams(request);
    if ((params.get('match[]') ?? []).length === 0) throw new AppError('bad_data', 'no match[] parameter provided');
    const range = timeRange(params);
    const sets = matcherSets(params);
    const found = await store.series(sets, range);
    return { status: 'success', data: [...found].sort(compareLabels).map((l) => ({ ...l })) };
  };

  const labels = async (request: FastifyRequest): Promise<PromStringListResponse> => {
    const params = formParams(request);
    const range = timeRange(params);
    return { status: 'success', data: await store.labelNames(matcherSets(params), range) };
  };

  const seriesSchema = { response: { 200: PromSeriesResponseSchema, ...ERROR_RESPONSES } };
  const labelsSchema = { response: { 200: PromStringListResponseSchema, ...ERROR_RESPONSES } };
  app.get('/api/v1/series', { config: read, schema: { querystring: SelectorParams, ...seriesSchema } }, series);
  app.post('/api/v1/series', { config: read, schema: { querystring: SelectorParams, body: Type.Optional(SelectorParams), ...seriesSchema } }, series);
  app.get('/api/v1/labels', { config: read, schema: { querystring: SelectorParams, ...labelsSchema } }, labels);
  app.post('/api/v1/labels', { config: read, schema: { querystring: SelectorParams, body: Type.Optional(SelectorParams), ...labelsSchema } }, labels);

  app.get(
    '/api/v1/label/:name/values',
    { config: read, schema: { params: Type.Object({ name: Type.String() }), querystring: SelectorParams, ...labelsSchema } },
    async (request): Promise<PromStringListResponse> => {
      const { name } = request.params;
      if (!LABEL_NAME_RE.test(name)) throw new AppError('bad_data', `invalid label name: ${JSON.stringify(name)}`);
      const params = formParams(request);
      const range = timeRange(params);
      return { status: 'success', data: await store.labelValues(name, matcherSets(params), range) };
    },
  );
};
