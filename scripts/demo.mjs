#!/usr/bin/env node
// `npm run demo` (after `predemo` built everything): the api, the collector with demo/collector.yaml, the demo
// shop and its traffic generator, in one terminal. Start order: api (waits for /readyz), collector (waits for its
// OTLP receiver), shop (waits for /healthz), traffic. Ctrl-C / SIGTERM stops them in the reverse order: traffic,
// shop, collector (flushes to the api), api; exits 0. If one dies on its own, the rest are stopped, exit 1.
// Honours HOST, PORT and DATA_DIR like `npm start`; SHOP_PORT (default 8090) and OTLP_PORT (default 4318) move
// the shop and the collector's OTLP receiver; TRAFFIC_RATE etc. pass through to the traffic generator.
// DEMO_POSTGRES_DSN (default postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable) and DEMO_REDIS_ADDRESS
// (default 127.0.0.1:6379) point the collector's PostgreSQL and Redis sources at another server.
// The collector config is written to <DATA_DIR>/demo/config.yaml and passed as CONFIG to the api and the collector.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { collectorNodeArgs, createSupervisor, probeHostFor } from './process-supervisor.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = {
  api: path.join(root, 'api', 'dist', 'server.js'),
  collector: path.join(root, 'collector', 'dist', 'main.js'),
  shop: path.join(root, 'demo', 'dist', 'shop', 'main.js'),
  traffic: path.join(root, 'demo', 'dist', 'traffic', 'main.js'),
};
const READY_TIMEOUT_MS = 30_000;
const OTLP_WAIT_MS = 15_000;

const supervisor = createSupervisor({
  tag: 'demo',
  cwd: root,
  stopOrder: ['traffic', 'shop', 'collector', 'api'],
  stopTimeoutMs: { traffic: 10_000, shop: 10_000, collector: 15_000, api: 30_000 },
  stoppingMessage: 'stopping the traffic, the shop, the collector, then the api',
});
const { say } = supervisor;

function portFromEnv(name, def) {
  const raw = (process.env[name] ?? '').trim();
  if (raw === '') return def;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    say(`environment variable ${name}: "${raw}" is not a port number (1-65535)`);
    process.exit(1);
  }
  return Number(raw);
}

const host = process.env.HOST || '127.0.0.1';
const port = portFromEnv('PORT', 8080);
const shopPort = portFromEnv('SHOP_PORT', 8090);
const otlpPort = portFromEnv('OTLP_PORT', 4318);
const dataDir = path.resolve(root, process.env.DATA_DIR || 'data');
const probeHost = probeHostFor(host);
const shopUrl = `http://127.0.0.1:${shopPort}`;

/** demo/collector.yaml with each ${NAME} replaced by a JSON literal (valid YAML), written under DATA_DIR. */
function writeCollectorConfig() {
  const values = {
    SHOP_METRICS_URL: `${shopUrl}/metrics`,
    OTLP_PORT: otlpPort,
    SHOP_LOG_FILE: path.join(dataDir, 'demo', 'shop.log'),
    POSTGRES_DSN: (process.env.DEMO_POSTGRES_DSN ?? '').trim() || 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable',
    REDIS_ADDRESS: (process.env.DEMO_REDIS_ADDRESS ?? '').trim() || '127.0.0.1:6379',
  };
  const template = readFileSync(path.join(root, 'demo', 'collector.yaml'), 'utf8');
  const text = template.replace(/\$\{([A-Z_]+)\}/g, (whole, name) => (name in values ? JSON.stringify(values[name]) : whole));
  const file = path.join(dataDir, 'demo', 'config.yaml');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Resolves true once something accepts TCP connections on 127.0.0.1:port (false after `timeoutMs`). */
async function waitForListener(proc, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.done || supervisor.isStopping()) return false;
    const open = await new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const configFile = writeCollectorConfig();
const env = { ...process.env, HOST: host, PORT: String(port), DATA_DIR: dataDir, CONFIG: configFile };
const shopEnv = {
  ...env,
  SHOP_HOST: '127.0.0.1',
  SHOP_PORT: String(shopPort),
  OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME || 'shop',
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
};
const shown = (file) => (file.startsWith(root + path.sep) ? path.relative(root, file) : file);
say(`data in ${shown(dataDir)}; collector config ${shown(configFile)}`);

say(`starting the api on ${host}:${port}`);
const api = supervisor.run('api', entries.api, { env });
if (!(await supervisor.waitForHttp(api, { host: probeHost, port, path: '/readyz', timeoutMs: READY_TIMEOUT_MS }))) {
  if (!supervisor.isStopping()) {
    say(`the api did not become ready on http://${probeHost}:${port}/readyz within ${READY_TIMEOUT_MS / 1000} s`);
    await supervisor.shutdown(1);
  }
} else if (!supervisor.isStopping()) {
  say(`api ready on http://${host.includes(':') ? `[${probeHost}]` : host}:${port}; starting the collector`);
  const collector = supervisor.run('collector', entries.collector, { env, nodeArgs: collectorNodeArgs(root) });
  if (!(await waitForListener(collector, otlpPort, OTLP_WAIT_MS)) && !supervisor.isStopping()) {
    say(`the collector's OTLP receiver does not listen on 127.0.0.1:${otlpPort} after ${OTLP_WAIT_MS / 1000} s; starting the shop anyway`);
  }
  if (!supervisor.isStopping()) {
    say(`starting the shop on ${shopUrl} (log file ${path.join(dataDir, 'demo', 'shop.log')})`);
    const shop = supervisor.run('shop', entries.shop, { env: shopEnv });
    if (await supervisor.waitForHttp(shop, { host: '127.0.0.1', port: shopPort, path: '/healthz', timeoutMs: READY_TIMEOUT_MS })) {
      if (!supervisor.isStopping()) {
        say('shop ready; starting the traffic generator');
        supervisor.run('traffic', entries.traffic, { env: { ...shopEnv, TRAFFIC_TARGET: shopUrl } });
        say(`demo running: dashboard and API on http://${host.includes(':') ? `[${probeHost}]` : host}:${port}, shop on ${shopUrl}; Ctrl-C stops it`);
      }
    } else if (!supervisor.isStopping()) {
      say(`the shop did not become ready on ${shopUrl}/healthz within ${READY_TIMEOUT_MS / 1000} s`);
      await supervisor.shutdown(1);
    }
  }
}
