#!/usr/bin/env node
// `npm start`: runs the api, waits until it is ready, then runs the collector; one terminal for both logs.
// Ctrl-C / SIGTERM stops the collector first (so it flushes its buffer to the api), then the api (which closes
// the store), and exits 0. If either process dies on its own, the other is stopped and this exits non-zero.
// Plain Node ESM, no dependencies. Honours HOST, PORT, DATA_DIR and CONFIG (passed through to both processes).
// START_API_ENTRY / START_COLLECTOR_ENTRY override the two entry scripts (used by tests).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { collectorNodeArgs, createSupervisor, probeHostFor } from './process-supervisor.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apiEntry = process.env.START_API_ENTRY || path.join(root, 'api', 'dist', 'server.js');
const collectorEntry = process.env.START_COLLECTOR_ENTRY || path.join(root, 'collector', 'dist', 'main.js');
const READY_TIMEOUT_MS = 30_000;

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8080);
const probeHost = probeHostFor(host);

const supervisor = createSupervisor({
  tag: 'start',
  cwd: root,
  stopOrder: ['collector', 'api'],
  stopTimeoutMs: { collector: 15_000, api: 30_000 },
  stoppingMessage: 'stopping the collector, then the api',
});
const { say } = supervisor;

say(`starting the api (${path.relative(root, apiEntry)}) on ${host}:${port}`);
const api = supervisor.run('api', apiEntry);
if (await supervisor.waitForHttp(api, { host: probeHost, port, path: '/readyz', timeoutMs: READY_TIMEOUT_MS })) {
  if (!supervisor.isStopping()) {
    say(`api ready on http://${host.includes(':') ? `[${probeHost}]` : host}:${port}; starting the collector (${path.relative(root, collectorEntry)})`);
    supervisor.run('collector', collectorEntry, { nodeArgs: collectorNodeArgs(root) });
  }
} else if (!supervisor.isStopping()) {
  say(`the api did not become ready on http://${probeHost}:${port}/readyz within ${READY_TIMEOUT_MS / 1000} s`);
  await supervisor.shutdown(1);
}
