import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig } from './config/load-config.js';
import { formatDuration } from './config/duration.js';
import type { ApiConfig } from './config/config-schema.js';
import { isLoopbackHost } from './auth/loopback.js';
import { SqliteMetricStore } from './storage/sqlite/sqlite-metric-store.js';
import type { MetricStore } from './storage/metric-store.js';

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

  let app: FastifyInstance;
  try {
    app = await buildApp({ config, store, logger: log });
    await app.listen({ host: config.server.host, port: config.server.port });
  } catch (err) {
    log.fatal({ err }, `cannot start the api: ${(err as Error).message}`);
    await store.close().catch((closeErr: unknown) => log.error({ err: closeErr }, 'closing the metric store failed'));
    process.exit(EXIT_CANNOT_START);
  }

  logServing(log, app, config);
  installShutdown(log, app, store);
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

function installShutdown(log: Logger, app: FastifyInstance, store: MetricStore): void {
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
}

await main();
