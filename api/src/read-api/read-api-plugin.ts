import type { FastifyPluginAsync } from 'fastify';
import { registerFormBodyParser } from '../http/form-body-parser.js';
import { metadataRoutes } from './metadata-routes.js';
import { queryRoutes, type QueryRoutesOptions } from './query-routes.js';

export type ReadApiOptions = QueryRoutesOptions;

/** The Prometheus-compatible read API (`/api/v1/query*`, `/api/v1/series`, labels), in its own scope. */
export const readApiPlugin: FastifyPluginAsync<ReadApiOptions> = async (app, opts) => {
  registerFormBodyParser(app);
  // A POST without a body (parameters in the URL only) validates as an empty form, as Go's r.Form sees it.
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && (request.body === undefined || request.body === null)) request.body = {};
  });
  await app.register(metadataRoutes, { store: opts.store });
  await app.register(queryRoutes, opts);
};
