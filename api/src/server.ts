import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig } from './config/load-config.js';
import { formatDuration } from './config/duration.js';
import type { ApiConfig } from './config/config-schema.js';
import { isLoopbackHost } from './auth/loopback.js';
import { SqliteMetricStore } from './storage/sqlite/sqlite-metric-store.js';
import type { MetricStore } from './storage/metric-store.js';
import { SqliteLogStore } from './logs/sqlite/sqlite-log-store.js';
import { Registry } from 'prom-client';
import { RuleManager } from './rules/rule-manager.js';
import { createRulesMetrics } from './rules/rules-metrics.js';
import { SloManager } from './slo/slo-manager.js';
import { LONG_WINDOW_INTERVAL } from './slo/burn-rate-rules.js';
import { SloRuleSync } from './slo/slo-rule-sync.js';
import { SqliteBudgetCorrections } from './slo/sqlite-budget-corrections.js';
import { PagerDutyNotifier } from './notify/pagerduty-notifier.js';
import { EventBus } from './events/event-bus.js';
import { alertEventListener } from './events/alert-event-listener.js';
import { sloEventListener } from './events/slo-event-listener.js';

/**
 * The api process: read the config, open the embedded store in DATA_DIR, build the app, listen on HOST:PORT.
 * SIGINT/SIGTERM: stop accepting requests and finish in-flight ones (`app.close()`), then close the store (every
 * acknowledged sample is committed), then exit 0. Anything that prevents starting is logged and exits 2.
 */
const EXIT_CANNOT_START = 2;

async function main(): Promise<void> {
  let config: ApiConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    pino().fatal(`cannot start the api: ${(err as Error).message}`);
    process.exit(EXIT_CANNOT_START);
  }
  const log = pino({ level: config.log.level, base: { pid: process.pid }, redact: ['req.headers.authorization'] });

  let store: MetricStore;
  try {
    store = SqliteMetricStore.open({
      dataDir: config.storage.dataDir,
      retentionMs: config.storage.retentionMs,
      blockDurationMs: config.storage.blockDurationMs,
      sync: config.storage.sync,
      logger: log,
    });
  } catch (err) {
    log.fatal({ err, dataDir: config.storage.dataDir }, `cannot start the api: the metric store in ${config.storage.dataDir} failed to open: ${(err as Error).message}`);
    process.exit(EXIT_CANNOT_START);
  }

  // The log store (logs.db beside metrics.db) is closed by app.close() (onClose hook below), before the metric store.
  let logStore: SqliteLogStore;
  try {
    logStore = SqliteLogStore.open({ dataDir: config.storage.dataDir, retentionMs: config.logs.retentionMs, sync: config.storage.sync, logger: log });
  } catch (err) {
    log.fatal({ err, dataDir: config.storage.dataDir }, `cannot start the api: the log store in ${config.storage.dataDir} failed to open: ${(err as Error).message}`);
    await store.close().catch((closeErr: unknown) => log.error({ err: closeErr }, 'closing the metric store failed'));
    process.exit(EXIT_CANNOT_START);
  }

  const registry = new Registry();
  const rules = new RuleManager({
    files: config.rules.files,
    baseDir: process.cwd(),
    evaluationIntervalMs: config.rules.evaluationIntervalMs,
    store,
    lookbackDeltaMs: config.query.lookbackDeltaMs,
    maxSamples: config.query.maxSamples,
    queryTimeoutMs: config.query.timeoutMs,
    logger: log.child({ component: 'rules' }),
    metrics: createRulesMetrics(registry),
    externalURL: `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${config.server.port}`,
  });
  // PagerDuty notifications: outbox, groups and silences in notify.db beside metrics.db; closed by app.close().
  let notifier: PagerDutyNotifier;
  try {
    notifier = new PagerDutyNotifier({
      config: config.notify,
      dataDir: config.storage.dataDir,
      sync: config.storage.sync,
      externalUrl: config.server.externalUrl ?? `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${config.server.port}`,
      logger: log.child({ component: 'notify' }),
      registry,
    });
  } catch (err) {
    log.fatal({ err, dataDir: config.storage.dataDir }, `cannot start the api: the notification store in ${config.storage.dataDir} failed to open: ${(err as Error).message}`);
    await logStore.close().catch((closeErr: unknown) => log.error({ err: closeErr }, 'closing the log store failed'));
    await store.close().catch((closeErr: unknown) => log.error({ err: closeErr }, 'closing the metric store failed'));
    process.exit(EXIT_CANNOT_START);
  }
  rules.addListener(notifier.listener);
  // Live events for the dashboard (GET /api/v1/events): alert transitions, SLO status, new log lines.
  const events = new EventBus({ logger: log.child({ component: 'events' }) });
  rules.addListener(alertEventListener(events));
  // SLOs from slo/*.yaml: evaluated every slo.evaluationInterval; a bad file is left out and logged.
  const slos = new SloManager({
    files: config.slo.files,
    baseDir: process.cwd(),
    evaluationIntervalMs: config.slo.evaluationIntervalMs,
    store,
    lookbackDeltaMs: config.query.lookbackDeltaMs,
    maxSamples: config.query.maxSamples,
    queryTimeoutMs: config.query.timeoutMs,
    logger: log.child({ component: 'slo' }),
    // One writer of the slo:* series: the generated burn-rate recording rules (SloRuleSync below), as Sloth's.
    writeSeries: false,
  });
  // Budget corrections (slo-corrections.db beside metrics.db), set through /api/v1/slos/:name/corrections.
  const corrections = SqliteBudgetCorrections.open({ dataDir: config.storage.dataDir, sync: config.storage.sync });
  slos.useCorrections(corrections);
  const sloRules = new SloRuleSync({
    rules,
    slos,
    options: { externalUrl: config.server.externalUrl, longWindowInterval: LONG_WINDOW_INTERVAL },
    logger: log.child({ component: 'slo-rules' }),
  });
  let app: FastifyInstance;
  let shutdown: { readonly stopping: () => boolean } | undefined;
  try {
    app = await buildApp({
      config,
      store,
      logger: log,
      registry,
      rules,
      logStore,
      notify: notifier,
      slos,
      corrections: { store: corrections, sloExists: (name) => slos.status(name) !== undefined },
      events,
    });
    app.addHook('onClose', async () => {
      await slos.stop();
      corrections.close();
      await notifier.close();
      await logStore.close();
    });
    // Signals are handled from here on: a SIGTERM while rules and SLOs load (a first SLO evaluation can take
    // seconds) still shuts down in order and exits 0.
    shutdown = installShutdown(log, app, store, rules);
    await app.listen({ host: config.server.host, port: config.server.port });
    // A bad rule file does not stop the api: it starts without those rules and says why (and reloads on a fix).
    notifier.start();
    await rules.start();
    await slos.start();
    slos.addListener(sloRules);
    slos.addListener(sloEventListener(events));
    await sloRules.sync();
  } catch (err) {
    // Failures caused by a shutdown that began during start-up are that shutdown's business.
    if (shutdown?.stopping()) return;
    await slos.stop();
    await rules.stop();
    await notifier.close().catch((closeErr: unknown) => log.error({ err: closeErr }, 'closing the notifier failed'));
    log.fatal({ err }, `cannot start the api: ${(err as Error).message}`);
    await logStore.close().catch((closeErr: unknown) => log.error({ err: closeErr }, 'closing the log store failed'));
    await store.close().catch((closeErr: unknown) => log.error({ err: closeErr }, 'closing the metric store failed'));
    process.exit(EXIT_CANNOT_START);
  }

  logServing(log, app, config);
}

function logServing(log: Logger, app: FastifyInstance, config: ApiConfig): void {
  const addr = app.server.address();
  const port = addr !== null && typeof addr === 'object' ? addr.port : config.server.port;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  const base = `http://${host}:${port}`;
  log.info(
    {
      url: base,
      port,
      dataDir: config.storage.dataDir,
      configFile: config.configFile ?? null,
      retention: formatDuration(config.storage.retentionMs),
      auth: config.auth.tokens.length > 0 ? `${config.auth.tokens.length} token(s)` : 'open (loopback only)',
      loopback: isLoopbackHost(config.server.host),
    },
    `api serving on ${base}: Prometheus API ${base}/api/v1/query, InfluxDB write ${base}/api/v2/write and ${base}/write, ` +
      `remote_write ${base}/api/v1/write, metrics ${base}/metrics, health ${base}/healthz ${base}/readyz; data in ${config.storage.dataDir}`,
  );
}

function installShutdown(log: Logger, app: FastifyInstance, store: MetricStore, rules: RuleManager): { readonly stopping: () => boolean } {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    void (async () => {
      let code = 0;
      try {
        await app.close();
      } catch (err) {
        code = 1;
        log.error({ err }, 'closing the HTTP server failed');
      }
      // Rule evaluations in flight finish (and write) before the store closes.
      await rules.stop().catch((err: unknown) => log.error({ err }, 'stopping the rule engine failed'));
      try {
        await store.close();
        log.info('metric store closed; bye');
      } catch (err) {
        code = 1;
        log.error({ err }, 'closing the metric store failed');
      }
      process.exit(code);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('unhandledRejection', (err) => {
    log.fatal({ err }, 'unhandled promise rejection');
    process.exit(1);
  });
  return { stopping: () => stopping };
}

await main();
