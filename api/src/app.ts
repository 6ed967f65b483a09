import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { ApiConfig } from './config/config-schema.js';
import { authPlugin } from './auth/auth-plugin.js';
import { registerErrorHandler } from './http/error-handler.js';
import { registerResponseCompression } from './http/response-compression.js';
import { healthRoutes } from './health/health-routes.js';
import { httpMetricsPlugin } from './observability/http-metrics-plugin.js';
import { InstrumentedMetricStore } from './observability/instrumented-metric-store.js';
import { metricsRoutes } from './observability/metrics-routes.js';
import { readApiPlugin } from './read-api/read-api-plugin.js';
import { lineProtocolRoutes } from './ingest/line-protocol/routes.js';
import { remoteWriteRoutes } from './ingest/remote-write/routes.js';
import type { MetricStore } from './storage/metric-store.js';
import { logRoutes } from './logs/http/log-routes.js';
import type { LogStore } from './logs/log-store.js';
import { MemoryLogStore } from './logs/memory/memory-log-store.js';
import { InstrumentedLogStore } from './observability/instrumented-log-store.js';
import { rulesRoutes, type RulesSource } from './rules/rules-routes.js';
import { notifyRoutes, type NotifySource } from './notify/notify-routes.js';
import { sloRoutes, type SloSource } from './slo/slo-routes.js';
import { correctionsRoutes, type CorrectionsSource } from './slo/corrections-routes.js';
import { boardRoutes } from './boards/board-routes.js';
import { dashboardUiPlugin } from './dashboard-ui/dashboard-ui-plugin.js';
import { EventBus } from './events/event-bus.js';
import { eventsRoutes, type EventsRoutesOptions } from './events/events-routes.js';
import { PublishingLogStore } from './events/publishing-log-store.js';

export interface AppDeps {
  readonly config: ApiConfig;
  readonly store: MetricStore;
  /** A pino logger for request logs; without one, Fastify creates one at `config.log.level`. */
  readonly logger?: Logger;
  /** Registry for the api's own metrics; a fresh one by default (tests build several apps per process). */
  readonly registry?: Registry;
  /** Clock for default query times; Date.now by default. */
  readonly now?: () => number;
  /** The log store behind /api/v1/logs (not owned: the caller closes it); an in-memory one, lost on exit, by default. */
  readonly logStore?: LogStore;
  /** The rule engine (a RuleManager) behind /api/v1/rules, /api/v1/alerts and POST /-/reload; none: no rules. */
  readonly rules?: RulesSource;
  /** The PagerDuty notifier behind /api/v1/silences and /api/v1/notifications (not owned); none: those answer 503. */
  readonly notify?: NotifySource;
  /** The SLO engine (an SloManager) behind /api/v1/slos; none: an empty list. */
  readonly slos?: SloSource;
  /** Budget corrections behind /api/v1/slos/:name/corrections (not owned); none: those answer 503. */
  readonly corrections?: CorrectionsSource;
  /** The dashboard: board files (default: config.dashboard.boardsDir, else the repository's dashboard/boards) and the production build (default: dashboard/dist). */
  readonly dashboard?: { readonly boardsDir?: string; readonly distDir?: string };
  /** Live events behind GET /api/v1/events (alert transitions, SLO status, new log lines); a private bus by default. */
  readonly events?: EventBus;
  /** Stream settings of GET /api/v1/events (heartbeat, retry hint, slow-client limits); defaults in events-routes.ts. */
  readonly eventsStream?: Omit<EventsRoutesOptions, 'bus' | 'registry'>;
}

// api/src/app.ts and api/dist/app.js both sit two levels below the repository root.
const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/', import.meta.url));

/**
 * Builds the api: auth, self-metrics, health, ingest (InfluxDB line protocol, Prometheus remote_write) and the
 * Prometheus read API, with one error handler. Does not listen (server.ts does) and does not own the store.
 * Route plugins use the TypeBox type provider (FastifyPluginAsyncTypebox); every route has schemas.
 * Rejects with OpenApiRefusedError when no tokens are configured and the host is not a loopback address.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const registry = deps.registry ?? new Registry();
  collectDefaultMetrics({ register: registry });
  const store = new InstrumentedMetricStore(deps.store, registry);
  const logStore = new InstrumentedLogStore(deps.logStore ?? new MemoryLogStore({ retentionMs: config.logs.retentionMs }), registry);

  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger as FastifyBaseLogger } : { logger: { level: config.log.level } }),
    // Response bodies of the query API can be large; keep the default 1 MiB limit for JSON/form request bodies
    // (ingest routes set their own limit from ingest.maxBodyBytes).
    bodyLimit: 1024 * 1024,
  });

  registerErrorHandler(app);
  await registerResponseCompression(app);
  await app.register(authPlugin, { host: config.server.host, tokens: config.auth.tokens });
  await app.register(httpMetricsPlugin, { registry });

  await app.register(healthRoutes, { store });
  await app.register(metricsRoutes, { registry });
  await app.register(lineProtocolRoutes, { store, maxBodyBytes: config.ingest.maxBodyBytes });
  await app.register(remoteWriteRoutes, { store, maxBodyBytes: config.ingest.maxBodyBytes });
  await app.register(readApiPlugin, {
    store,
    lookbackDeltaMs: config.query.lookbackDeltaMs,
    timeoutMs: config.query.timeoutMs,
    maxSamples: config.query.maxSamples,
    now: deps.now,
  });
  const events = deps.events ?? new EventBus();
  await app.register(eventsRoutes, { ...deps.eventsStream, bus: events, registry });
  await app.register(logRoutes, { store: new PublishingLogStore(logStore, events), maxBodyBytes: config.ingest.maxBodyBytes, registry, now: deps.now });
  await app.register(rulesRoutes, { rules: deps.rules });
  await app.register(notifyRoutes, { notify: deps.notify, now: deps.now });
  await app.register(sloRoutes, { slos: deps.slos, now: deps.now });
  await app.register(correctionsRoutes, { corrections: deps.corrections, now: deps.now });
  await app.register(boardRoutes, { boardsDir: deps.dashboard?.boardsDir ?? config.dashboard.boardsDir ?? path.join(DASHBOARD_DIR, 'boards') });
  await app.register(dashboardUiPlugin, { distDir: deps.dashboard?.distDir ?? path.join(DASHBOARD_DIR, 'dist') });
  return app;
}
