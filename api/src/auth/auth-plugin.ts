import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiToken } from '../config/config-schema.js';
import { AppError } from '../errors/app-error.js';
import { isLoopbackHost } from './loopback.js';
import { defaultRouteAuth, scopeAllows, type RouteAuth } from './scope.js';
import { TokenVerifier, credentialOf } from './token-verifier.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a route needs (`none` = open). Without it: `read` for GET/HEAD, `write` otherwise. */
    auth?: RouteAuth;
  }
}

export interface AuthOptions {
  readonly host: string;
  readonly tokens: readonly ApiToken[];
}

/** Thrown at start when the api would run without tokens on an address other machines can reach. */
export class OpenApiRefusedError extends Error {
  constructor(host: string) {
    super(
      `refusing to start: HOST=${host} is not a loopback address and no API tokens are configured. ` +
        'Set API_TOKENS (e.g. API_TOKENS="<token>:admin") or auth.tokens in the config file, or listen on 127.0.0.1.',
    );
    this.name = 'OpenApiRefusedError';
  }
}

/**
 * Bearer-token auth with scopes read < write < admin, checked in onRequest (before any body is read).
 * Failures are thrown as AppError (401/403) so each scope's error handler answers in its protocol's shape
 * (Prometheus JSON on the read API, InfluxDB JSON on the write endpoints).
 * No tokens on a loopback host: open, with a warning. No tokens elsewhere: refuses to start.
 */
const authPluginImpl: FastifyPluginAsync<AuthOptions> = async (app, opts) => {
  const verifier = new TokenVerifier(opts.tokens);
  if (verifier.size === 0) {
    if (!isLoopbackHost(opts.host)) throw new OpenApiRefusedError(opts.host);
    app.log.warn(
      { host: opts.host },
      'no API tokens configured: the api is OPEN to every local process (allowed only on loopback addresses; set API_TOKENS to require tokens)',
    );
    return;
  }
  app.log.info({ tokens: verifier.size }, 'API token auth enabled');

  app.addHook('onRequest', async (request, reply) => {
    const required = request.routeOptions.config?.auth ?? defaultRouteAuth(request.method);
    if (required === 'none') return;
    const token = credentialOf(request.headers.authorization);
    const scope = token === undefined ? undefined : verifier.scopeOf(token);
    if (scope === undefined) {
      reply.header('www-authenticate', 'Bearer realm="api"');
      throw new AppError('unauthorized', token === undefined ? 'missing bearer token (Authorization: Bearer <token>)' : 'invalid token');
    }
    if (!scopeAllows(scope, required)) {
      throw new AppError('forbidden', `this token has scope "${scope}"; this endpoint needs "${required}"`);
    }
  });
};

export const authPlugin = fp(authPluginImpl, { name: 'auth', fastify: '5.x' });
