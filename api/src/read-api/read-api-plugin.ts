import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { registerFormBodyParser } from '../http/form-body-parser.js';
import { buildInfoRoutes } from './build-info-routes.js';
import { exemplarRoutes } from './exemplar-routes.js';
import { formatQueryRoutes } from './format-query-routes.js';
import { metadataRoutes } from './metadata-routes.js';
import { metricMetadataRoutes } from './metric-metadata-routes.js';
import { queryRoutes, type QueryRoutesOptions } from './query-routes.js';

export type ReadApiOptions = QueryRoutesOptions;

/** The api's version from its package.json (two levels up from both src/read-api and dist/read-api). */
function apiVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = (pkg as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

/**
 * The Prometheus-compatible read API in its own scope: queries, series and labels, and what Grafana's Prometheus
 * data source calls besides (build info, metric metadata, exemplars, format_query; rules and alerts are rules/rules-routes.ts).
 */
export const readApiPlugin: FastifyPluginAsync<ReadApiOptions> = async (app, opts) => {
  registerFormBodyParser(app);
  // A POST without a body (parameters in the URL only) validates as an empty form, as Go's r.Form sees it.
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && (request.body === undefined || request.body === null)) request.body = {};
  });
  await app.register(metadataRoutes, { store: opts.store });
  await app.register(queryRoutes, opts);
  await app.register(exemplarRoutes);
  await app.register(formatQueryRoutes);
  await app.register(metricMetadataRoutes);
  await app.register(buildInfoRoutes, { apiVersion: apiVersion() });
};
