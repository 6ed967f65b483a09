import { apiGet, type ApiResult } from './api-client.js';
import type { PromAlert, PromQueryData, PromRuleGroup } from './types.js';

/** Times are Unix seconds (as the Prometheus API takes them). */
export function queryInstant(query: string, time: number, signal?: AbortSignal): Promise<ApiResult<PromQueryData>> {
  return apiGet<PromQueryData>('/api/v1/query', { query, time }, signal);
}

export function queryRange(query: string, start: number, end: number, step: number, signal?: AbortSignal): Promise<ApiResult<PromQueryData>> {
  return apiGet<PromQueryData>('/api/v1/query_range', { query, start, end, step }, signal);
}

export function labelNames(match: readonly string[] = [], range?: { start: number; end: number }, signal?: AbortSignal): Promise<ApiResult<string[]>> {
  return apiGet<string[]>('/api/v1/labels', { 'match[]': match, start: range?.start, end: range?.end }, signal);
}

export function labelValues(
  name: string,
  match: readonly string[] = [],
  range?: { start: number; end: number },
  signal?: AbortSignal,
): Promise<ApiResult<string[]>> {
  return apiGet<string[]>(`/api/v1/label/${encodeURIComponent(name)}/values`, { 'match[]': match, start: range?.start, end: range?.end }, signal);
}

export function series(match: readonly string[], range?: { start: number; end: number }, signal?: AbortSignal): Promise<ApiResult<Record<string, string>[]>> {
  return apiGet<Record<string, string>[]>('/api/v1/series', { 'match[]': match, start: range?.start, end: range?.end }, signal);
}

export function rules(signal?: AbortSignal): Promise<ApiResult<{ groups: PromRuleGroup[] }>> {
  return apiGet<{ groups: PromRuleGroup[] }>('/api/v1/rules', {}, signal);
}

export function alerts(signal?: AbortSignal): Promise<ApiResult<{ alerts: PromAlert[] }>> {
  return apiGet<{ alerts: PromAlert[] }>('/api/v1/alerts', {}, signal);
}
