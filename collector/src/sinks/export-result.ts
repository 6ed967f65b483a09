/** What one delivery attempt of a batch came to (OpenTelemetry's exporter result, plus a retry hint). */
export type ExportResult =
  | { readonly kind: 'success' }
  /** Not worth retrying (e.g. HTTP 400): the batch is dropped as rejected, with the reason logged. */
  | { readonly kind: 'failure'; readonly reason: string; readonly status?: number }
  /** Worth retrying (network error, timeout, 429, 5xx); `retryInMillis` from Retry-After when the server sent one. */
  | { readonly kind: 'retryable'; readonly reason: string; readonly status?: number; readonly retryInMillis?: number };

/** Sends one batch once; the retry policy lives in the caller (see retry-policy.ts). */
export interface BatchTransport {
  send(body: string | Uint8Array, signal: AbortSignal): Promise<ExportResult>;
}
