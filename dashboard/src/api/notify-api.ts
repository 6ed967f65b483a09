import type { NotificationsResponse, PostSilence, SilenceJson } from '@slo/api/types';
import { apiGet, type ApiResult } from './api-client.js';
import { apiSend } from './api-write.js';

export type { NotificationJson, PostSilence, SilenceJson, SilenceMatcherJson } from '@slo/api/types';
export type NotificationList = NotificationsResponse['data'];

/** Silences in Alertmanager's shapes (active, pending and recently expired). */
export function listSilences(signal?: AbortSignal): Promise<ApiResult<SilenceJson[]>> {
  return apiGet<SilenceJson[]>('/api/v1/silences', {}, signal);
}

export function createSilence(body: PostSilence): Promise<ApiResult<{ silenceID: string }>> {
  return apiSend<{ silenceID: string }>('POST', '/api/v1/silences', body);
}

export function expireSilence(id: string): Promise<ApiResult<SilenceJson>> {
  return apiSend<SilenceJson>('DELETE', `/api/v1/silence/${encodeURIComponent(id)}`);
}

/** The PagerDuty outbox, newest first. */
export function listNotifications(params: { state?: 'pending' | 'sent' | 'failed'; limit?: number } = {}, signal?: AbortSignal): Promise<ApiResult<NotificationList>> {
  return apiGet<NotificationList>('/api/v1/notifications', params, signal);
}
