// The api's JSON types, defined once here and imported by the dashboard (CONVENTIONS.md: one source of truth).
export type {
  PromSampleValue,
  PromQueryData,
  PromQueryResponse,
  PromSeriesResponse,
  PromStringListResponse,
} from '../read-api/response-schemas.js';
export type { Labels } from '../storage/labels.js';
export type { LogRecord, LogRecordLevel } from '../logs/log-record.js';
export type {
  LogIngestResponse,
  LogIngestPartialError,
  LogRecordError,
  LogSearchResponse,
  LogVolumeResponse,
} from '../logs/http/log-api-schemas.js';
export type {
  PromAlert,
  PromAlertingRule,
  PromRecordingRule,
  PromRuleGroup,
  PromRulesResponse,
  PromAlertsResponse,
  ReloadResponse,
} from '../rules/rules-api-schemas.js';
export type { AlertState, AlertSnapshot, AlertTransition, AlertRuleRef } from '../alerting/alert.js';
export type {
  SilenceJson,
  SilenceMatcherJson,
  PostSilence,
  NotificationJson,
  NotificationsResponse,
} from '../notify/notify-api-schemas.js';
export type {
  SloJson,
  SloDetailJson,
  SloGroupJson,
  SloListResponse,
  SloDetailResponse,
  SloHistoryResponse,
  SloHistoryPointJson,
} from '../slo/slo-api-schemas.js';
export type { CorrectionJson, PostCorrection } from '../slo/corrections-routes.js';
export type {
  Board,
  BoardFile,
  BoardListResponse,
  BoardProblem,
  BoardResponse,
  BoardSummary,
  BoardVariable,
  Panel,
  PanelType,
  Unit,
} from '../boards/board-schema.js';
export type { LiveEventPayloads, ResetEventPayload, ResetReason } from '../events/event-payloads.js';
export type { EventTopic, EventName } from '../events/event-topics.js';
