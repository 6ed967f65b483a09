import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { MetricStore } from '../storage/metric-store.js';

export interface HealthRoutesOptions {
  readonly store: MetricStore;
}

const HealthSchema = Type.Object({ status: Type.String() });

/** `/healthz`: 200 while the process serves. `/readyz`: 200 when the store is open, else 503. Both open (no auth). */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, opts) => {
  app.get('/healthz', { config: { auth: 'none' }, schema: { response: { 200: HealthSchema } } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { config: { auth: 'none' }, schema: { response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_request, reply) => {
      if (opts.store.isOpen()) return { status: 'ready' };
      return reply.code(503).send({ status: 'metric store is not open' });
    },
  );
};
