import type { CorrectionJson, PostCorrection, SloDetailJson, SloHistoryResponse, SloListResponse } from '@slo/api/types';
import { apiGet, type ApiResult } from './api-client.js';
import { apiSend } from './api-write.js';

export type { CorrectionJson, PostCorrection, SloDetailJson, SloGroupJson, SloJson } from '@slo/api/types';
export type SloList = SloListResponse['data'];
export type SloHistory = SloHistoryResponse['data'];

const path = (name: string): string => `/api/v1/slos/${encodeURIComponent(name)}`;

export function listSlos(signal?: AbortSignal): Promise<ApiResult<SloList>> {
  return apiGet<SloList>('/api/v1/slos', {}, signal);
}

export function getSlo(name: string, signal?: AbortSignal): Promise<ApiResult<SloDetailJson>> {
  return apiGet<SloDetailJson>(path(name), {}, signal);
}

/** The burn-down over one window (default: the SLO's window ending at its last evaluation). Times: Unix seconds. */
export function sloHistory(name: string, range: { start?: number; end?: number } = {}, signal?: AbortSignal): Promise<ApiResult<SloHistory>> {
  return apiGet<SloHistory>(`${path(name)}/history`, { start: range.start, end: range.end }, signal);
}

export function listCorrections(name: string, signal?: AbortSignal): Promise<ApiResult<CorrectionJson[]>> {
  return apiGet<CorrectionJson[]>(`${path(name)}/corrections`, {}, signal);
}

export function createCorrection(name: string, body: PostCorrection): Promise<ApiResult<CorrectionJson>> {
  return apiSend<CorrectionJson>('POST', `${path(name)}/corrections`, body);
}

export function deleteCorrection(name: string, id: string): Promise<ApiResult<{ deleted: string }>> {
  return apiSend<{ deleted: string }>('DELETE', `${path(name)}/corrections/${encodeURIComponent(id)}`);
}
