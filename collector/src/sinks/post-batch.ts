import type { ExportResult } from './export-result.js';

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * POSTs one (already compressed) batch body and classifies the answer the way every metric transport
 * does: 2xx is success; 429, 5xx, timeouts and network errors are retryable (with the server's
 * Retry-After); anything else (400 bad data, 401, 404, 413) is a failure: retrying cannot help.
 */
export async function postBatch(
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ExportResult> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body: body as Uint8Array<ArrayBuffer> /* never a SharedArrayBuffer view */, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
  } catch (err) {
    return { kind: 'retryable', reason: networkReason(err, timeoutMs) };
  }
  if (res.status >= 200 && res.status <= 299) {
    await res.body?.cancel();
    return { kind: 'success' };
  }
  const text = (await res.text().catch(() => '')).slice(0, 2000).trim();
  const reason = `HTTP ${res.status}${text !== '' ? `: ${text}` : ''}`;
  if (res.status === 429 || res.status >= 500) {
    return { kind: 'retryable', reason, status: res.status, retryInMillis: parseRetryAfter(res.headers.get('retry-after')) };
  }
  return { kind: 'failure', reason, status: res.status };
}

function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return `timeout after ${timeoutMs}ms`;
    if (err.name === 'AbortError') return 'aborted';
    const cause = (err as { cause?: { code?: string } }).cause;
    return cause?.code !== undefined ? `${err.message}: ${cause.code}` : err.message;
  }
  return String(err);
}
