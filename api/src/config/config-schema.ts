import { Type, type Static } from '@sinclair/typebox';
import { NotifyConfigFileSchema, type NotifyConfig } from '../notify/notify-config.js';

/** Token scopes, weakest first: a token grants its own scope and every weaker one. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const DurationString = Type.String({ description: 'Prometheus duration, e.g. 15d, 5m, 1h30m' });

export const ApiTokenSchema = Type.Object(
  {
    token: Type.String({ minLength: 1 }),
    scope: Type.Union(SCOPES.map((s) => Type.Literal(s))),
  },
  { additionalProperties: false },
);

/** The YAML config file as written by users. Every key is optional; unknown keys are errors (typos). */
export const ConfigFileSchema = Type.Object(
  {
    server: Type.Optional(
      Type.Object(
        {
          host: Type.Optional(Type.String({ minLength: 1 })),
          port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
          externalUrl: Type.Optional(Type.String({ minLength: 1, description: 'URL users reach the dashboard at (links in notifications)' })),
        },
        { additionalProperties: false },
      ),
    ),
    storage: Type.Optional(
      Type.Object(
        {
          dataDir: Type.Optional(Type.String({ minLength: 1 })),
          retention: Type.Optional(DurationString),
          blockDuration: Type.Optional(DurationString),
          sync: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('normal')])),
        },
        { additionalProperties: false },
      ),
    ),
    ingest: Type.Optional(
      Type.Object(
        { maxBodyBytes: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.String()])) },
        { additionalProperties: false },
      ),
    ),
    query: Type.Optional(
      Type.Object(
        {
          lookbackDelta: Type.Optional(DurationString),
          timeout: Type.Optional(DurationString),
          maxSamples: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    logs: Type.Optional(
      Type.Object({ retention: Type.Optional(DurationString) }, { additionalProperties: false }),
    ),
    rules: Type.Optional(
      Type.Object(
        {
          files: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'rule-file patterns (* ? [] in the file name)' })),
          evaluationInterval: Type.Optional(DurationString),
        },
        { additionalProperties: false },
      ),
    ),
    notify: Type.Optional(NotifyConfigFileSchema),
    dashboard: Type.Optional(
      Type.Object(
        { boardsDir: Type.Optional(Type.String({ minLength: 1, description: 'folder of the board files (*.yaml, *.yml)' })) },
        { additionalProperties: false },
      ),
    ),
    slo: Type.Optional(
      Type.Object(
        {
          files: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'SLO-file patterns (* ? [] in the file name)' })),
          evaluationInterval: Type.Optional(DurationString),
        },
        { additionalProperties: false },
      ),
    ),
    auth: Type.Optional(
      Type.Object({ tokens: Type.Optional(Type.Array(ApiTokenSchema)) }, { additionalProperties: false }),
    ),
    collector: Type.Optional(
      Type.Unknown({ description: "The collector's section of a shared config file: the collector validates it, the api ignores it." }),
    ),
    log: Type.Optional(
      Type.Object(
        {
          level: Type.Optional(
            Type.Union(LOG_LEVELS.map((l) => Type.Literal(l))),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type ConfigFile = Static<typeof ConfigFileSchema>;

export interface ApiToken {
  readonly token: string;
  readonly scope: Scope;
}

/** The validated, defaulted, frozen configuration of the api process. Durations in milliseconds. */
export interface ApiConfig {
  /** Path of the YAML file it was read from, if any. */
  readonly configFile: string | undefined;
  /** `externalUrl`: the dashboard's base URL for links in notifications; undefined: http://host:port. */
  readonly server: { readonly host: string; readonly port: number; readonly externalUrl: string | undefined };
  readonly storage: {
    readonly dataDir: string;
    readonly retentionMs: number;
    readonly blockDurationMs: number;
    readonly sync: 'full' | 'normal';
  };
  readonly ingest: { readonly maxBodyBytes: number };
  readonly query: { readonly lookbackDeltaMs: number; readonly timeoutMs: number; readonly maxSamples: number };
  readonly auth: { readonly tokens: readonly ApiToken[] };
  /** Prometheus rule files: patterns relative to the working directory, and the default group interval. */
  readonly rules: { readonly files: readonly string[]; readonly evaluationIntervalMs: number };
  /** SLO files (OpenSLO v1, Sloth prometheus/v1): patterns relative to the working directory, and how often SLOs are evaluated. */
  readonly slo: { readonly files: readonly string[]; readonly evaluationIntervalMs: number };
  /** The log store (`<dataDir>/logs.db`): records older than `retentionMs` are deleted. */
  readonly logs: { readonly retentionMs: number };
  /** Dashboard board files; undefined: the repository's dashboard/boards. */
  readonly dashboard: { readonly boardsDir: string | undefined };
  readonly log: { readonly level: LogLevel };
  /** PagerDuty notifications (api/src/notify). */
  readonly notify: NotifyConfig;
}
