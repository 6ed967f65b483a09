import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import { promSuccessSchema } from './response-schemas.js';

/**
 * `/api/v1/rules` and `/api/v1/alerts` with no rules loaded: the answers of a Prometheus without rule files.
 * Grafana's alert list and rule views call them on any Prometheus data source; the rules engine (issue 5)
 * replaces this file with the real groups and alerts.
 */
const RulesResponseSchema = promSuccessSchema(Type.Object({ groups: Type.Array(Type.Record(Type.String(), Type.Unknown())) }));
const AlertsResponseSchema = promSuccessSchema(Type.Object({ alerts: Type.Array(Type.Record(Type.String(), Type.Unknown())) }));
type RulesResponse = Static<typeof RulesResponseSchema>;
type AlertsResponse = Static<typeof AlertsResponseSchema>;

const RulesParams = Type.Object({ type: Type.Optional(Type.String({ description: '"alert" or "record"' })) }, { additionalProperties: true });

export const rulesPlaceholderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const read = { auth: 'read' as const };
  app.get(
    '/api/v1/rules',
    { config: read, schema: { querystring: RulesParams, response: { 200: RulesResponseSchema, ...ERROR_RESPONSES } } },
    async (request): Promise<RulesResponse> => {
      const type = (request.query.type ?? '').toLowerCase();
      if (type !== '' && type !== 'alert' && type !== 'record') {
        throw new AppError('bad_data', `invalid parameter "type": not supported value ${JSON.stringify(type)}`);
      }
      return { status: 'success', data: { groups: [] } };
    },
  );
  app.get(
    '/api/v1/alerts',
    { config: read, schema: { response: { 200: AlertsResponseSchema, ...ERROR_RESPONSES } } },
    async (): Promise<AlertsResponse> => ({ status: 'success', data: { alerts: [] } }),
  );
};
