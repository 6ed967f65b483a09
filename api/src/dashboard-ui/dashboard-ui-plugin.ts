import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export interface DashboardUiOptions {
  /** The dashboard's production build (`dashboard/dist`, holding index.html and assets/). */
  readonly distDir: string;
}

/** Hashed file names change with their content: a browser or proxy may keep them for a year without asking again. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/** Client-side routes of the dashboard: each answers index.html and the dashboard's router shows the page. */
export const DASHBOARD_ROUTES = ['/', '/boards/:name', '/slos', '/slos/:name', '/alerts', '/logs', '/explore'] as const;

/**
 * Serves the built dashboard: `/assets/*` (hashed, cached for a year) and index.html for each of DASHBOARD_ROUTES
 * (no cache, so a new build is picked up). Only these paths: every other path stays the api's (its JSON 404
 * included), so API routes always take precedence. Static files need no token (they hold no data; the API calls
 * the dashboard makes do). Without a build, `/` says how to make one.
 */
export const dashboardUiPlugin: FastifyPluginAsync<DashboardUiOptions> = async (app, opts) => {
  // compress: false: the build's .br/.gz copies are the compression (files under 1 KiB have none and go as they are).
  const open = { config: { auth: 'none' as const }, compress: false as const };
  const indexFile = path.join(opts.distDir, 'index.html');
  if (!existsSync(indexFile)) {
    app.log.warn({ distDir: opts.distDir }, 'the dashboard is not built (npm run build -w dashboard); / shows how to build it');
    for (const url of DASHBOARD_ROUTES) {
      app.get(url, open, async (_request, reply) =>
        reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send(`The dashboard is not built. Run "npm run build -w dashboard" (or "npm run build"), then reload.\nThe API is at /api/v1/.\n`),
      );
    }
    return;
  }
  // serve: false: only reply.sendFile (path traversal refused by @fastify/send); the routes are ours so they carry
  // the open auth config (fastify-static's own routes cannot). preCompressed: the build writes name.br and name.gz
  // beside each file (vite-plugin-compression2); the one the request's Accept-Encoding prefers is sent (brotli first),
  // the plain file otherwise, always with `Vary: Accept-Encoding`.
  // Cache-Control is set only on a file sent (setHeaders), so a 404 for a missing asset is never cached.
  const assetsDir = path.join(opts.distDir, 'assets');
  await app.register(fastifyStatic, {
    root: opts.distDir,
    serve: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header('cache-control', file.startsWith(assetsDir + path.sep) ? ASSET_CACHE : 'no-cache');
    },
  });
  app.get<{ Params: { '*': string } }>('/assets/*', open, async (request, reply) => reply.sendFile(request.params['*'], assetsDir));
  for (const url of DASHBOARD_ROUTES) {
    app.get(url, open, async (_request, reply) => reply.sendFile('index.html', opts.distDir));
  }
};
