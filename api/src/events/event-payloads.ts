import type { AlertTransition } from '../alerting/alert.js';
import type { LogRecord } from '../logs/log-record.js';
import type { SloJson } from '../slo/slo-api-schemas.js';

/**
 * The JSON `data:` of each SSE event of `GET /api/v1/events`, by event name. Every event also has an `id:`
 * (opaque; send it back as `Last-Event-ID` to resume).
 */
export interface LiveEventPayloads {
  /** A state change of one alert (inactive→pending, pending→firing, pending/firing→inactive). */
  alert: AlertTransition;
  /** One SLO's status after an evaluation round (the same JSON as `GET /api/v1/slos`). */
  slo: SloJson;
  /** One newly stored log record (retries of the same record id are not repeated). */
  log: LogRecord;
  /** Events were missed (resume id too old or unknown, or the client was too slow): refetch current state. */
  reset: ResetEventPayload;
}

export type ResetReason = 'too_old' | 'unknown_id' | 'slow_client';

export interface ResetEventPayload {
  readonly reason: ResetReason;
}
