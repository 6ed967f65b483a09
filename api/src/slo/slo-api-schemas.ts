import { Type, type Static } from '@sinclair/typebox';
import { promSuccessSchema } from '../read-api/response-schemas.js';

/**
 * The JSON of `/api/v1/slos`, `/api/v1/slos/:name` and `/api/v1/slos/:name/history`. Times are Unix
 * milliseconds; numbers that do not exist (no traffic, an infinite burn rate of a 100% objective) are null.
 */
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const Labels = Type.Record(Type.String(), Type.String());

const BurnRatesSchema = Type.Object(
  {
    '5m': NullableNumber,
    '30m': NullableNumber,
    '1h': NullableNumber,
    '2h': NullableNumber,
    '6h': NullableNumber,
    '1d': NullableNumber,
    '3d': NullableNumber,
  },
  { description: 'per window; null when the window saw no events (or the burn is infinite: 100% objective with errors)' },
);

export const SloErrorBudgetSchema = Type.Object({
  ratio: Type.Number({ description: '1 - target' }),
  consumed: Type.Number({ description: 'fraction of the budget spent over the window (> 1 when overspent)' }),
  remaining: Type.Number({ description: '1 - consumed (negative when overspent)' }),
  totalMinutes: Type.Number({ description: 'the budget in minutes of full outage over the whole period' }),
  consumedMinutes: Type.Number(),
  remainingMinutes: Type.Number(),
});

export const SloGroupJsonSchema = Type.Object({
  labels: Labels,
  sli: NullableNumber,
  errorRatio: NullableNumber,
  good: Type.Number({ description: 'good events (slices for Timeslices, points for threshold SLIs) over the window' }),
  total: Type.Number(),
  errorBudget: SloErrorBudgetSchema,
  burnRates: BurnRatesSchema,
  windowEvents: BurnRatesSchema,
  timeToExhaustionMs: Type.Union([Type.Number(), Type.Null()], { description: 'at the burn rate of exhaustionBurnWindow; null when not burning' }),
});
export type SloGroupJson = Static<typeof SloGroupJsonSchema>;

export const SloJsonSchema = Type.Object({
  name: Type.String(),
  displayName: Type.Optional(Type.String()),
  service: Type.String(),
  description: Type.Optional(Type.String()),
  format: Type.Union([Type.Literal('openslo/v1'), Type.Literal('prometheus/v1')]),
  source: Type.Object({ file: Type.String(), line: Type.Number() }),
  indicator: Type.Object({
    kind: Type.Union([Type.Literal('ratio'), Type.Literal('latency'), Type.Literal('threshold')]),
    histogram: Type.Optional(Type.String()),
    thresholdSeconds: Type.Optional(Type.Number()),
    op: Type.Optional(Type.String()),
    threshold: Type.Optional(Type.Number()),
  }),
  objective: Type.Object({ target: Type.Number(), displayName: Type.Optional(Type.String()) }),
  window: Type.Object({
    kind: Type.Union([Type.Literal('rolling'), Type.Literal('calendar')]),
    text: Type.String({ description: 'as written, e.g. 28d or 1M' }),
    start: NullableNumber,
    end: NullableNumber,
    periodMs: NullableNumber,
  }),
  budgetingMethod: Type.Union([Type.Literal('Occurrences'), Type.Literal('Timeslices'), Type.Literal('RatioTimeslices')]),
  timeSliceTarget: Type.Optional(Type.Number()),
  timeSliceWindowMs: Type.Optional(Type.Number()),
  groupBy: Type.Array(Type.String()),
  labels: Labels,
  state: Type.Union([Type.Literal('pending'), Type.Literal('ok'), Type.Literal('no_data'), Type.Literal('error')]),
  errors: Type.Array(Type.String()),
  evaluatedAt: NullableNumber,
  evaluationMs: NullableNumber,
  exhaustionBurnWindow: Type.String(),
  /** The whole SLO (grouped SLOs: all groups summed); null before the first evaluation or on error. */
  result: Type.Union([SloGroupJsonSchema, Type.Null()]),
  groups: Type.Array(SloGroupJsonSchema),
});
export type SloJson = Static<typeof SloJsonSchema>;

export const SloDetailJsonSchema = Type.Intersect([
  SloJsonSchema,
  Type.Object({
    queries: Type.Record(Type.String(), Type.String(), { description: 'the PromQL templates (good, bad, total or query) with {{.window}}' }),
    alerting: Type.Object({
      name: Type.Optional(Type.String()),
      labels: Labels,
      annotations: Labels,
      page: Type.Object({ enabled: Type.Boolean(), labels: Labels, annotations: Labels }),
      ticket: Type.Object({ enabled: Type.Boolean(), labels: Labels, annotations: Labels }),
      minTraffic: Type.Number(),
    }),
  }),
]);
export type SloDetailJson = Static<typeof SloDetailJsonSchema>;

export const SloListResponseSchema = promSuccessSchema(
  Type.Object({
    slos: Type.Array(SloJsonSchema),
    problems: Type.Array(Type.String(), { description: 'rejected SLO files: file:line: field: message' }),
  }),
);
export type SloListResponse = Static<typeof SloListResponseSchema>;

export const SloDetailResponseSchema = promSuccessSchema(SloDetailJsonSchema);
export type SloDetailResponse = Static<typeof SloDetailResponseSchema>;

export const SloHistoryPointSchema = Type.Object({
  t: Type.Number(),
  sli: NullableNumber,
  remaining: Type.Number({ description: 'error budget remaining (1 = untouched, 0 = exhausted)' }),
  consumed: Type.Number(),
});

export const SloHistoryResponseSchema = promSuccessSchema(
  Type.Object({
    name: Type.String(),
    start: Type.Number(),
    end: Type.Number(),
    stepMs: Type.Number(),
    series: Type.Array(Type.Object({ labels: Labels, points: Type.Array(SloHistoryPointSchema) }), {
      description: 'the whole SLO first (labels {}), then one per group',
    }),
  }),
);
export type SloHistoryResponse = Static<typeof SloHistoryResponseSchema>;
export type SloHistoryPointJson = Static<typeof SloHistoryPointSchema>;
