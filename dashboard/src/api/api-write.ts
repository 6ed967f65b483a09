import { apiToken, type ApiResult } from './api-client.js';

/**
 * POST or DELETE an api path with an optional JSON body; answers the same typed union as apiGet (never throws for
 * an HTTP or network failure). The api's error message (naming the field) is kept as is.
 */
export async function apiSend<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = apiToken();
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch (err) {
    return { ok: false, status: 0, errorType: 'network', message: `cannot reach the api (${(err as Error).message}); is it running?` };
  }
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    return { ok: false, status: response.status, errorType: 'bad_response', message: `the api answered ${response.status} without JSON` };
  }
  const rec = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  if (rec?.status === 'success' && response.ok) return { ok: true, data: rec.data as T };
  if (rec?.status === 'error') return { ok: false, status: response.status, errorType: String(rec.errorType), message: String(rec.error) };
  return { ok: false, status: response.status, errorType: 'bad_response', message: `unexpected answer (HTTP ${response.status})` };
}
