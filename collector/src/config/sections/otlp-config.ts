import { Type, type Static } from '@sinclair/typebox';
import type { ResolveContext } from '../resolve-context.js';

const Duration = Type.String({ description: 'Prometheus duration, e.g. 500ms, 10s, 1m' });
const ByteSize = Type.Union([Type.Integer({ minimum: 1 }), Type.String({ description: 'bytes with a unit, e.g. 4MiB, 512KiB, 1MB' })]);

/** The `otlp:` section of the collector's YAML file: the OTLP/HTTP receiver. */
export const OtlpSectionSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    host: Type.Optional(Type.String({ minLength: 1 })),
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    maxBodySize: Type.Optional(ByteSize),
    retryAfter: Type.Optional(Duration),
    logsAckTimeout: Type.Optional(Duration),
    maxPendingLogRecords: Type.Optional(Type.Integer({ minimum: 1 })),
    maxExponentialScale: Type.Optional(Type.Integer({ minimum: -10, maximum: 20 })),
    deltaMaxSeries: Type.Optional(Type.Integer({ minimum: 1 })),
    deltaStaleAfter: Type.Optional(Duration),
  },
  { additionalProperties: false },
);
export type OtlpSection = Static<typeof OtlpSectionSchema>;

/** Defaults of the `otlp:` section (CONFIG.md documents the same). */
export const OTLP_DEFAULTS = Object.freeze({
  enabled: false,
  host: '127.0.0.1',
  port: 4318,
  maxBodySize: '4MiB',
  retryAfter: '5s',
  logsAckTimeout: '5s',
  maxPendingLogRecords: 50_000,
  maxExponentialScale: 3,
  deltaMaxSeries: 100_000,
  deltaStaleAfter: '1h',
});

/** The resolved `otlp` settings. */
export interface OtlpConfig {
  readonly enabled: boolean;
  readonly host: string;
  /** 0 = any free port (tests). */
  readonly port: number;
  /** Largest request body, compressed and after gunzip alike (413 beyond). */
  readonly maxBodyBytes: number;
  /** The Retry-After of a 503 (sink full or down). */
  readonly retryAfterMs: number;
  /** How long a /v1/logs request waits for the log store's acknowledgement before answering 503. */
  readonly logsAckTimeoutMs: number;
  /** Log records handed to the log sink and not yet acknowledged, at most; beyond that /v1/logs answers 503. */
  readonly maxPendingLogRecords: number;
  readonly maxExponentialScale: number;
  readonly deltaMaxSeries: number;
  readonly deltaStaleAfterMs: number;
}

const BYTE_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};

/** `4MiB`, `512KiB`, `1MB`, `1000B` or a plain number of bytes. */
export function parseByteSize(text: string | number): number {
  if (typeof text === 'number') return text;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMG]i?B|B)?\s*$/.exec(text);
  if (!m) throw new RangeError(`not a byte size: "${text}" (examples: 4MiB, 512KiB, 1MB, 1000)`);
  const bytes = Math.floor(Number(m[1]) * BYTE_UNITS[m[2] ?? 'B']);
  if (!(bytes >= 1)) throw new RangeError(`byte size must be at least 1 byte: "${text}"`);
  return bytes;
}

export function resolveOtlpConfig(section: OtlpSection | undefined, ctx: ResolveContext): OtlpConfig {
  const s = section ?? {};
  const D = OTLP_DEFAULTS;
  return {
    enabled: s.enabled ?? D.enabled,
    host: s.host ?? D.host,
    port: s.port ?? D.port,
    maxBodyBytes: ctx.check(['otlp', 'maxBodySize'], () => parseByteSize(s.maxBodySize ?? D.maxBodySize)),
    retryAfterMs: ctx.duration(['otlp', 'retryAfter'], s.retryAfter, D.retryAfter, 1000),
    logsAckTimeoutMs: ctx.duration(['otlp', 'logsAckTimeout'], s.logsAckTimeout, D.logsAckTimeout),
    maxPendingLogRecords: s.maxPendingLogRecords ?? D.maxPendingLogRecords,
    maxExponentialScale: s.maxExponentialScale ?? D.maxExponentialScale,
    deltaMaxSeries: s.deltaMaxSeries ?? D.deltaMaxSeries,
    deltaStaleAfterMs: ctx.duration(['otlp', 'deltaStaleAfter'], s.deltaStaleAfter, D.deltaStaleAfter, 60_000),
  };
}
