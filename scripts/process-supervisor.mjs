// Process supervision shared by `npm start` (scripts/start.mjs) and `npm run demo` (scripts/demo.mjs): runs Node
// entry scripts as children in their own process groups, prefixes their output lines (pino JSON pretty-printed on
// a terminal), stops them in a given order on Ctrl-C / SIGTERM / SIGHUP (SIGTERM, then SIGKILL after a timeout),
// and stops everything when one of them dies on its own. Plain Node ESM, no dependencies.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import http from 'node:http';

// pino's JSON lines are turned into `12:00:01.123 INFO  [api] message key=value` on a terminal, so the
// processes read well side by side; LOG_FORMAT=json keeps the raw JSON (for log shippers), LOG_FORMAT=pretty forces this.
const pretty = process.env.LOG_FORMAT ? process.env.LOG_FORMAT === 'pretty' : Boolean(process.stdout.isTTY);
const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const OMIT = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

/** One output line of a child, pretty-printed when it is a pino JSON record. */
export function formatLogLine(line, prefix) {
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

/** The address to probe a server listening on `host` (a wildcard address is reached through loopback). */
export function probeHostFor(host) {
  return host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '::1' : host.replace(/^\[(.*)\]$/, '$1');
}

/** Resolves true when GET http://host:port/path answers 200 within a second. */
export function probeHttp(host, port, path) {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path, timeout: 1000 }, (res) => {
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

/**
 * A supervisor for a few child processes.
 * @param {{ tag: string, cwd: string, stopOrder: string[], stopTimeoutMs: Record<string, number>, stoppingMessage: string }} options
 *   tag prefixes the supervisor's own lines (`[start] ...`); children are stopped in `stopOrder` (names not in it
 *   last); `stoppingMessage` follows the signal name when a signal arrives.
 */
export function createSupervisor({ tag, cwd, stopOrder, stopTimeoutMs, stoppingMessage }) {
  /** @type {Map<string, {child: import('node:child_process').ChildProcess, exited: Promise<{code: number|null, signal: string|null}>, done: boolean}>} */
  const procs = new Map();
  let stopping = false;

  function say(message) {
    process.stdout.write(`[${tag}] ${message}\n`);
  }

  /** Runs `node ...nodeArgs <entry> ...args` with `env` (default: this process's environment). */
  function run(name, entry, { args = [], env = process.env, nodeArgs = [] } = {}) {
    const child = spawn(process.execPath, [...nodeArgs, entry, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a terminal's Ctrl-C reaches only the supervisor, which then stops the children in order.
      detached: true,
    });
    const prefix = `[${name}]`;
    pipeLines(child.stdout, process.stdout, prefix);
    pipeLines(child.stderr, process.stderr, prefix);
    const state = { child, done: false, exited: undefined };
    state.exited = new Promise((resolve) => {
      child.on('error', (err) => {
        say(`${name} could not be started: ${err.message}`);
        state.done = true;
        resolve({ code: 127, signal: null });
      });
      child.on('exit', (code, signal) => {
        state.done = true;
        resolve({ code, signal });
        if (!stopping) {
          say(`${name} exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`}); stopping everything`);
          void shutdown(1);
        }
      });
    });
    procs.set(name, state);
    return state;
  }

  async function stopChild(name) {
    const p = procs.get(name);
    if (!p || p.done) return;
    p.child.kill('SIGTERM');
    const limit = stopTimeoutMs[name] ?? 15_000;
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limit);
    });
    const result = await Promise.race([p.exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      say(`${name} did not stop within ${limit / 1000} s; killing it`);
      p.child.kill('SIGKILL');
      await p.exited;
    } else if (result.code !== 0 && result.code !== null) {
      say(`${name} exited with code ${result.code} while stopping`);
    }
  }

  /** Stops every child in order and exits with `exitCode`. */
  async function shutdown(exitCode) {
    if (stopping) return;
    stopping = true;
    const names = [...stopOrder.filter((n) => procs.has(n)), ...[...procs.keys()].filter((n) => !stopOrder.includes(n))];
    for (const name of names) await stopChild(name);
    say(exitCode === 0 ? 'stopped cleanly' : 'stopped after a failure');
    process.exit(exitCode);
  }

  /** Polls GET http://host:port/path until it answers 200 (true), or `proc` exits, a stop begins or the time is up (false). */
  async function waitForHttp(proc, { host, port, path, timeoutMs }) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (proc.done || stopping) return false;
      if (await probeHttp(host, port, path)) return true;
      await new Promise((r) => setTimeout(r, 250));
    }
    return false;
  }

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (stopping) {
        say(`${signal} again: still stopping (in order: ${stopOrder.join(', ')})`);
        return;
      }
      say(`${signal}: ${stoppingMessage}`);
      void shutdown(0);
    });
  }
  // Never leave orphans behind if the supervisor dies some other way.
  process.on('exit', () => {
    for (const p of procs.values()) if (!p.done) p.child.kill('SIGKILL');
  });

  return { say, run, shutdown, waitForHttp, isStopping: () => stopping };
}

/** The Node flags the collector runs with (collector/node-args.json; the scrape benchmark uses the same). */
export function collectorNodeArgs(root) {
  return JSON.parse(readFileSync(path.join(root, 'collector', 'node-args.json'), 'utf8')).nodeArgs;
}
