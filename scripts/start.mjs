#!/usr/bin/env node
// `npm start`: runs the api, waits until it is ready, then runs the collector; one terminal for both logs.
// Ctrl-C / SIGTERM stops the collector first (so it flushes its buffer to the api), then the api (which closes
// the store), and exits 0. If either process dies on its own, the other is stopped and this exits non-zero.
// Plain Node ESM, no dependencies. Honours HOST, PORT, DATA_DIR and CONFIG (passed through to both processes).
// START_API_ENTRY / START_COLLECTOR_ENTRY override the two entry scripts (used by tests).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import http from 'node:http';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apiEntry = process.env.START_API_ENTRY || path.join(root, 'api', 'dist', 'server.js');
const collectorEntry = process.env.START_COLLECTOR_ENTRY || path.join(root, 'collector', 'dist', 'main.js');
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = { collector: 15_000, api: 30_000 };

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8080);
// A wildcard listen address is reached through loopback.
const probeHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '::1' : host.replace(/^\[(.*)\]$/, '$1');

/** @type {Map<string, {child: import('node:child_process').ChildProcess, exited: Promise<{code: number|null, signal: string|null}>, done: boolean}>} */
const procs = new Map();
let stopping = false;

function say(message) {
  process.stdout.write(`[start] ${message}\n`);
}

// pino's JSON lines are turned into `12:00:01.123 INFO  [api] message key=value` on a terminal, so both
// processes read well side by side; LOG_FORMAT=json keeps the raw JSON (for log shippers), LOG_FORMAT=pretty forces this.
const pretty = process.env.LOG_FORMAT ? process.env.LOG_FORMAT === 'pretty' : Boolean(process.stdout.isTTY);
const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const OMIT = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

function formatLogLine(line, prefix) {
  if (!line.startsWith('{')) return `${prefix} ${line}`;
  let rec;
  try {
    rec = JSON.parse(line);
  } catch {
    return `${prefix} ${line}`;
  }
  if (typeof rec !== 'object' || rec === null || !('level' in rec)) return `${prefix} ${line}`;
  const time = typeof rec.time === 'number' ? new Date(rec.time).toISOString().slice(11, 23) : '';
  const fields = Object.entries(rec)
    .filter(([k]) => !OMIT.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? (/\s/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v)}`)
    .join(' ');
  return `${time} ${LEVELS[rec.level] ?? rec.level} ${prefix} ${rec.msg ?? ''}${fields ? '  ' + fields : ''}`;
}

function pipeLines(stream, out, prefix) {
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', (line) => out.write(`${pretty ? formatLogLine(line, prefix) : `${prefix} ${line}`}\n`));
}

function run(name, entry) {
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal's Ctrl-C reaches only this script, which then stops the children in order.
    detached: true,
  });
  const prefix = `[${name}]`;
  pipeLines(child.stdout, process.stdout, prefix);
  pipeLines(child.stderr, process.stderr, prefix);
  const entryState = { child, done: false, exited: undefined };
  entryState.exited = new Promise((resolve) => {
    child.on('error', (err) => {
      say(`${name} could not be started: ${err.message}`);
      entryState.done = true;
      resolve({ code: 127, signal: null });
    });
    child.on('exit', (code, signal) => {
      entryState.done = true;
      resolve({ code, signal });
      if (!stopping) {
        say(`${name} exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`}); stopping everything`);
        void shutdown(1);
      }
    });
  });
  procs.set(name, entryState);
  return entryState;
}

async function stopChild(name) {
  const p = procs.get(name);
  if (!p || p.done) return;
  p.child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS[name]);
  });
  const result = await Promise.race([p.exited, timeout]);
  clearTimeout(timer);
  if (result === 'timeout') {
    say(`${name} did not stop within ${STOP_TIMEOUT_MS[name] / 1000} s; killing it`);
    p.child.kill('SIGKILL');
    await p.exited;
  } else if (result.code !== 0 && result.code !== null) {
    say(`${name} exited with code ${result.code} while stopping`);
  }
}

async function shutdown(exitCode) {
  if (stopping) return;
  stopping = true;
  await stopChild('collector');
  await stopChild('api');
  say(exitCode === 0 ? 'stopped cleanly' : 'stopped after a failure');
  process.exit(exitCode);
}

function probeReady() {
  return new Promise((resolve) => {
    const req = http.get({ host: probeHost, port, path: '/readyz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

async function waitForApi(api) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (api.done || stopping) return false;
    if (await probeReady()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (stopping) {
      say(`${signal} again: still stopping (waiting for the collector, then the api)`);
      return;
    }
    say(`${signal}: stopping the collector, then the api`);
    void shutdown(0);
  });
}
// Never leave orphans behind if this script dies some other way.
process.on('exit', () => {
  for (const p of procs.values()) if (!p.done) p.child.kill('SIGKILL');
});

say(`starting the api (${path.relative(root, apiEntry)}) on ${host}:${port}`);
const api = run('api', apiEntry);
if (await waitForApi(api)) {
  if (!stopping) {
    say(`api ready on http://${host.includes(':') ? `[${probeHost}]` : host}:${port}; starting the collector (${path.relative(root, collectorEntry)})`);
    run('collector', collectorEntry);
  }
} else if (!stopping) {
  say(`the api did not become ready on http://${probeHost}:${port}/readyz within ${READY_TIMEOUT_MS / 1000} s`);
  await shutdown(1);
}
