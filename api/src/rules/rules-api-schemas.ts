import { Type, type Static } from '@sinclair/typebox';
import { promSuccessSchema } from '../read-api/response-schemas.js';

/** `/api/v1/rules` and `/api/v1/alerts` bodies in Prometheus 2.42's JSON shapes (times RFC 3339, values as strings). */
const LabelMap = Type.Record(Type.String(), Type.String());

export const PromAlertSchema = Type.Object({
  labels: LabelMap,
  annotations: LabelMap,
  state: Type.Union([Type.Literal('pending'), Type.Literal('firing'), Type.Literal('inactive')]),
  activeAt: Type.Optional(Type.String()),
  keepFiringSince: Type.Optional(Type.String()),
  /** Go's strconv.FormatFloat(v, 'e', -1, 64), e.g. "1e+00". */
  value: Type.String(),
});
export type PromAlert = Static<typeof PromAlertSchema>;

export const PromAlertingRuleSchema = Type.Object({
  state: Type.Union([Type.Literal('pending'), Type.Literal('firing'), Type.Literal('inactive')]),
  name: Type.String(),
  query: Type.String(),
  /** `for` in seconds. */
  duration: Type.Number(),
  keepFiringFor: Type.Number(),
  labels: LabelMap,
  annotations: LabelMap,
  alerts: Type.Array(PromAlertSchema),
  health: Type.String(),
  lastError: Type.Optional(Type.String()),
  evaluationTime: Type.Number(),
  lastEvaluation: Type.String(),
  type: Type.Literal('alerting'),
});
export type PromAlertingRule = Static<typeof PromAlertingRuleSchema>;

export const PromRecordingRuleSchema = Type.Object({
  name: Type.String(),
  query: Type.String(),
  labels: Type.Optional(LabelMap),
  health: Type.String(),
  lastError: Type.Optional(Type.String()),
  evaluationTime: Type.Number(),
  lastEvaluation: Type.String(),
  type: Type.Literal('recording'),
});
export type PromRecordingRule = Static<typeof PromRecordingRuleSchema>;

export const PromRuleGroupSchema = Type.Object({
  name: Type.String(),
  file: Type.String(),
  rules: Type.Array(Type.Union([PromAlertingRuleSchema, PromRecordingRuleSchema])),
  /** Seconds. */
  interval: Type.Number(),
  limit: Type.Number(),
  evaluationTime: Type.Number(),
  lastEvaluation: Type.String(),
});
export type PromRuleGroup = Static<typeof PromRuleGroupSchema>;

export const PromRulesResponseSchema = promSuccessSchema(Type.Object({ groups: Type.Array(PromRuleGroupSchema) }));
export type PromRulesResponse = Static<typeof PromRulesResponseSchema>;

export const PromAlertsResponseSchema = promSuccessSchema(Type.Object({ alerts: Type.Array(PromAlertSchema) }));
export type PromAlertsResponse = Static<typeof PromAlertsResponseSchema>;

const ProblemSchema = Type.Object({ file: Type.String(), line: Type.Optional(Type.Number()), field: Type.String(), message: Type.String() });

/** `POST /-/reload`: what was loaded, or (status error, 400) why the previous rules were kept. */
export const ReloadResponseSchema = Type.Object({
  status: Type.Union([Type.Literal('success'), Type.Literal('error')]),
  errorType: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
  data: Type.Object({
    files: Type.Array(Type.String()),
    groups: Type.Number(),
    rules: Type.Number(),
    problems: Type.Array(ProblemSchema),
  }),
});
export type ReloadResponse = Static<typeof ReloadResponseSchema>;
