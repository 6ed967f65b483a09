import type { Clock } from '../src/time/clock.js';

interface Timer {
  at: number;
  resolve: () => void;
}

/**
 * Discrete-event time for tests: sleeps wait on virtual time, which only moves in `runUntil`, jumping to the
 * next pending wake-up once every promise chain has settled. Deterministic and instant.
 */
export class VirtualClock implements Clock {
  private timers: Timer[] = [];

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const onAbort = (): void => {
        this.timers = this.timers.filter((x) => x !== timer);
        resolve();
      };
      const timer: Timer = {
        at: this.t + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Advances virtual time to `end`, waking sleepers in time order. */
  async runUntil(end: number): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (next === undefined || next.at > end) {
        this.t = end;
        await new Promise((r) => setImmediate(r));
        return;
      }
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}
