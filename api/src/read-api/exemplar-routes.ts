import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { parser } from '@prometheus-io/lezer-promql';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import { parseQuery } from '../query/parse-query.js';
import { MAX_TIME_MS, MIN_TIME_MS, formParams, formValue, timeParam } from './prom-params.js';
import { PromExemplarsResponseSchema, type PromExemplarsResponse } from './response-schemas.js';

const ExemplarParams = Type.Object({
  query: Type.Optional(Type.String({ description: 'PromQL expression whose selectors pick the series' })),
  start: Type.Optional(Type.String({ description: 'RFC 3339 or Unix seconds; default: the earliest time' })),
  end: Type.Optional(Type.String({ description: 'RFC 3339 or Unix seconds; default: the latest time' })),
});

/** True when the (valid) expression contains at least one series selector, as Prometheus's `ExtractSelectors`. */
function hasSelector(text: string): boolean {
  let found = false;
  parser.parse(text).iterate({
    enter: (node) => {
      if (node.name === 'VectorSelector') found = true;
      return !found;
    },
  });
  return found;
}

/**
 * `/api/v1/query_exemplars` (GET and POST). The api keeps no exemplars, so a valid request gets `[]`, which is
 * what Prometheus answers when none are stored; Grafana's exemplar toggle then shows nothing instead of an error.
 * Parameters are validated as Prometheus does, and like Prometheus a query without any selector gets 204.
 */
export const exemplarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<PromExemplarsResponse | undefined> => {
    const params = formParams(request);
    const start = timeParam(params, 'start', MIN_TIME_MS);
    const end = timeParam(params, 'end', MAX_TIME_MS);
    if (end < start) throw new AppError('bad_data', 'end timestamp must not be before start timestamp');
    const query = formValue(params, 'query');
    parseQuery(query);
    if (!hasSelector(query)) {
      await reply.code(204).send();
      return undefined;
    }
    return { status: 'success', data: [] };
  };
  const schema = { querystring: ExemplarParams, response: { 200: PromExemplarsResponseSchema, ...ERROR_RESPONSES } };
  const read = { auth: 'read' as const };
  app.get('/api/v1/query_exemplars', { config: read, schema }, handler);
  app.post('/api/v1/query_exemplars', { config: read, schema: { ...schema, body: Type.Optional(ExemplarParams) } }, handler);
};
