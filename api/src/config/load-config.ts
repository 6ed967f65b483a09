import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { AppError } from '../errors/app-error.js';
import { parseByteSize } from './byte-size.js';
import { parseDuration } from './duration.js';
import { resolveNotifyConfig } from '../notify/notify-config.js';
import {
  ConfigFileSchema,
  LOG_LEVELS,
  SCOPES,
  type ApiConfig,
  type ApiToken,
  type ConfigFile,
  type LogLevel,
  type Scope,
} from './config-schema.js';

/** The environment variables the api reads (and only here: no `process.env` elsewhere). */
export interface ConfigEnv {
  readonly CONFIG?: string;
  readonly HOST?: string;
  readonly PORT?: string;
  readonly DATA_DIR?: string;
  readonly API_TOKENS?: string;
  readonly LOG_LEVEL?: string;
  /** Folder of the rule files (`<dir>/*.yaml` and `<dir>/*.yml`) when `rules.files` is not set; default alert-rules. */
  readonly ALERT_RULES_DIR?: string;
  /** Folder of the SLO files (`<dir>/*.yaml` and `<dir>/*.yml`) when `slo.files` is not set; default slo. */
  readonly SLO_DIR?: string;
  /** Folder of the dashboard's board files (overrides dashboard.boardsDir). */
  readonly BOARDS_DIR?: string;
  /** The dashboard's base URL for links in notifications (overrides server.externalUrl). */
  readonly EXTERNAL_URL?: string;
  /** PagerDuty Events API host[:port] (overrides notify.pagerduty.server); always HTTPS. */
  readonly PAGERDUTY_SERVER?: string;
  /** The default PagerDuty routing key (overrides notify.pagerduty.routingKey). */
  readonly PAGERDUTY_ROUTING_KEY?: string;
}

export const DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  retention: '15d',
  blockDuration: '2h',
  sync: 'full' as const,
  maxBodyBytes: '64MiB',
  lookbackDelta: '5m',
  timeout: '2m',
  maxSamples: 50_000_000,
  logLevel: 'info' as LogLevel,
  alertRulesDir: 'alert-rules',
  sloDir: 'slo',
  sloEvaluationInterval: '30s',
  evaluationInterval: '1m',
  logRetention: '7d',
});


interface Located {
  readonly file: string;
  readonly lineOf: (path: readonly (string | number)[]) => number | undefined;
}

/**
 * Reads the api configuration: the YAML file named by `CONFIG` (an explicitly named file that is missing is an
 * error; without `CONFIG` every setting takes its default), then the environment (`HOST`, `PORT`, `DATA_DIR`,
 * `API_TOKENS`, `LOG_LEVEL` override the file). Validates everything once and returns a deeply frozen object.
 * Errors are AppError('bad_data') whose message names the file, line and field.
 */
export function loadConfig(env: ConfigEnv, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): ApiConfig {
  let file: ConfigFile = {};
  let located: Located | undefined;
  if (env.CONFIG !== undefined && env.CONFIG !== '') {
    const path = env.CONFIG;
    let text: string;
    try {
      text = readFile(path);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String((err as Error).message);
      throw new AppError('bad_data', `config file ${path}: ${reason} (set by CONFIG)`, { position: { file: path }, cause: err });
    }
    ({ file, located } = parseConfigText(text, path));
  }
  return resolveConfig(file, env, located, readFile);
}

/** Parses and schema-checks YAML text. Exported for tests and for tools that validate config files. */
export function parseConfigText(text: string, path: string): { file: ConfigFile; located: Located } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line;
    throw new AppError('bad_data', `config file ${path}:${line}: YAML syntax error: ${e.message.split('\n')[0]}`, {
      position: { file: path, line },
    });
  }
  const located: Located = {
    file: path,
    lineOf: (p) => {
      for (let n = p.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
  const raw: unknown = doc.toJS() ?? {};
  if (!Value.Check(ConfigFileSchema, raw)) {
    const first = firstError(raw);
    throw configError(located, first.path, first.message);
  }
  return { file: raw, located };
}

function firstError(raw: unknown): { path: (string | number)[]; message: string } {
  // The union errors (e.g. scope) are least helpful; prefer the deepest error path.
  let best: { path: (string | number)[]; message: string } | undefined;
  for (const e of Value.Errors(ConfigFileSchema, raw)) {
    const path = e.path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    const message = e.message === 'Unexpected property' ? 'unknown setting (see CONFIG.md for the settings)' : e.message;
    if (!best || path.length > best.path.length) best = { path, message };
  }
  return best ?? { path: [], message: 'invalid configuration' };
}

function configError(located: Located | undefined, path: readonly (string | number)[], message: string): AppError {
  const field = path.length > 0 ? path.join('.') : '(root)';
  if (!located) return new AppError('bad_data', `config: ${field}: ${message}`);
  const line = located.lineOf(path);
  return new AppError('bad_data', `config file ${located.file}${line !== undefined ? `:${line}` : ''}: ${field}: ${message}`, {
    position: { file: located.file, line },
  });
}

function resolveConfig(file: ConfigFile, env: ConfigEnv, located: Located | undefined, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): ApiConfig {
  const fromFile = <T>(path: (string | number)[], parse: () => T): T => {
    try {
      return parse();
    } catch (err) {
      throw configError(located, path, (err as Error).message);
    }
  };
  const fromEnv = <T>(name: keyof ConfigEnv, parse: () => T): T => {
    try {
      return parse();
    } catch (err) {
      throw new AppError('bad_data', `environment variable ${name}: ${(err as Error).message}`);
    }
  };

  const host = nonEmpty(env.HOST) ?? file.server?.host ?? DEFAULTS.host;
  const port =
    nonEmpty(env.PORT) !== undefined ? fromEnv('PORT', () => parsePort(env.PORT as string)) : (file.server?.port ?? DEFAULTS.port);
  const dataDir = nonEmpty(env.DATA_DIR) ?? file.storage?.dataDir ?? DEFAULTS.dataDir;

  const duration = (section: string, key: string, value: string | undefined, def: string): number =>
    fromFile([section, key], () => parseDuration(value ?? def));
  const retentionMs = duration('storage', 'retention', file.storage?.retention, DEFAULTS.retention);
  const blockDurationMs = duration('storage', 'blockDuration', file.storage?.blockDuration, DEFAULTS.blockDuration);
  if (blockDurationMs <= 0) throw configError(located, ['storage', 'blockDuration'], 'must be greater than 0');
  const lookbackDeltaMs = duration('query', 'lookbackDelta', file.query?.lookbackDelta, DEFAULTS.lookbackDelta);
  if (lookbackDeltaMs <= 0) throw configError(located, ['query', 'lookbackDelta'], 'must be greater than 0');
  const timeoutMs = duration('query', 'timeout', file.query?.timeout, DEFAULTS.timeout);
  const logRetentionMs = duration('logs', 'retention', file.logs?.retention, DEFAULTS.logRetention);
  if (logRetentionMs <= 0) throw configError(located, ['logs', 'retention'], 'must be greater than 0');
  const maxBodyBytes = fromFile(['ingest', 'maxBodyBytes'], () => parseByteSize(file.ingest?.maxBodyBytes ?? DEFAULTS.maxBodyBytes));
  if (maxBodyBytes < 1) throw configError(located, ['ingest', 'maxBodyBytes'], 'must be at least 1 byte');

  const evaluationIntervalMs = duration('rules', 'evaluationInterval', file.rules?.evaluationInterval, DEFAULTS.evaluationInterval);
  if (evaluationIntervalMs <= 0) throw configError(located, ['rules', 'evaluationInterval'], 'must be greater than 0');
  const rulesDir = nonEmpty(env.ALERT_RULES_DIR) ?? DEFAULTS.alertRulesDir;
  const ruleFiles = file.rules?.files ?? [`${rulesDir}/*.yaml`, `${rulesDir}/*.yml`];
  const sloIntervalMs = duration('slo', 'evaluationInterval', file.slo?.evaluationInterval, DEFAULTS.sloEvaluationInterval);
  if (sloIntervalMs <= 0) throw configError(located, ['slo', 'evaluationInterval'], 'must be greater than 0');
  const sloDir = nonEmpty(env.SLO_DIR) ?? DEFAULTS.sloDir;
  const sloFiles = file.slo?.files ?? [`${sloDir}/*.yaml`, `${sloDir}/*.yml`];

  const tokens: ApiToken[] = [...(file.auth?.tokens ?? [])];
  if (nonEmpty(env.API_TOKENS) !== undefined) tokens.push(...fromEnv('API_TOKENS', () => parseTokenList(env.API_TOKENS as string)));

  let level: LogLevel = file.log?.level ?? DEFAULTS.logLevel;
  if (nonEmpty(env.LOG_LEVEL) !== undefined) {
    const l = (env.LOG_LEVEL as string).toLowerCase();
    if (!(LOG_LEVELS as readonly string[]).includes(l)) {
      throw new AppError('bad_data', `environment variable LOG_LEVEL: "${env.LOG_LEVEL}" is not one of ${LOG_LEVELS.join(', ')}`);
    }
    level = l as LogLevel;
  }

  const externalUrl = nonEmpty(env.EXTERNAL_URL) ?? file.server?.externalUrl;
  if (externalUrl !== undefined && !/^https?:\/\/[^/]/.test(externalUrl)) {
    throw nonEmpty(env.EXTERNAL_URL) !== undefined
      ? new AppError('bad_data', `environment variable EXTERNAL_URL: "${externalUrl}" is not an http(s) URL`)
      : configError(located, ['server', 'externalUrl'], `"${externalUrl}" is not an http(s) URL`);
  }
  const notify = resolveNotifyConfig(file.notify, { env, readFile, error: (path, message) => configError(located, path, message) });

  return deepFreeze<ApiConfig>({
    configFile: located?.file,
    server: { host, port, externalUrl: externalUrl?.replace(/\/+$/, '') },
    storage: { dataDir, retentionMs, blockDurationMs, sync: file.storage?.sync ?? DEFAULTS.sync },
    ingest: { maxBodyBytes },
    query: { lookbackDeltaMs, timeoutMs, maxSamples: file.query?.maxSamples ?? DEFAULTS.maxSamples },
    auth: { tokens },
    rules: { files: ruleFiles, evaluationIntervalMs },
    slo: { files: sloFiles, evaluationIntervalMs: sloIntervalMs },
    logs: { retentionMs: logRetentionMs },
    dashboard: { boardsDir: nonEmpty(env.BOARDS_DIR) ?? file.dashboard?.boardsDir },
    log: { level },
    notify,
  });
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function parsePort(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) > 65535) throw new RangeError(`"${text}" is not a port number (0-65535)`);
  return Number(text);
}

/** `API_TOKENS`: a comma-separated list of `token:scope` (scope read, write or admin). */
export function parseTokenList(text: string): ApiToken[] {
  const out: ApiToken[] = [];
  for (const entry of text.split(',')) {
    const item = entry.trim();
    if (item === '') continue;
    const colon = item.lastIndexOf(':');
    const token = colon > 0 ? item.slice(0, colon) : '';
    const scope = colon > 0 ? item.slice(colon + 1) : '';
    if (token === '' || !(SCOPES as readonly string[]).includes(scope)) {
      // Never echo the token itself: only its position in the list.
      throw new RangeError(`entry ${out.length + 1} must be token:scope with scope one of ${SCOPES.join(', ')}`);
    }
    out.push({ token, scope: scope as Scope });
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
