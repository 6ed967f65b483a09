import { Type, type Static } from '@sinclair/typebox';

export const V2WriteQuerySchema = Type.Object(
  {
    org: Type.Optional(Type.String()),
    orgID: Type.Optional(Type.String()),
    bucket: Type.Optional(Type.String()),
    precision: Type.Optional(Type.String({ description: 'ns (default), us, ms or s' })),
  },
  { additionalProperties: true },
);
export type V2WriteQuery = Static<typeof V2WriteQuerySchema>;

export const V1WriteQuerySchema = Type.Object(
  {
    db: Type.Optional(Type.String()),
    rp: Type.Optional(Type.String()),
    precision: Type.Optional(Type.String({ description: 'n/ns (default), u/us, ms, s, m or h' })),
    consistency: Type.Optional(Type.String()),
    u: Type.Optional(Type.String()),
    p: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type V1WriteQuery = Static<typeof V1WriteQuerySchema>;

export const V1QueryQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String()),
    db: Type.Optional(Type.String()),
    epoch: Type.Optional(Type.String()),
    params: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type V1QueryQuery = Static<typeof V1QueryQuerySchema>;

/** InfluxDB 2.x error body. */
export const V2ErrorSchema = Type.Object({ code: Type.String(), message: Type.String() });
export type V2Error = Static<typeof V2ErrorSchema>;

/** InfluxDB 1.x error body. */
export const V1ErrorSchema = Type.Object({ error: Type.String() });
export type V1Error = Static<typeof V1ErrorSchema>;

export const V1QueryResponseSchema = Type.Object({
  results: Type.Array(
    Type.Object({
      statement_id: Type.Integer(),
      error: Type.Optional(Type.String()),
    }),
  ),
});
export type V1QueryResponse = Static<typeof V1QueryResponseSchema>;

export const NoContentSchema = Type.Null({ description: 'No content' });
