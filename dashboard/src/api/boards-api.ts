import { apiGet, type ApiResult } from './api-client.js';
import type { Board, BoardListResponse } from './types.js';

export function listBoards(signal?: AbortSignal): Promise<ApiResult<BoardListResponse['data']>> {
  return apiGet<BoardListResponse['data']>('/api/v1/boards', {}, signal);
}

export function getBoard(name: string, signal?: AbortSignal): Promise<ApiResult<Board>> {
  return apiGet<Board>(`/api/v1/boards/${encodeURIComponent(name)}`, {}, signal);
}
