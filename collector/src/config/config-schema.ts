import { Type, type Static } from '@sinclair/typebox';
import { LogsSectionSchema, type LogsConfig } from './sections/logs-config.js';
import { OtlpSectionSchema, type OtlpConfig } from './sections/otlp-config.js';
import { PostgresSectionSchema, type PostgresConfig } from './sections/postgres-config.js';
import { RedisSectionSchema, type RedisConfig } from './sections/redis-config.js';
import { ScrapeSectionSchema, type ScrapeConfig } from './sections/scrape-config.js';

/** Schema of the collector's YAML file. Every setting is optional: a missing one takes its default (see config-defaults.ts). */

const Duration = Type.String({ description: 'Prometheus duration, e.g. 500ms, 10s, 1m' });
const Regex = Type.String({ description: 'regular expression (anchor it yourself, as node_exporter does)' });

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const SINK_KINDS = ['api', 'influxdb-v1', 'remote-write'] as const;
export type SinkKind = (typeof SINK_KINDS)[number];

export const PRECISIONS = ['s', 'ms', 'us', 'ns'] as const;
export type Precision = (typeof PRECISIONS)[number];

const LabelsSchema = Type.Record(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }), Type.String());

export const ConfigFileSchema = Type.Object(
  {
    interval: Type.Optional(Duration),
    logLevel: Type.Optional(Type.Union(LOG_LEVELS.map((l) => Type.Literal(l)))),
    host: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(Type.Boolean()),
          interval: Type.Optional(Duration),
          procPath: Type.Optional(Type.String({ minLength: 1 })),
          sysPath: Type.Optional(Type.String({ minLength: 1 })),
          rootfsPath: Type.Optional(Type.String({ minLength: 1 })),
          ignoredMountPoints: Type.Optional(Regex),
          ignoredFsTypes: Type.Optional(Regex),
          ignoredNetDevices: Type.Optional(Regex),
          ignoredDiskDevices: Type.Optional(Regex),
          labels: Type.Optional(LabelsSchema),
        },
        { additionalProperties: false },
      ),
    ),
    scrape: Type.Optional(ScrapeSectionSchema),
    postgres: Type.Optional(PostgresSectionSchema),
    redis: Type.Optional(RedisSectionSchema),
    otlp: Type.Optional(OtlpSectionSchema),
    logs: Type.Optional(LogsSectionSchema),
    sink: Type.Optional(
      Type.Object(
        {
          kind: Type.Optional(Type.Union(SINK_KINDS.map((k) => Type.Literal(k)))),
          url: Type.Optional(Type.String({ pattern: '^https?://' })),
          db: Type.Optional(Type.String({ minLength: 1 })),
          precision: Type.Optional(Type.Union(PRECISIONS.map((p) => Type.Literal(p)))),
          token: Type.Optional(Type.String()),
          batchSize: Type.Optional(Type.Integer({ minimum: 1 })),
          flushInterval: Type.Optional(Duration),
          maxBufferSamples: Type.Optional(Type.Integer({ minimum: 1 })),
          timeout: Type.Optional(Duration),
          retry: Type.Optional(
            Type.Object(
              {
                initialDelay: Type.Optional(Duration),
                maxDelay: Type.Optional(Duration),
                multiplier: Type.Optional(Type.Number({ minimum: 1 })),
                jitter: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type ConfigFile = Static<typeof ConfigFileSchema>;

/**
 * Top-level sections of the api's config. `npm start` passes one CONFIG file to both processes: the
 * collector reads its `collector:` section (or, in a file of its own, the top level) and ignores these.
 */
export const API_SECTIONS = ['server', 'storage', 'ingest', 'query', 'auth', 'log'] as const;

/** The section of a shared config file that holds the collector's settings. */
export const COLLECTOR_SECTION = 'collector';

/** Retry policy toward the sink, in milliseconds. */
export interface RetryConfig {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  /** Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  readonly jitter: number;
}

export interface HostConfig {
  readonly enabled: boolean;
  readonly intervalMs: number;
  readonly procPath: string;
  readonly sysPath: string;
  readonly rootfsPath: string;
  readonly ignoredMountPoints: string;
  readonly ignoredFsTypes: string;
  readonly ignoredNetDevices: string;
  readonly ignoredDiskDevices: string;
  /** Added to every host sample (default job="node", instance=<hostname>), as a Prometheus scrape of node_exporter would. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface SinkConfig {
  readonly kind: SinkKind;
  readonly url: string;
  readonly db: string | undefined;
  readonly precision: Precision;
  /** Bearer token (kind api) or `Token` credentials (kind influxdb-v1); never logged. */
  readonly token: string | undefined;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly maxBufferSamples: number;
  readonly timeoutMs: number;
  readonly retry: RetryConfig;
}

/** The resolved, validated, frozen collector configuration. */
export interface CollectorConfig {
  readonly configFile: string | undefined;
  readonly intervalMs: number;
  readonly logLevel: LogLevel;
  readonly host: HostConfig;
  readonly scrape: ScrapeConfig;
  readonly postgres: PostgresConfig;
  readonly redis: RedisConfig;
  readonly otlp: OtlpConfig;
  readonly logs: LogsConfig;
  readonly sink: SinkConfig;
}
