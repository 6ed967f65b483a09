import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export interface DashboardUiOptions {
  /** The dashboard's production build (`dashboard/dist`, holding index.html and assets/). */
  readonly distDir: string;
}

/** Client-side routes of the dashboard: each answers index.html and the dashboard's router shows the page. */
export const DASHBOARD_ROUTES = ['/', '/boards/:name', '/slos', '/slos/:name', '/alerts', '/logs', '/explore'] as const;

/**
 * Serves the built dashboard: `/assets/*` (hashed, cached for a year) and index.html for each of DASHBOARD_ROUTES
 * (no cache, so a new build is picked up). Only these paths: every other path stays the api's (its JSON 404
 * included), so API routes always take precedence. Static files need no token (they hold no data; the API calls
 * the dashboard makes do). Without a build, `/` says how to make one.
 */
export const dashboardUiPlugin: FastifyPluginAsync<DashboardUiOptions> = async (app, opts) => {
  const open = { auth: 'none' as const };
  const indexFile = path.join(opts.distDir, 'index.html');
  if (!existsSync(indexFile)) {
    app.log.warn({ distDir: opts.distDir }, 'the dashboard is not built (npm run build -w dashboard); / shows how to build it');
    for (const url of DASHBOARD_ROUTES) {
      app.get(url, { config: open }, async (_request, reply) =>
        reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send(`The dashboard is not built. Run "npm run build -w dashboard" (or "npm run build"), then reload.\nThe API is at /api/v1/.\n`),
      );
    }
    return;
  }
  // serve: false: only reply.sendFile (path traversal refused by @fastify/send); the routes are ours so they carry
  // the open auth config (fastify-static's own routes cannot).
  await app.register(fastifyStatic, { root: opts.distDir, serve: false });
  const assetsDir = path.join(opts.distDir, 'assets');
  app.get<{ Params: { '*': string } }>('/assets/*', { config: open }, async (request, reply) =>
    reply.sendFile(request.params['*'], assetsDir, { maxAge: '365d', immutable: true }),
  );
  for (const url of DASHBOARD_ROUTES) {
    app.get(url, { config: open }, async (_request, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html', opts.distDir),
    );
  }
};
