import { describe, expect, it } from 'vitest';
import { fastClock } from '../../test/fast-clock.js';
import type { ExportResult } from './export-result.js';
import { backoffDelay, sendWithRetry } from './retry-policy.js';

const policy = { initialDelayMs: 500, maxDelayMs: 30_000, multiplier: 2, jitter: 0.2 };

describe('backoffDelay', () => {
  it('grows exponentially up to maxDelay', () => {
    const mid = (): number => 0.5; // jitter factor exactly 1
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(policy, a, mid))).toEqual([500, 1000, 2000, 4000, 30_000]);
  });

  it('applies at most +-jitter', () => {
    expect(backoffDelay(policy, 0, () => 0)).toBe(400);
    expect(backoffDelay(policy, 0, () => 0.999999)).toBe(600);
  });
});

describe('sendWithRetry', () => {
  it('retries retryable results, honours a longer Retry-After, and stops at success', async () => {
    const results: ExportResult[] = [
      { kind: 'retryable', reason: 'HTTP 503' },
      { kind: 'retryable', reason: 'HTTP 429', retryInMillis: 7000 },
      { kind: 'retryable', reason: 'ECONNREFUSED' },
      { kind: 'success' },
    ];
    const clock = fastClock(0);
    let recovered = 0;
    const r = await sendWithRetry(async () => results.shift() ?? { kind: 'success' }, {
      policy,
      clock,
      random: () => 0.5,
      observer: { onRecovered: (n) => (recovered = n) },
    });
    expect(r.kind).toBe('success');
    expect(clock.sleeps).toEqual([500, 7000, 2000]);
    expect(recovered).toBe(3);
  });

  it('treats a transport that throws like a network error', async () => {
    let calls = 0;
    const r = await sendWithRetry(
      async () => {
        if (++calls === 1) throw new Error('socket hang up');
        return { kind: 'success' };
      },
      { policy, clock: fastClock(0), random: () => 0.5 },
    );
    expect(r.kind).toBe('success');
    expect(calls).toBe(2);
  });

  it('does not retry a failure', async () => {
    const clock = fastClock(0);
    let calls = 0;
    const r = await sendWithRetry(
      async () => {
        calls++;
        return { kind: 'failure', reason: 'HTTP 400', status: 400 };
      },
      { policy, clock },
    );
    expect(r).toEqual({ kind: 'failure', reason: 'HTTP 400', status: 400 });
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up when its signal aborts, returning the last retryable result', async () => {
    const ac = new AbortController();
    let calls = 0;
    const r = await sendWithRetry(
      async () => {
        if (++calls === 3) ac.abort();
        return { kind: 'retryable', reason: 'down' };
      },
      { policy, clock: fastClock(0), signal: ac.signal },
    );
    expect(r.kind).toBe('retryable');
    expect(calls).toBe(3);
  });
});
