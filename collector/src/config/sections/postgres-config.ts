import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { parsePostgresDsn } from '../../sources/postgres/postgres-dsn.js';
import type { ResolveContext } from '../resolve-context.js';

const Duration = Type.String({ description: 'Prometheus duration, e.g. 500ms, 10s, 1m' });
const LabelsSchema = Type.Record(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }), Type.String());

export const PostgresInstanceSchema = Type.Object(
  {
    dsn: Type.Optional(Type.String({ minLength: 1 })),
    dsnFile: Type.Optional(Type.String({ minLength: 1 })),
    instance: Type.Optional(Type.String({ minLength: 1 })),
    labels: Type.Optional(LabelsSchema),
    interval: Type.Optional(Duration),
    timeout: Type.Optional(Duration),
    statStatements: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** The `postgres:` section of the collector's YAML file. */
export const PostgresSectionSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    job: Type.Optional(Type.String({ minLength: 1 })),
    interval: Type.Optional(Duration),
    timeout: Type.Optional(Duration),
    statStatements: Type.Optional(Type.Boolean()),
    instances: Type.Optional(Type.Array(PostgresInstanceSchema)),
  },
  { additionalProperties: false },
);
export type PostgresSection = Static<typeof PostgresSectionSchema>;

export const POSTGRES_DEFAULTS = Object.freeze({
  job: 'postgres',
  /** Prometheus's default scrape_timeout; never longer than the interval. */
  timeout: '10s',
  statStatements: true,
});

/** One PostgreSQL server to collect from. */
export interface PostgresInstanceConfig {
  /** The connection string (may hold a password: never log it). */
  readonly dsn: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** job, instance (default the DSN's host:port), then the instance's `labels` (which may override both). */
  readonly labels: Readonly<Record<string, string>>;
  readonly statStatements: boolean;
}

/** The resolved `postgres` settings. */
export interface PostgresConfig {
  readonly enabled: boolean;
  readonly instances: readonly PostgresInstanceConfig[];
}

export function resolvePostgresConfig(section: PostgresSection | undefined, ctx: ResolveContext): PostgresConfig {
  const s = section ?? {};
  const D = POSTGRES_DEFAULTS;
  const intervalMs = s.interval !== undefined ? ctx.duration(['postgres', 'interval'], s.interval, s.interval) : ctx.intervalMs;
  const defaultTimeoutMs = s.timeout !== undefined ? ctx.duration(['postgres', 'timeout'], s.timeout, D.timeout) : undefined;
  const job = s.job ?? D.job;
  const instances = (s.instances ?? []).map((inst, i): PostgresInstanceConfig => {
    const base = ['postgres', 'instances', i] as const;
    if ((inst.dsn === undefined) === (inst.dsnFile === undefined)) {
      throw ctx.error([...base], 'needs exactly one of dsn and dsnFile');
    }
    let dsn: string;
    if (inst.dsnFile !== undefined) {
      const file = ctx.resolvePath(inst.dsnFile);
      try {
        dsn = readFileSync(file, 'utf8').trim();
      } catch (err) {
        throw ctx.error([...base, 'dsnFile'], `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      if (dsn === '') throw ctx.error([...base, 'dsnFile'], `${file} is empty`);
    } else {
      dsn = inst.dsn as string;
    }
    const field = inst.dsnFile !== undefined ? 'dsnFile' : 'dsn';
    const parsed = ctx.check([...base, field], () => {
      try {
        return parsePostgresDsn(dsn);
      } catch (err) {
        // The message never quotes the DSN (it may hold a password).
        throw new Error(`connection string ${(err as Error).message}`);
      }
    });
    const iIntervalMs = inst.interval !== undefined ? ctx.duration([...base, 'interval'], inst.interval, inst.interval) : intervalMs;
    let timeoutMs: number;
    if (inst.timeout !== undefined) {
      timeoutMs = ctx.duration([...base, 'timeout'], inst.timeout, D.timeout);
      if (timeoutMs > iIntervalMs) throw ctx.error([...base, 'timeout'], 'must not be longer than the interval');
    } else if (defaultTimeoutMs !== undefined) {
      if (defaultTimeoutMs > iIntervalMs) throw ctx.error(['postgres', 'timeout'], `must not be longer than the interval of instance ${i}`);
      timeoutMs = defaultTimeoutMs;
    } else {
      timeoutMs = Math.min(ctx.duration(['postgres', 'timeout'], undefined, D.timeout), iIntervalMs);
    }
    return {
      dsn,
      intervalMs: iIntervalMs,
      timeoutMs,
      labels: { job, instance: inst.instance ?? parsed.server, ...(inst.labels ?? {}) },
      statStatements: inst.statStatements ?? s.statStatements ?? D.statStatements,
    };
  });
  return { enabled: (s.enabled ?? true) && instances.length > 0, instances };
}
