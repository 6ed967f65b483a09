import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import { parseQuery } from '../query/parse-query.js';
import { prettyPrint } from './format-query.js';
import { formParams, formValue } from './prom-params.js';
import { PromFormatQueryResponseSchema, type PromFormatQueryResponse } from './response-schemas.js';

const FormatParams = Type.Object({ query: Type.Optional(Type.String({ description: 'PromQL expression' })) });

/** `/api/v1/format_query` (GET and POST): the expression pretty-printed as Prometheus 2.42 does (its UI's and Grafana's "format" action). */
export const formatQueryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const handler = async (request: FastifyRequest): Promise<PromFormatQueryResponse> => {
    const params = formParams(request);
    try {
      return { status: 'success', data: prettyPrint(parseQuery(formValue(params, 'query'))) };
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, `invalid parameter "query": ${err.message}`, { position: err.position });
      throw err;
    }
  };
  const schema = { querystring: FormatParams, response: { 200: PromFormatQueryResponseSchema, ...ERROR_RESPONSES } };
  const read = { auth: 'read' as const };
  app.get('/api/v1/format_query', { config: read, schema }, handler);
  app.post('/api/v1/format_query', { config: read, schema: { ...schema, body: Type.Optional(FormatParams) } }, handler);
};
