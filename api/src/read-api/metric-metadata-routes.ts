import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import { PromMetadataResponseSchema, type PromMetadataResponse } from './response-schemas.js';

const MetadataParams = Type.Object({
  limit: Type.Optional(Type.String({ description: 'most metrics to return' })),
  limit_per_metric: Type.Optional(Type.String({ description: 'most entries per metric' })),
  metric: Type.Optional(Type.String({ description: 'only this metric' })),
});

/**
 * `/api/v1/metadata` (GET, as Prometheus). Prometheus fills it from the `# TYPE`/`# HELP` lines of the targets
 * it scrapes; samples that arrive by remote_write or line protocol carry none, so it answers `{}` exactly as a
 * Prometheus fed only by remote_write does.
 *
 * Why not list every metric name with type "unknown": Grafana's Prometheus data source reads `metadata[m][0].type`
 * and, as soon as the map is non-empty, trusts it alone for its "add rate()" hint (query_hints.ts), so "unknown"
 * everywhere would switch that hint off for `*_total` counters. With `{}` it falls back to name heuristics, and
 * metric names still come from `/api/v1/label/__name__/values`.
 */
export const metricMetadataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/metadata',
    { config: { auth: 'read' }, schema: { querystring: MetadataParams, response: { 200: PromMetadataResponseSchema, ...ERROR_RESPONSES } } },
    async (request): Promise<PromMetadataResponse> => {
      const { limit } = request.query;
      // Go's strconv.Atoi: an optional sign and decimal digits.
      if (limit !== undefined && limit !== '' && !/^[+-]?\d+$/.test(limit)) throw new AppError('bad_data', 'limit must be a number');
      return { status: 'success', data: {} };
    },
  );
};
