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
