import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { parseDuration } from '../duration.js';
import type { ConfigPath, ResolveContext } from '../resolve-context.js';

const Duration = Type.String({ description: 'Prometheus duration, e.g. 500ms, 10s, 1m' });
const LabelsSchema = Type.Record(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }), Type.String());

/** A target of the collector's own short form: one URL. */
export const ScrapeTargetSchema = Type.Object(
  {
    job: Type.String({ minLength: 1 }),
    url: Type.String({ pattern: '^https?://' }),
    interval: Type.Optional(Duration),
    timeout: Type.Optional(Duration),
    labels: Type.Optional(LabelsSchema),
    bearerToken: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

const TargetGroupSchema = Type.Object(
  { targets: Type.Array(Type.String({ minLength: 1 })), labels: Type.Optional(LabelsSchema) },
  { additionalProperties: false },
);

/**
 * A Prometheus `scrape_configs` entry, written exactly as in prometheus.yml (snake_case keys). The keys the
 * collector supports are typed here; other keys are accepted by the schema and reported by the resolver, so
 * a Prometheus setting the collector does not implement gets a message that says so (with file and line).
 */
export const PrometheusScrapeConfigSchema = Type.Object(
  {
    job_name: Type.String({ minLength: 1 }),
    scrape_interval: Type.Optional(Duration),
    scrape_timeout: Type.Optional(Duration),
    metrics_path: Type.Optional(Type.String({ pattern: '^/' })),
    scheme: Type.Optional(Type.Union([Type.Literal('http'), Type.Literal('https')])),
    params: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
    honor_labels: Type.Optional(Type.Boolean()),
    honor_timestamps: Type.Optional(Type.Boolean()),
    sample_limit: Type.Optional(Type.Integer({ minimum: 0 })),
    follow_redirects: Type.Optional(Type.Boolean()),
    enable_http2: Type.Optional(Type.Boolean()),
    authorization: Type.Optional(
      Type.Object(
        {
          type: Type.Optional(Type.Literal('Bearer')),
          credentials: Type.Optional(Type.String({ minLength: 1 })),
          credentials_file: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    bearer_token: Type.Optional(Type.String({ minLength: 1 })),
    bearer_token_file: Type.Optional(Type.String({ minLength: 1 })),
    basic_auth: Type.Optional(
      Type.Object(
        {
          username: Type.String(),
          password: Type.Optional(Type.String()),
          password_file: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    static_configs: Type.Optional(Type.Array(TargetGroupSchema)),
    file_sd_configs: Type.Optional(
      Type.Array(
        Type.Object(
          { files: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }), refresh_interval: Type.Optional(Duration) },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: true },
);

/** The `scrape:` section of the collector's YAML file. */
export const ScrapeSectionSchema = Type.Object(
  {
    selfScrape: Type.Optional(Type.Boolean()),
    targets: Type.Optional(Type.Array(ScrapeTargetSchema)),
    configs: Type.Optional(Type.Array(PrometheusScrapeConfigSchema)),
  },
  { additionalProperties: false },
);
export type ScrapeSection = Static<typeof ScrapeSectionSchema>;

/** Keys of a Prometheus scrape config the collector knows and does not implement, with why. */
const UNSUPPORTED_KEYS: Record<string, string> = {
  relabel_configs: 'relabeling is not implemented; set target labels in static_configs or the file_sd files instead',
  metric_relabel_configs: 'metric relabeling is not implemented',
  tls_config: 'custom TLS settings are not implemented (https with the system CAs works)',
  oauth2: 'OAuth 2.0 is not implemented; use authorization or basic_auth',
  proxy_url: 'proxies are not implemented',
  no_proxy: 'proxies are not implemented',
  proxy_from_environment: 'proxies are not implemented',
  proxy_connect_header: 'proxies are not implemented',
  body_size_limit: 'not implemented',
  label_limit: 'not implemented',
  label_name_length_limit: 'not implemented',
  label_value_length_limit: 'not implemented',
  target_limit: 'not implemented',
  scrape_classic_histograms: 'native histograms are not implemented',
  native_histogram_bucket_limit: 'native histograms are not implemented',
  scrape_protocols: 'not implemented: the collector always negotiates OpenMetrics 1.0.0 and text 0.0.4 as Prometheus 2.42 does',
};
const SD_SUFFIX = '_sd_configs';

/** A Prometheus target group: addresses and the labels they share. */
export interface TargetGroup {
  readonly targets: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

export interface FileSdConfig {
  /** Absolute paths; `*` allowed in the last path element only, as in Prometheus. */
  readonly files: readonly string[];
  readonly refreshIntervalMs: number;
}

/** One scrape job, resolved: the collector's `targets` entries become jobs with one static target. */
export interface ScrapeJobConfig {
  readonly job: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly scheme: 'http' | 'https';
  readonly metricsPath: string;
  readonly params: Readonly<Record<string, readonly string[]>>;
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  readonly sampleLimit: number;
  readonly followRedirects: boolean;
  /** Sent as `Authorization: Bearer`; never logged. Credential files are read once, at start. */
  readonly bearerToken: string | undefined;
  readonly basicAuth: { readonly username: string; readonly password: string } | undefined;
  readonly staticConfigs: readonly TargetGroup[];
  readonly fileSdConfigs: readonly FileSdConfig[];
}

export interface ScrapeConfig {
  readonly jobs: readonly ScrapeJobConfig[];
}

export const SCRAPE_DEFAULTS = Object.freeze({
  selfScrape: true,
  selfJob: 'api',
  /** Prometheus's scrape_timeout default; never longer than the job's interval unless set explicitly. */
  timeout: '10s',
  metricsPath: '/metrics',
  /** Prometheus's file_sd refresh_interval default (changes are picked up at once through fs.watch). */
  fileSdRefreshInterval: '5m',
});

/** Prometheus's rule for file_sd `files`: a `*` only in the last path element, and a JSON or YAML name. */
const FILE_SD_PATTERN = /^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/;

export function resolveScrapeConfig(section: ScrapeSection | undefined, ctx: ResolveContext): ScrapeConfig {
  const s = section ?? {};
  const jobs: ScrapeJobConfig[] = [];
  const defaultTimeoutMs = parseDuration(SCRAPE_DEFAULTS.timeout);
  const base = {
    params: {},
    honorLabels: false,
    honorTimestamps: true,
    sampleLimit: 0,
    followRedirects: true,
    basicAuth: undefined,
    fileSdConfigs: [],
  };
  if (s.selfScrape ?? SCRAPE_DEFAULTS.selfScrape) {
    const url = new URL(`${ctx.apiBase}/metrics`);
    jobs.push({
      ...base,
      job: SCRAPE_DEFAULTS.selfJob,
      intervalMs: ctx.intervalMs,
      timeoutMs: Math.min(defaultTimeoutMs, ctx.intervalMs),
      scheme: 'http',
      metricsPath: url.pathname,
      bearerToken: ctx.token,
      staticConfigs: [{ targets: [url.host], labels: {} }],
    });
  }
  (s.targets ?? []).forEach((t, i) => {
    const path = ['scrape', 'targets', i] as const;
    const url = ctx.check([...path, 'url'], () => new URL(t.url));
    const intervalMs = t.interval !== undefined ? ctx.duration([...path, 'interval'], t.interval, SCRAPE_DEFAULTS.timeout) : ctx.intervalMs;
    const timeoutMs = t.timeout !== undefined ? ctx.duration([...path, 'timeout'], t.timeout, SCRAPE_DEFAULTS.timeout) : Math.min(defaultTimeoutMs, intervalMs);
    if (timeoutMs > intervalMs) throw ctx.error([...path, 'timeout'], 'must not be longer than the interval');
    const params: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (params[k] ??= []).push(v);
    jobs.push({
      ...base,
      job: t.job,
      intervalMs,
      timeoutMs,
      scheme: url.protocol === 'https:' ? 'https' : 'http',
      metricsPath: url.pathname,
      params,
      bearerToken: t.bearerToken,
      staticConfigs: [{ targets: [hostPort(url)], labels: { ...(t.labels ?? {}) } }],
    });
  });
  const seen = new Map<string, number>();
  (s.configs ?? []).forEach((c, i) => {
    const path = ['scrape', 'configs', i] as const;
    const previous = seen.get(c.job_name);
    if (previous !== undefined) throw ctx.error([...path, 'job_name'], `"${c.job_name}" is already the job_name of scrape.configs[${previous}]`);
    seen.set(c.job_name, i);
    jobs.push(resolvePrometheusScrapeConfig(c, path, ctx));
  });
  return { jobs };
}

function resolvePrometheusScrapeConfig(c: Static<typeof PrometheusScrapeConfigSchema>, path: ConfigPath, ctx: ResolveContext): ScrapeJobConfig {
  const known = new Set(Object.keys(PrometheusScrapeConfigSchema.properties));
  for (const key of Object.keys(c)) {
    if (known.has(key)) continue;
    const why = UNSUPPORTED_KEYS[key] ?? (key.endsWith(SD_SUFFIX) ? 'only static_configs and file_sd_configs are implemented' : undefined);
    throw ctx.error([...path, key], why !== undefined ? `Prometheus setting not supported by the collector: ${why}` : 'unknown setting (see collector/CONFIG.md)');
  }
  const intervalMs = c.scrape_interval !== undefined ? ctx.duration([...path, 'scrape_interval'], c.scrape_interval, SCRAPE_DEFAULTS.timeout) : ctx.intervalMs;
  let timeoutMs: number;
  if (c.scrape_timeout !== undefined) {
    timeoutMs = ctx.duration([...path, 'scrape_timeout'], c.scrape_timeout, SCRAPE_DEFAULTS.timeout);
    if (timeoutMs > intervalMs) throw ctx.error([...path, 'scrape_timeout'], `${c.scrape_timeout} is longer than scrape_interval (Prometheus refuses this too)`);
  } else {
    timeoutMs = Math.min(parseDuration(SCRAPE_DEFAULTS.timeout), intervalMs);
  }
  const credentialSources = [
    c.authorization !== undefined ? 'authorization' : undefined,
    c.bearer_token !== undefined ? 'bearer_token' : undefined,
    c.bearer_token_file !== undefined ? 'bearer_token_file' : undefined,
    c.basic_auth !== undefined ? 'basic_auth' : undefined,
  ].filter((k): k is string => k !== undefined);
  if (credentialSources.length > 1) throw ctx.error([...path, credentialSources[1]], `only one of ${credentialSources.join(', ')} may be set`);
  const readSecret = (p: ConfigPath, file: string): string => ctx.check(p, () => readFileSync(ctx.resolvePath(file), 'utf8').trim());
  let bearerToken: string | undefined;
  if (c.authorization !== undefined) {
    const a = c.authorization;
    if ((a.credentials === undefined) === (a.credentials_file === undefined)) {
      throw ctx.error([...path, 'authorization'], 'set exactly one of credentials and credentials_file');
    }
    bearerToken = a.credentials ?? readSecret([...path, 'authorization', 'credentials_file'], a.credentials_file as string);
  } else if (c.bearer_token !== undefined) {
    bearerToken = c.bearer_token;
  } else if (c.bearer_token_file !== undefined) {
    bearerToken = readSecret([...path, 'bearer_token_file'], c.bearer_token_file);
  }
  let basicAuth: ScrapeJobConfig['basicAuth'];
  if (c.basic_auth !== undefined) {
    const b = c.basic_auth;
    if (b.password !== undefined && b.password_file !== undefined) throw ctx.error([...path, 'basic_auth', 'password_file'], 'set at most one of password and password_file');
    const password = b.password_file !== undefined ? readSecret([...path, 'basic_auth', 'password_file'], b.password_file) : (b.password ?? '');
    basicAuth = { username: b.username, password };
  }
  const staticConfigs: TargetGroup[] = (c.static_configs ?? []).map((g, gi) => {
    g.targets.forEach((t, ti) => {
      const problem = addressProblem(t);
      if (problem !== undefined) throw ctx.error([...path, 'static_configs', gi, 'targets', ti], problem);
    });
    return { targets: [...g.targets], labels: { ...(g.labels ?? {}) } };
  });
  const fileSdConfigs: FileSdConfig[] = (c.file_sd_configs ?? []).map((f, fi) => {
    f.files.forEach((file, i) => {
      if (!FILE_SD_PATTERN.test(file)) {
        throw ctx.error([...path, 'file_sd_configs', fi, 'files', i], `"${file}": a file name ending in .json, .yml or .yaml, with "*" only in the last path element`);
      }
    });
    return {
      files: f.files.map((file) => ctx.resolvePath(file)),
      refreshIntervalMs: ctx.duration([...path, 'file_sd_configs', fi, 'refresh_interval'], f.refresh_interval, SCRAPE_DEFAULTS.fileSdRefreshInterval),
    };
  });
  return {
    job: c.job_name,
    intervalMs,
    timeoutMs,
    scheme: c.scheme ?? 'http',
    metricsPath: c.metrics_path ?? SCRAPE_DEFAULTS.metricsPath,
    params: c.params ?? {},
    honorLabels: c.honor_labels ?? false,
    honorTimestamps: c.honor_timestamps ?? true,
    sampleLimit: c.sample_limit ?? 0,
    followRedirects: c.follow_redirects ?? true,
    bearerToken,
    basicAuth,
    staticConfigs,
    fileSdConfigs,
  };
}

/** Why `address` is not a Prometheus target address (`host:port`, `host`, `[v6]:port`), or undefined. */
export function addressProblem(address: string): string | undefined {
  if (address.includes('/')) return `"${address}" is not a host:port address (no scheme or path: use scheme and metrics_path)`;
  try {
    const url = new URL(`http://${address}`);
    if (url.username !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') throw new Error('not an address');
  } catch {
    return `"${address}" is not a host:port address`;
  }
  return undefined;
}

function hostPort(url: URL): string {
  return url.port !== '' ? `${url.hostname}:${url.port}` : url.hostname;
}
