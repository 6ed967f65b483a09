import { Type, type Static } from '@sinclair/typebox';
import type { ResolveContext } from '../resolve-context.js';

/** The `redis:` section of the collector's YAML file (scaffold: filled in by the redis source's owner). */
export const RedisSectionSchema = Type.Object({}, { additionalProperties: false });
export type RedisSection = Static<typeof RedisSectionSchema>;

/** The resolved `redis` settings. */
export interface RedisConfig {
  readonly enabled: boolean;
}

export function resolveRedisConfig(section: RedisSection | undefined, ctx: ResolveContext): RedisConfig {
  void section;
  void ctx;
  return { enabled: false };
}
