import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { LOG_FORMATS, type LogFormat } from '../../logs/parsing/parsed-line.js';
import type { LogFileConfig } from '../../logs/tail/log-file-config.js';
import type { ResolveContext } from '../resolve-context.js';

const Duration = Type.String({ description: 'Prometheus duration, e.g. 500ms, 10s, 1m' });

export const LogFileSchema = Type.Object(
  {
    paths: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    exclude: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    format: Type.Optional(Type.Union(LOG_FORMATS.map((f) => Type.Literal(f)))),
    service: Type.Optional(Type.String({ minLength: 1 })),
    attributes: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.String())),
    startAt: Type.Optional(Type.Union([Type.Literal('beginning'), Type.Literal('end')])),
    multiline: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(Type.Boolean()),
          startPattern: Type.Optional(Type.String({ minLength: 1 })),
          maxLines: Type.Optional(Type.Integer({ minimum: 1 })),
          timeout: Type.Optional(Duration),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The `logs:` section of the collector's YAML file: files to tail and how their records are shipped. */
export const LogsSectionSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    files: Type.Optional(Type.Array(LogFileSchema)),
    checkpointDir: Type.Optional(Type.String({ minLength: 1 })),
    pollInterval: Type.Optional(Duration),
    batchSize: Type.Optional(Type.Integer({ minimum: 1 })),
    flushInterval: Type.Optional(Duration),
    maxBufferRecords: Type.Optional(Type.Integer({ minimum: 1 })),
    rotateWait: Type.Optional(Duration),
    maxLineBytes: Type.Optional(Type.Integer({ minimum: 256 })),
    url: Type.Optional(Type.String({ pattern: '^https?://' })),
  },
  { additionalProperties: false },
);
export type LogsSection = Static<typeof LogsSectionSchema>;

export const LOGS_DEFAULTS = Object.freeze({
  format: 'auto' as LogFormat,
  startAt: 'beginning' as const,
  multilineMaxLines: 500,
  multilineTimeout: '1s',
  /** Under DATA_DIR: `<dataDir>/collector/log-offsets.json`. */
  checkpointSubdir: 'collector',
  checkpointFile: 'log-offsets.json',
  pollInterval: '250ms',
  batchSize: 5000,
  flushInterval: '200ms',
  maxBufferRecords: 20_000,
  rotateWait: '5s',
  maxLineBytes: 256 * 1024,
});

/** The resolved `logs` settings. */
export interface LogsConfig {
  /** True when there are files to tail (and `enabled` is not false). */
  readonly enabled: boolean;
  readonly files: readonly LogFileConfig[];
  /** The offsets file: `<checkpointDir>/log-offsets.json`. */
  readonly checkpointPath: string;
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly maxBufferRecords: number;
  readonly rotateWaitMs: number;
  readonly maxLineBytes: number;
  /** Where records are POSTed: `<apiBase>/api/v1/logs`. */
  readonly url: string;
}

export function resolveLogsConfig(section: LogsSection | undefined, ctx: ResolveContext): LogsConfig {
  const D = LOGS_DEFAULTS;
  const s = section ?? {};
  const files: LogFileConfig[] = (s.files ?? []).map((f, i) => {
    const base = ['logs', 'files', i] as const;
    const m = f.multiline ?? {};
    let startPattern: RegExp | undefined;
    if (m.startPattern !== undefined) {
      const source = m.startPattern;
      startPattern = ctx.check([...base, 'multiline', 'startPattern'], () => new RegExp(source));
    }
    return {
      paths: f.paths.map((p) => ctx.resolvePath(p)),
      exclude: (f.exclude ?? []).map((p) => ctx.resolvePath(p)),
      format: f.format ?? D.format,
      service: f.service,
      attributes: { ...(f.attributes ?? {}) },
      startAt: f.startAt ?? D.startAt,
      multiline: {
        enabled: m.enabled ?? true,
        startPattern,
        maxLines: m.maxLines ?? D.multilineMaxLines,
        timeoutMs: ctx.duration([...base, 'multiline', 'timeout'], m.timeout, D.multilineTimeout),
      },
    };
  });
  const batchSize = s.batchSize ?? D.batchSize;
  const maxBufferRecords = s.maxBufferRecords ?? Math.max(D.maxBufferRecords, batchSize);
  if (maxBufferRecords < batchSize) throw ctx.error(['logs', 'maxBufferRecords'], 'must be at least logs.batchSize');
  if (s.url !== undefined) {
    const u = s.url;
    ctx.check(['logs', 'url'], () => new URL(u));
  }
  const checkpointDir = s.checkpointDir !== undefined ? ctx.resolvePath(s.checkpointDir) : join(ctx.dataDir, D.checkpointSubdir);
  return {
    enabled: (s.enabled ?? true) && files.length > 0,
    files,
    checkpointPath: join(checkpointDir, D.checkpointFile),
    pollIntervalMs: ctx.duration(['logs', 'pollInterval'], s.pollInterval, D.pollInterval),
    batchSize,
    flushIntervalMs: ctx.duration(['logs', 'flushInterval'], s.flushInterval, D.flushInterval),
    maxBufferRecords,
    rotateWaitMs: ctx.duration(['logs', 'rotateWait'], s.rotateWait, D.rotateWait, 0),
    maxLineBytes: s.maxLineBytes ?? D.maxLineBytes,
    url: s.url ?? `${ctx.apiBase}/api/v1/logs`,
  };
}
