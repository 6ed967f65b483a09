import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Registry } from 'prom-client';
import { ERROR_RESPONSES } from '../http/error-response.js';

export interface MetricsRoutesOptions {
  readonly registry: Registry;
}

/** `GET /metrics`: the api's own metrics in the Prometheus text format (needs the read scope when auth is on). */
export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, opts) => {
  app.get(
    '/metrics',
    {
      config: { auth: 'read' },
      schema: { response: { 200: Type.String({ description: 'Prometheus text format 0.0.4' }), ...ERROR_RESPONSES } },
    },
    async (_request, reply) => {
      const body = await opts.registry.metrics();
      return reply.type(opts.registry.contentType).send(body);
    },
  );
};
