import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ERROR_RESPONSES } from '../http/error-response.js';
import { PromBuildInfoResponseSchema, type PromBuildInfo, type PromBuildInfoResponse } from './response-schemas.js';

/**
 * The Prometheus version whose query API and PromQL semantics this api implements (and is tested against, side
 * by side). Reported as `version` so that clients which read it (Grafana's "Prometheus version" detection, which
 * parses it as semver to pick API features) see what they may rely on. The api's own version is in `revision`.
 */
export const PROMETHEUS_COMPATIBLE_VERSION = '2.42.0';

export interface BuildInfoOptions {
  /** The api's own version (package.json), reported as `revision`. */
  readonly apiVersion: string;
  /** When this process started, reported as `buildDate` in Prometheus's `20060102-15:04:05` form. */
  readonly startedAt?: Date;
}

function goDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** The build info body: no `features` field, so Grafana classifies the data source as plain Prometheus (no ruler API). */
export function buildInfo(opts: BuildInfoOptions): PromBuildInfo {
  return {
    version: PROMETHEUS_COMPATIBLE_VERSION,
    revision: `slo-api ${opts.apiVersion}`,
    branch: 'HEAD',
    buildUser: 'slo-api',
    buildDate: goDate(opts.startedAt ?? new Date()),
    // The field name is Prometheus's; the runtime here is Node.
    goVersion: `node ${process.version}`,
  };
}

/** `/api/v1/status/buildinfo` (GET), which Grafana's data source calls on "Save & test". */
export const buildInfoRoutes: FastifyPluginAsyncTypebox<BuildInfoOptions> = async (app, opts) => {
  const body: PromBuildInfoResponse = { status: 'success', data: buildInfo(opts) };
  app.get(
    '/api/v1/status/buildinfo',
    { config: { auth: 'read' }, schema: { response: { 200: PromBuildInfoResponseSchema, ...ERROR_RESPONSES } } },
    async (): Promise<PromBuildInfoResponse> => body,
  );
};
