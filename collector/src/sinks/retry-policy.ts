import type { RetryConfig } from '../config/config-schema.js';
import type { Clock } from '../time/clock.js';
import type { ExportResult } from './export-result.js';

/** Never wait longer than this for a Retry-After, however far the server asks. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** The delay before retry number `attempt` (0 = first retry): exponential, capped, with +-jitter. */
export function backoffDelay(policy: RetryConfig, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** attempt);
  const factor = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(policy.maxDelayMs * (1 + policy.jitter), base * factor)));
}

export interface RetryObserver {
  /** Called before each wait; `attempt` counts retries from 1. */
  onRetry?(result: Extract<ExportResult, { kind: 'retryable' }>, attempt: number, delayMs: number): void;
  onRecovered?(attempts: number): void;
}

export interface RetryOptions {
  readonly policy: RetryConfig;
  readonly clock: Pick<Clock, 'sleep'>;
  readonly random?: () => number;
  readonly signal?: AbortSignal;
  readonly observer?: RetryObserver;
}

/**
 * Runs `attempt` until it succeeds or fails for good, waiting with exponential backoff and jitter between
 * retryable results (a server's Retry-After wins when longer). Retries forever: the caller's bounded buffer
 * and back-pressure limit what piles up meanwhile. If `signal` aborts, the last retryable result is returned.
 */
export async function sendWithRetry(attempt: (signal: AbortSignal) => Promise<ExportResult>, options: RetryOptions): Promise<ExportResult> {
  const signal = options.signal ?? new AbortController().signal;
  let retries = 0;
  for (;;) {
    let result: ExportResult;
    try {
      result = await attempt(signal);
    } catch (err) {
      // A transport should report, not throw; if one throws anyway, treat it like a network error.
      result = { kind: 'retryable', reason: `transport error: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (result.kind !== 'retryable') {
      if (retries > 0 && result.kind === 'success') options.observer?.onRecovered?.(retries);
      return result;
    }
    if (signal.aborted) return result;
    const backoff = backoffDelay(options.policy, retries, options.random);
    const delay = result.retryInMillis !== undefined ? Math.min(MAX_RETRY_AFTER_MS, Math.max(result.retryInMillis, backoff)) : backoff;
    retries++;
    options.observer?.onRetry?.(result, retries, delay);
    await options.clock.sleep(delay, signal);
    if (signal.aborted) return result;
  }
}
