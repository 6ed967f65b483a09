import { Type, type Static, type TUnsafe } from '@sinclair/typebox';

/** Panel kinds that draw PromQL queries (`query` or `queries`). */
export const QUERY_PANEL_TYPES = ['timeseries', 'stat', 'gauge', 'bar', 'table'] as const;
/**
 * Panel kinds that read the api's own state instead of a query: `slo-summary` (the SLOs of `/api/v1/slos`, narrowed
 * by `slos`) and `alerts` (firing, and with `pending: true` pending, alerts of `/api/v1/alerts`, narrowed by `filter`).
 */
export const STATE_PANEL_TYPES = ['slo-summary', 'alerts'] as const;
/** Panel kinds a board can hold. */
export const PANEL_TYPES = [...QUERY_PANEL_TYPES, ...STATE_PANEL_TYPES] as const;
export type PanelType = (typeof PANEL_TYPES)[number];
export type QueryPanelType = (typeof QUERY_PANEL_TYPES)[number];

/**
 * Units a panel's values are shown in. `percent` is 0-100, `ratio` is 0-1 shown as a percentage,
 * `currency` uses the panel's `currency` (ISO 4217 code, USD by default).
 */
export const UNITS = ['none', 'short', 'bytes', 'bytes/s', 'seconds', 'percent', 'ratio', 'requests/s', 'ops/s', 'currency'] as const;
export type Unit = (typeof UNITS)[number];

/** A union of string literals whose static type is the literal union (Type.Union over a mapped array widens to string). */
function literalUnion<T extends string>(values: readonly T[], description: string): TUnsafe<T> {
  return Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v)), { description }));
}

export const ThresholdSchema = Type.Object(
  {
    value: Type.Number({ description: 'the value from which this colour applies' }),
    color: Type.String({ pattern: '^(green|yellow|orange|red|blue|purple|#[0-9a-fA-F]{3,8})$', description: 'green, yellow, orange, red, blue, purple or #rgb/#rrggbb' }),
  },
  { additionalProperties: false },
);

export const PanelQuerySchema = Type.Object(
  {
    query: Type.String({ minLength: 1, description: 'PromQL; $variable and $__rate_interval are replaced before it is sent' }),
    legend: Type.Optional(Type.String({ description: 'legend template, e.g. "{{instance}}"' })),
  },
  { additionalProperties: false },
);

export const PanelFileSchema = Type.Object(
  {
    title: Type.String({ minLength: 1 }),
    type: literalUnion(PANEL_TYPES, 'timeseries, stat, gauge, bar, table, slo-summary or alerts'),
    description: Type.Optional(Type.String()),
    slos: Type.Optional(Type.String({ description: 'slo-summary: label matchers over name, service and the SLO labels, e.g. {service="shop"}' })),
    filter: Type.Optional(Type.String({ description: 'alerts: label matchers, e.g. {severity="critical"}' })),
    pending: Type.Optional(Type.Boolean({ description: 'alerts: list pending alerts too (default false)' })),
    query: Type.Optional(Type.String({ minLength: 1 })),
    legend: Type.Optional(Type.String()),
    queries: Type.Optional(Type.Array(PanelQuerySchema, { minItems: 1 })),
    unit: Type.Optional(literalUnion(UNITS, UNITS.join(', '))),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    thresholds: Type.Optional(Type.Array(ThresholdSchema)),
    width: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: 'columns of a 12-column row' })),
    stacked: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const VariableFileSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }),
    label: Type.Optional(Type.String({ description: 'the label whose values fill the picker; default: name' })),
    multi: Type.Optional(Type.Boolean({ description: 'several values can be picked: $name becomes a|b (default false)' })),
    match: Type.Optional(Type.String({ minLength: 1, description: 'series selector limiting the values, e.g. node_load1' })),
    title: Type.Optional(Type.String()),
    includeAll: Type.Optional(Type.Boolean({ description: 'offer "All" (the default) as the first choice' })),
  },
  { additionalProperties: false },
);

export const RowFileSchema = Type.Object(
  {
    title: Type.String({ minLength: 1 }),
    panels: Type.Array(PanelFileSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

/** A board file (`<boardsDir>/<name>.yaml`) as written by users. */
export const BoardFileSchema = Type.Object(
  {
    title: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    order: Type.Optional(Type.Integer({ description: 'position in the navigation (lower first)' })),
    defaultRange: Type.Optional(Type.String({ pattern: '^[0-9]+[smhdw]$', description: 'e.g. 1h' })),
    variables: Type.Optional(Type.Array(VariableFileSchema)),
    rows: Type.Array(RowFileSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type BoardFile = Static<typeof BoardFileSchema>;

/** A panel as served: `query`/`legend` shorthand folded into `queries` (empty for slo-summary and alerts). */
export const PanelSchema = Type.Object({
  title: Type.String(),
  type: literalUnion(PANEL_TYPES, 'panel type'),
  description: Type.Optional(Type.String()),
  queries: Type.Array(PanelQuerySchema),
  slos: Type.Optional(Type.String()),
  filter: Type.Optional(Type.String()),
  pending: Type.Optional(Type.Boolean()),
  unit: literalUnion(UNITS, 'unit'),
  currency: Type.Optional(Type.String()),
  decimals: Type.Optional(Type.Integer()),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  thresholds: Type.Array(ThresholdSchema),
  width: Type.Integer(),
  stacked: Type.Boolean(),
});
export type Panel = Static<typeof PanelSchema>;

export const VariableSchema = Type.Object({
  name: Type.String(),
  label: Type.String(),
  match: Type.Optional(Type.String()),
  title: Type.String(),
  includeAll: Type.Boolean(),
  multi: Type.Boolean(),
});
export type BoardVariable = Static<typeof VariableSchema>;

export const BoardSchema = Type.Object({
  name: Type.String({ description: 'the file name without .yaml/.yml' }),
  file: Type.String(),
  title: Type.String(),
  description: Type.Optional(Type.String()),
  order: Type.Integer(),
  defaultRange: Type.String(),
  variables: Type.Array(VariableSchema),
  rows: Type.Array(Type.Object({ title: Type.String(), panels: Type.Array(PanelSchema) })),
});
export type Board = Static<typeof BoardSchema>;

/** A board file that could not be read: the file, the line and the field, and what is wrong. */
export const BoardProblemSchema = Type.Object({
  name: Type.String(),
  file: Type.String(),
  line: Type.Optional(Type.Integer()),
  field: Type.String({ description: 'dotted path, e.g. rows.0.panels.2.unit; "" for the whole file' }),
  message: Type.String(),
});
export type BoardProblem = Static<typeof BoardProblemSchema>;

export const BoardSummarySchema = Type.Object({
  name: Type.String(),
  title: Type.String(),
  description: Type.Optional(Type.String()),
  order: Type.Integer(),
});
export type BoardSummary = Static<typeof BoardSummarySchema>;

export const BoardListResponseSchema = Type.Object({
  status: Type.Literal('success'),
  data: Type.Object({ boards: Type.Array(BoardSummarySchema), problems: Type.Array(BoardProblemSchema) }),
});
export type BoardListResponse = Static<typeof BoardListResponseSchema>;

export const BoardResponseSchema = Type.Object({ status: Type.Literal('success'), data: BoardSchema });
export type BoardResponse = Static<typeof BoardResponseSchema>;

/** Default width (of 12 columns) by panel type. */
export const DEFAULT_WIDTH: Readonly<Record<PanelType, number>> = { timeseries: 6, bar: 6, table: 12, stat: 3, gauge: 3, 'slo-summary': 6, alerts: 6 };
