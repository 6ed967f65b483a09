import { SCOPES, type Scope } from '../config/config-schema.js';

/** What a route requires: a scope, or `none` for the open routes (/healthz, /readyz). */
export type RouteAuth = Scope | 'none';

/** Scopes are ordered read < write < admin: a token grants its own scope and every weaker one. */
export function scopeAllows(granted: Scope, required: Scope): boolean {
  return SCOPES.indexOf(granted) >= SCOPES.indexOf(required);
}

/** The scope a route needs when it does not declare one: reads for GET/HEAD, writes for everything else. */
export function defaultRouteAuth(method: string): Scope {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}
