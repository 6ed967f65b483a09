import { apiGet, type ApiResult } from './api-client.js';
import type { LogSearchResponse, LogVolumeResponse } from './types.js';

type SearchData = LogSearchResponse['data'];
type VolumeData = LogVolumeResponse['data'];

/** The log API's search (api/src/logs/README.md): newest first, `nextCursor` for the next page. Times in Unix seconds. */
export function searchLogs(
  params: { query: string; start: number; end: number; limit?: number; cursor?: string },
  signal?: AbortSignal,
): Promise<ApiResult<SearchData>> {
  return apiGet<SearchData>('/api/v1/logs', params, signal);
}

export function logVolume(params: { query: string; start: number; end: number; step?: string }, signal?: AbortSignal): Promise<ApiResult<VolumeData>> {
  return apiGet<VolumeData>('/api/v1/logs/volume', params, signal);
}
