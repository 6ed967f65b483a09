import type { Clock } from '../src/time/clock.js';

/**
 * A clock whose sleeps last `realMs` real milliseconds whatever they ask for, and which records what they
 * asked for: retry and backoff code runs fast and its delays can be asserted.
 */
export function fastClock(realMs = 2): Clock & { readonly sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const done = (): void => {
          clearTimeout(t);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const t = setTimeout(done, realMs);
        signal?.addEventListener('abort', done, { once: true });
      });
    },
  };
}
