import { AppError } from '../../errors/app-error.js';
import type { EvaluationOptions } from './evaluation-options.js';

/** Deadline, cancellation and the samples-in-memory limit, checked from inside evaluation loops. */
export class QueryLimits {
  private checks = 0;

  constructor(private readonly options: EvaluationOptions) {}

  /** Throws `canceled` or `timeout`; cheap enough to call in inner loops (reads the clock every 256th call). */
  check(): void {
    if (this.options.signal?.aborted) throw new AppError('canceled', 'query was canceled in query execution');
    if ((this.checks++ & 255) !== 0) return;
    this.checkNow();
  }

  checkNow(): void {
    if (this.options.signal?.aborted) throw new AppError('canceled', 'query was canceled in query execution');
    if ((this.options.now ?? Date.now)() > this.options.deadline) throw new AppError('timeout', 'query timed out in query execution');
  }

  samples(n: number): void {
    if (n > this.options.maxSamples) {
      throw new AppError('execution', 'query processing would load too many samples into memory in query execution');
    }
  }
}
