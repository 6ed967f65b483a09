import { Type, type Static } from '@sinclair/typebox';
import type { ResolveContext } from '../resolve-context.js';

/** The `otlp:` section of the collector's YAML file (scaffold: filled in by the otlp source's owner). */
export const OtlpSectionSchema = Type.Object({}, { additionalProperties: false });
export type OtlpSection = Static<typeof OtlpSectionSchema>;

/** The resolved `otlp` settings. */
export interface OtlpConfig {
  readonly enabled: boolean;
}

export function resolveOtlpConfig(section: OtlpSection | undefined, ctx: ResolveContext): OtlpConfig {
  void section;
  void ctx;
  return { enabled: false };
}
