// The one fetch wrapper (as Prometheus's web UI api/api.ts): every call answers a typed union, never throws for
// an HTTP or network failure, so each view can show loading / error / empty states from one shape.

/** Prometheus's error envelope, used by every route of the api. */
export interface ApiErrorBody {
  readonly status: 'error';
  readonly errorType: string;
  readonly error: string;
}

export type ApiResult<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly status: number; readonly errorType: string; readonly message: string };

const TOKEN_KEY = 'apiToken';

/** The bearer token sent with API calls when the api has tokens configured (kept in localStorage). */
export function apiToken(): string | undefined {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function setApiToken(token: string | undefined): void {
  if (token === undefined || token === '') localStorage.removeItem(TOKEN_KEY);
  else localStorage.setItem(TOKEN_KEY, token);
}

export type QueryParams = Readonly<Record<string, string | number | readonly string[] | undefined>>;

export function buildUrl(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v as readonly string[]) search.append(k, item);
    else search.append(k, String(v));
  }
  const qs = search.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

/**
 * GETs an api path and unwraps `{"status":"success","data":...}`. Aborts with `signal`; an aborted call answers
 * errorType `canceled`. The api's error message (with its `line:column` for PromQL) is kept as is.
 */
export async function apiGet<T>(path: string, params: QueryParams = {}, signal?: AbortSignal): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = apiToken();
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, params), { headers, signal });
  } catch (err) {
    if (signal?.aborted) return { ok: false, status: 0, errorType: 'canceled', message: 'canceled' };
    return { ok: false, status: 0, errorType: 'network', message: `cannot reach the api (${(err as Error).message}); is it running?` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, status: response.status, errorType: 'bad_response', message: `the api answered ${response.status} without JSON` };
  }
  if (isRecord(body) && body.status === 'success' && response.ok) return { ok: true, data: body.data as T };
  if (isRecord(body) && body.status === 'error') {
    return { ok: false, status: response.status, errorType: String(body.errorType), message: String(body.error) };
  }
  return { ok: false, status: response.status, errorType: 'bad_response', message: `unexpected answer (HTTP ${response.status})` };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
