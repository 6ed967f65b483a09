import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * The JSON shapes of the Prometheus HTTP API as this api serves them. The dashboard imports these types, so
 * there is one definition of what the query API returns.
 */
export const PromSampleValueSchema = Type.Tuple([Type.Number(), Type.String()], { description: '[unix seconds, "value"]' });
export type PromSampleValue = Static<typeof PromSampleValueSchema>;

export const PromMetricSchema = Type.Record(Type.String(), Type.String());

export const PromVectorSampleSchema = Type.Object({ metric: PromMetricSchema, value: PromSampleValueSchema });
export const PromMatrixSeriesSchema = Type.Object({ metric: PromMetricSchema, values: Type.Array(PromSampleValueSchema) });

export const PromQueryDataSchema = Type.Union([
  Type.Object({ resultType: Type.Literal('vector'), result: Type.Array(PromVectorSampleSchema) }),
  Type.Object({ resultType: Type.Literal('matrix'), result: Type.Array(PromMatrixSeriesSchema) }),
  Type.Object({ resultType: Type.Literal('scalar'), result: PromSampleValueSchema }),
  Type.Object({ resultType: Type.Literal('string'), result: PromSampleValueSchema }),
]);
export type PromQueryData = Static<typeof PromQueryDataSchema>;

export function promSuccessSchema<T extends TSchema>(data: T) {
  return Type.Object({
    status: Type.Literal('success'),
    data,
    warnings: Type.Optional(Type.Array(Type.String())),
  });
}

export const PromQueryResponseSchema = promSuccessSchema(PromQueryDataSchema);
export type PromQueryResponse = Static<typeof PromQueryResponseSchema>;

export const PromSeriesResponseSchema = promSuccessSchema(Type.Array(PromMetricSchema));
export type PromSeriesResponse = Static<typeof PromSeriesResponseSchema>;

export const PromStringListResponseSchema = promSuccessSchema(Type.Array(Type.String()));
export type PromStringListResponse = Static<typeof PromStringListResponseSchema>;

/** `/api/v1/query_exemplars`: exemplars per series. This api stores none, so `data` is always `[]`. */
export const PromExemplarSchema = Type.Object({ labels: PromMetricSchema, value: Type.String(), timestamp: Type.Number() });
export const PromExemplarsResponseSchema = promSuccessSchema(
  Type.Array(Type.Object({ seriesLabels: PromMetricSchema, exemplars: Type.Array(PromExemplarSchema) })),
);
export type PromExemplarsResponse = Static<typeof PromExemplarsResponseSchema>;

/** `/api/v1/metadata`: metric name to its TYPE/HELP/UNIT entries (one per distinct entry across targets). */
export const PromMetricMetadataSchema = Type.Object({ type: Type.String(), help: Type.String(), unit: Type.String() });
export const PromMetadataResponseSchema = promSuccessSchema(Type.Record(Type.String(), Type.Array(PromMetricMetadataSchema)));
export type PromMetadataResponse = Static<typeof PromMetadataResponseSchema>;

/** `/api/v1/status/buildinfo`. */
export const PromBuildInfoSchema = Type.Object({
  version: Type.String(),
  revision: Type.String(),
  branch: Type.String(),
  buildUser: Type.String(),
  buildDate: Type.String(),
  goVersion: Type.String(),
});
export type PromBuildInfo = Static<typeof PromBuildInfoSchema>;
export const PromBuildInfoResponseSchema = promSuccessSchema(PromBuildInfoSchema);
export type PromBuildInfoResponse = Static<typeof PromBuildInfoResponseSchema>;

/** `/api/v1/format_query`: the expression pretty-printed. */
export const PromFormatQueryResponseSchema = promSuccessSchema(Type.String());
export type PromFormatQueryResponse = Static<typeof PromFormatQueryResponseSchema>;
