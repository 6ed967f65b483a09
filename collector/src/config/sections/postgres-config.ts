import { Type, type Static } from '@sinclair/typebox';
import type { ResolveContext } from '../resolve-context.js';

/** The `postgres:` section of the collector's YAML file (scaffold: filled in by the postgres source's owner). */
export const PostgresSectionSchema = Type.Object({}, { additionalProperties: false });
export type PostgresSection = Static<typeof PostgresSectionSchema>;

/** The resolved `postgres` settings. */
export interface PostgresConfig {
  readonly enabled: boolean;
}

export function resolvePostgresConfig(section: PostgresSection | undefined, ctx: ResolveContext): PostgresConfig {
  void section;
  void ctx;
  return { enabled: false };
}
