import os from 'node:os';
import { dirname, resolve as resolvePath } from 'node:path';
import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { CONFIG_DEFAULTS } from './config-defaults.js';
import { ConfigError } from './config-error.js';
import {
  API_SECTIONS,
  COLLECTOR_SECTION,
  ConfigFileSchema,
  type CollectorConfig,
  type ConfigFile,
} from './config-schema.js';
import { parseDuration } from './duration.js';
import type { ResolveContext } from './resolve-context.js';
import { resolveLogsConfig } from './sections/logs-config.js';
import { resolveOtlpConfig } from './sections/otlp-config.js';
import { resolvePostgresConfig } from './sections/postgres-config.js';
import { resolveRedisConfig } from './sections/redis-config.js';
import { resolveScrapeConfig } from './sections/scrape-config.js';

/** The environment variables the collector reads (and only here: no `process.env` elsewhere). */
export interface CollectorEnv {
  readonly CONFIG?: string;
  readonly HOST?: string;
  readonly PORT?: string;
  readonly COLLECTOR_TOKEN?: string;
  /** Where the collector keeps state (log offsets under `<DATA_DIR>/collector/`), default ./data as the api. */
  readonly DATA_DIR?: string;
}

type Path = readonly (string | number)[];

interface Located {
  readonly file: string;
  readonly lineOf: (path: Path) => number | undefined;
  /** Where the collector's settings sit in the file: [] or ['collector']. */
  readonly prefix: Path;
}

/** `--config <path>` or `--config=<path>` from the command line, else undefined. */
export function configPathFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--config') return argv[i + 1];
    if (a.startsWith('--config=')) return a.slice('--config='.length);
  }
  return undefined;
}

/**
 * Loads the collector configuration: the YAML file from `--config` (else `CONFIG`); a file that does not exist
 * means "all defaults". Validates it against the schema, applies `HOST`/`PORT`/`COLLECTOR_TOKEN` and returns a
 * deeply frozen object. Errors are ConfigError naming the file, line and field.
 */
export function loadConfig(
  env: CollectorEnv,
  argv: readonly string[] = [],
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): CollectorConfig {
  const path = configPathFromArgv(argv) ?? nonEmpty(env.CONFIG);
  let file: ConfigFile = {};
  let located: Located | undefined;
  if (path !== undefined) {
    let text: string | undefined;
    try {
      text = readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ConfigError(`config file ${path}: cannot read: ${(err as Error).message}`, { file: path });
      }
    }
    if (text !== undefined) ({ file, located } = parseConfigText(text, path));
  }
  return resolveConfig(file, env, located);
}

/** Parses and schema-checks YAML text (exported for tests and config linting). */
export function parseConfigText(text: string, path: string): { file: ConfigFile; located: Located } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lineCounter.linePos(e.pos[0]).line;
    throw new ConfigError(`config file ${path}:${line}: YAML syntax error: ${e.message.split('\n')[0]}`, { file: path, line });
  }
  const root: unknown = doc.toJS() ?? {};
  // A shared file (npm start passes one CONFIG to the api and the collector): the collector's settings are
  // under `collector:` and the api's sections are ignored. A file of the collector's own has them at the top.
  let raw: unknown = root;
  let prefix: (string | number)[] = [];
  if (isPlainObject(root)) {
    if (Object.hasOwn(root, COLLECTOR_SECTION)) {
      raw = root[COLLECTOR_SECTION] ?? {};
      prefix = [COLLECTOR_SECTION];
    } else {
      raw = Object.fromEntries(Object.entries(root).filter(([k]) => !(API_SECTIONS as readonly string[]).includes(k)));
    }
  }
  const located: Located = {
    file: path,
    lineOf: (p) => {
      const full = [...prefix, ...p];
      for (let n = full.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(full.slice(0, n), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
    prefix,
  };
  if (!Value.Check(ConfigFileSchema, raw)) {
    const first = firstError(raw);
    throw configError(located, first.path, first.message);
  }
  return { file: raw, located };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function firstError(raw: unknown): { path: (string | number)[]; message: string } {
  // Union errors (e.g. for logLevel) come with a less specific sibling; prefer the deepest path.
  let best: { path: (string | number)[]; message: string } | undefined;
  for (const e of Value.Errors(ConfigFileSchema, raw)) {
    const path = e.path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    const message = friendlyMessage(e.message, e.schema as { anyOf?: Array<{ const?: unknown }>; pattern?: string }, e.value);
    if (!best || path.length > best.path.length) best = { path, message };
  }
  return best ?? { path: [], message: 'invalid configuration' };
}

function friendlyMessage(message: string, schema: { anyOf?: Array<{ const?: unknown }>; pattern?: string }, value: unknown): string {
  if (message === 'Unexpected property') return 'unknown setting (see collector/CONFIG.md)';
  if (schema.anyOf !== undefined && schema.anyOf.every((s) => s.const !== undefined)) {
    return `${JSON.stringify(value)} is not one of ${schema.anyOf.map((s) => String(s.const)).join(', ')}`;
  }
  if (schema.pattern === '^https?://') return `${JSON.stringify(value)} is not an http:// or https:// URL`;
  return message;
}

function configError(located: Located | undefined, path: Path, message: string): ConfigError {
  const full = [...(located?.prefix ?? []), ...path];
  const field = full.length > 0 ? full.join('.') : '(root)';
  if (!located) return new ConfigError(`config: ${field}: ${message}`, { field });
  const line = located.lineOf(path);
  return new ConfigError(`config file ${located.file}${line !== undefined ? `:${line}` : ''}: ${field}: ${message}`, {
    file: located.file,
    line,
    field,
  });
}

function resolveConfig(file: ConfigFile, env: CollectorEnv, located: Located | undefined): CollectorConfig {
  const D = CONFIG_DEFAULTS;
  const check = <T>(path: Path, parse: () => T): T => {
    try {
      return parse();
    } catch (err) {
      throw configError(located, path, (err as Error).message);
    }
  };
  const duration = (path: Path, value: string | undefined, def: string, min = 1): number => {
    const ms = check(path, () => parseDuration(value ?? def));
    if (ms < min) throw configError(located, path, `must be at least ${min}ms`);
    return ms;
  };
  const regex = (path: Path, value: string | undefined, def: string): string => {
    const source = value ?? def;
    check(path, () => new RegExp(source));
    return source;
  };

  const apiHost = connectHost(nonEmpty(env.HOST) ?? D.apiHost);
  let apiPort: number = D.apiPort;
  if (nonEmpty(env.PORT) !== undefined) {
    const p = (env.PORT as string).trim();
    if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535) {
      throw new ConfigError(`environment variable PORT: "${env.PORT}" is not a port number (1-65535)`, { field: 'PORT' });
    }
    apiPort = Number(p);
  }
  const apiBase = `http://${apiHost}:${apiPort}`;

  const intervalMs = duration(['interval'], file.interval, D.interval);

  const h = file.host ?? {};
  const host = {
    enabled: h.enabled ?? D.host.enabled,
    intervalMs: h.interval !== undefined ? duration(['host', 'interval'], h.interval, D.interval) : intervalMs,
    procPath: h.procPath ?? D.host.procPath,
    sysPath: h.sysPath ?? D.host.sysPath,
    rootfsPath: h.rootfsPath ?? D.host.rootfsPath,
    ignoredMountPoints: regex(['host', 'ignoredMountPoints'], h.ignoredMountPoints, D.host.ignoredMountPoints),
    ignoredFsTypes: regex(['host', 'ignoredFsTypes'], h.ignoredFsTypes, D.host.ignoredFsTypes),
    ignoredNetDevices: regex(['host', 'ignoredNetDevices'], h.ignoredNetDevices, D.host.ignoredNetDevices),
    ignoredDiskDevices: regex(['host', 'ignoredDiskDevices'], h.ignoredDiskDevices, D.host.ignoredDiskDevices),
    labels: Object.freeze({ job: D.host.job, instance: os.hostname(), ...(h.labels ?? {}) }),
  };

  const token = nonEmpty(env.COLLECTOR_TOKEN) ?? nonEmpty(file.sink?.token);
  const s = file.sink ?? {};
  const kind = s.kind ?? D.sink.kind;
  if (kind === 'influxdb-v1' && s.url === undefined) {
    throw configError(located, ['sink', 'url'], 'is required when sink.kind is influxdb-v1 (e.g. http://127.0.0.1:8086)');
  }
  if (kind === 'influxdb-v1' && s.db === undefined) {
    throw configError(located, ['sink', 'db'], 'is required when sink.kind is influxdb-v1');
  }
  if (kind === 'remote-write' && s.url === undefined) {
    throw configError(located, ['sink', 'url'], 'is required when sink.kind is remote-write (e.g. http://127.0.0.1:9090/api/v1/write)');
  }
  if (s.url !== undefined) {
    const url = check(['sink', 'url'], () => new URL(s.url as string));
    if (kind === 'api' && (url.pathname.endsWith('/api/v2/write') || url.pathname === '/write')) {
      throw configError(
        located,
        ['sink', 'url'],
        'kind api sends Prometheus remote_write, which the api takes on /api/v1/write; for line protocol to /api/v2/write or /write use kind influxdb-v1',
      );
    }
  }
  const r = s.retry ?? {};
  const initialDelayMs = duration(['sink', 'retry', 'initialDelay'], r.initialDelay, D.sink.retry.initialDelay);
  const maxDelayMs = duration(['sink', 'retry', 'maxDelay'], r.maxDelay, D.sink.retry.maxDelay);
  if (maxDelayMs < initialDelayMs) throw configError(located, ['sink', 'retry', 'maxDelay'], 'must not be shorter than initialDelay');
  const batchSize = s.batchSize ?? D.sink.batchSize;
  const maxBufferSamples = s.maxBufferSamples ?? D.sink.maxBufferSamples;
  if (maxBufferSamples < batchSize) throw configError(located, ['sink', 'maxBufferSamples'], 'must be at least sink.batchSize');

  const sink = {
    kind,
    url: s.url ?? `${apiBase}/api/v1/write`,
    db: s.db,
    precision: s.precision ?? D.sink.precision,
    token,
    batchSize,
    flushIntervalMs: duration(['sink', 'flushInterval'], s.flushInterval, D.sink.flushInterval),
    maxBufferSamples,
    timeoutMs: duration(['sink', 'timeout'], s.timeout, D.sink.timeout),
    retry: {
      initialDelayMs,
      maxDelayMs,
      multiplier: r.multiplier ?? D.sink.retry.multiplier,
      jitter: r.jitter ?? D.sink.retry.jitter,
    },
  };

  const ctx: ResolveContext = {
    intervalMs,
    apiBase,
    token,
    duration,
    check,
    error: (path, message) => configError(located, path, message),
    resolvePath: (p) => resolvePath(located ? dirname(located.file) : process.cwd(), p),
    dataDir: resolvePath(nonEmpty(env.DATA_DIR) ?? D.dataDir),
  };

  return deepFreeze<CollectorConfig>({
    configFile: located?.file,
    intervalMs,
    logLevel: file.logLevel ?? D.logLevel,
    host,
    scrape: resolveScrapeConfig(file.scrape, ctx),
    postgres: resolvePostgresConfig(file.postgres, ctx),
    redis: resolveRedisConfig(file.redis, ctx),
    otlp: resolveOtlpConfig(file.otlp, ctx),
    logs: resolveLogsConfig(file.logs, ctx),
    sink,
  });
}

/** The api may listen on a wildcard address; the collector must connect to a concrete one. */
function connectHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  if (host.includes(':') && !host.startsWith('[')) return `[${host}]`;
  return host;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
