import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { parseRedisAddress } from '../../sources/redis/redis-address.js';
import type { ResolveContext } from '../resolve-context.js';

/** Defaults of the `redis:` section (CONFIG.md documents the same). */
export const REDIS_DEFAULTS = Object.freeze({
  /** `job` of every sample, as a Prometheus job scraping redis_exporter would usually be named. */
  job: 'redis',
  /** Bound of one collection (connect, AUTH, commands) in ms; never longer than the interval. */
  timeoutMs: 5000,
});

const Duration = Type.String({ description: 'Prometheus duration, e.g. 500ms, 10s, 1m' });
const Labels = Type.Record(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }), Type.String());

export const RedisInstanceSchema = Type.Object(
  {
    address: Type.String({ minLength: 1, description: 'host:port, redis://[user[:password]@]host:port, rediss://..., unix:///path' }),
    username: Type.Optional(Type.String({ minLength: 1 })),
    password: Type.Optional(Type.String()),
    passwordFile: Type.Optional(Type.String({ minLength: 1 })),
    interval: Type.Optional(Duration),
    timeout: Type.Optional(Duration),
    labels: Type.Optional(Labels),
  },
  { additionalProperties: false },
);

/** The `redis:` section of the collector's YAML file. */
export const RedisSectionSchema = Type.Object(
  {
    interval: Type.Optional(Duration),
    timeout: Type.Optional(Duration),
    instances: Type.Optional(Type.Array(RedisInstanceSchema)),
  },
  { additionalProperties: false },
);
export type RedisSection = Static<typeof RedisSectionSchema>;

/** One Redis server to read INFO from. */
export interface RedisInstanceConfig {
  /** As written in the config (it may hold a password: log only parseRedisAddress(address).redacted). */
  readonly address: string;
  readonly username: string | undefined;
  /** From `password`, `passwordFile` or the address; never logged. */
  readonly password: string | undefined;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Added to every sample: `job` (default redis), `instance` (default host:port), then the configured labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** The resolved `redis` settings. */
export interface RedisConfig {
  /** True when at least one instance is configured. */
  readonly enabled: boolean;
  readonly instances: readonly RedisInstanceConfig[];
}

export function resolveRedisConfig(section: RedisSection | undefined, ctx: ResolveContext): RedisConfig {
  const s = section ?? {};
  const intervalMs = s.interval !== undefined ? ctx.duration(['redis', 'interval'], s.interval, '10s') : ctx.intervalMs;
  const timeoutMs = s.timeout !== undefined ? ctx.duration(['redis', 'timeout'], s.timeout, '5s') : REDIS_DEFAULTS.timeoutMs;
  if (s.timeout !== undefined && timeoutMs > intervalMs) throw ctx.error(['redis', 'timeout'], 'must not be longer than the interval');
  const seen = new Map<string, number>();
  const instances = (s.instances ?? []).map((inst, i): RedisInstanceConfig => {
    const base = ['redis', 'instances', i] as const;
    const address = ctx.check([...base, 'address'], () => parseRedisAddress(inst.address));
    if (inst.password !== undefined && inst.passwordFile !== undefined) {
      throw ctx.error([...base, 'passwordFile'], 'set either password or passwordFile, not both');
    }
    let password = inst.password ?? address.password;
    if (inst.passwordFile !== undefined) {
      const file = ctx.resolvePath(inst.passwordFile);
      password = ctx.check([...base, 'passwordFile'], () => {
        try {
          return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
        } catch (err) {
          throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
      });
    }
    const iIntervalMs = inst.interval !== undefined ? ctx.duration([...base, 'interval'], inst.interval, '10s') : intervalMs;
    const iTimeoutMs = inst.timeout !== undefined ? ctx.duration([...base, 'timeout'], inst.timeout, '5s') : Math.min(timeoutMs, iIntervalMs);
    if (iTimeoutMs > iIntervalMs) throw ctx.error([...base, 'timeout'], 'must not be longer than the interval');
    const labels = Object.freeze({ job: REDIS_DEFAULTS.job, instance: address.instance, ...(inst.labels ?? {}) });
    const identity = `${labels.job}\u0000${labels.instance}`;
    const other = seen.get(identity);
    if (other !== undefined) {
      throw ctx.error([...base, 'address'], `same job and instance as redis.instances[${other}] (${labels.job}, ${labels.instance}): their series would mix; set labels.instance`);
    }
    seen.set(identity, i);
    return { address: inst.address, username: inst.username ?? address.username, password, intervalMs: iIntervalMs, timeoutMs: iTimeoutMs, labels };
  });
  return { enabled: instances.length > 0, instances };
}
