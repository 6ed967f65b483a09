import { Type, type Static } from '@sinclair/typebox';
import type { ResolveContext } from '../resolve-context.js';

/** The `logs:` section of the collector's YAML file (scaffold: filled in by the logs source's owner). */
export const LogsSectionSchema = Type.Object({}, { additionalProperties: false });
export type LogsSection = Static<typeof LogsSectionSchema>;

/** The resolved `logs` settings. */
export interface LogsConfig {
  readonly enabled: boolean;
}

export function resolveLogsConfig(section: LogsSection | undefined, ctx: ResolveContext): LogsConfig {
  void section;
  void ctx;
  return { enabled: false };
}
