import type { Logger } from 'pino';
import type { MetricSink } from './sinks/metric-sink.js';
import type { CollectedSample, Source } from './sources/source.js';
import type { Clock } from './time/clock.js';

export interface ScheduledSource {
  readonly source: Source;
  readonly intervalMs: number;
}

export interface SchedulerOptions {
  readonly sources: readonly ScheduledSource[];
  readonly sink: Pick<MetricSink, 'write'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Runs each source on its own interval, on ticks aligned to multiples of the interval (so every run of a
 * source has the same phase and timestamps compress well), and writes what it returns to the sink.
 *
 * - One loop per source: a run never overlaps the previous run of the same source; ticks missed because a
 *   run (or the sink's back-pressure) took longer than the interval are skipped, with a warning.
 * - Sources are independent: a slow or failing source delays only itself; errors are logged, never thrown.
 * - The tick time is the `now` passed to `collect`, i.e. the timestamp of the samples.
 */
export class Scheduler {
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];
  private readonly log: Logger;

  constructor(private readonly options: SchedulerOptions) {
    for (const s of options.sources) {
      if (!(s.intervalMs > 0)) throw new RangeError(`source ${s.source.name}: interval must be > 0`);
    }
    this.log = options.logger;
  }

  start(): void {
    if (this.loops.length > 0) throw new Error('scheduler already started');
    this.loops = this.options.sources.map((s) => this.runLoop(s));
  }

  /** Stops scheduling; resolves when running collections have finished (bounded by `timeoutMs`). */
  async stop(timeoutMs = 5000): Promise<void> {
    this.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.log.warn({ timeoutMs }, 'scheduler stop: sources still running after timeout, not waiting any longer');
        resolve();
      }, timeoutMs);
    });
    await Promise.race([Promise.all(this.loops).then(() => undefined), timeout]);
    clearTimeout(timer);
  }

  private async runLoop({ source, intervalMs }: ScheduledSource): Promise<void> {
    const { clock, sink } = this.options;
    const signal = this.abort.signal;
    const log = this.log.child({ source: source.name });
    let tick = nextTick(clock.now(), intervalMs);
    while (!signal.aborted) {
      await clock.sleep(tick - clock.now(), signal);
      if (signal.aborted) break;
      let samples: CollectedSample[] = [];
      try {
        samples = await source.collect(tick);
      } catch (err) {
        log.error({ err }, 'source failed; will retry at the next tick');
      }
      if (samples.length > 0) {
        try {
          // Back-pressure: while the sink's buffer is full this waits, delaying this source's next tick.
          await sink.write(samples);
        } catch (err) {
          log.error({ err, samples: samples.length }, 'sink rejected the samples of this run');
        }
      }
      const now = clock.now();
      const next = nextTick(now, intervalMs);
      const skipped = Math.round((next - tick) / intervalMs) - 1;
      if (skipped > 0) {
        log.warn({ skippedTicks: skipped, intervalMs, tookMs: now - tick }, 'run took longer than the interval; skipping ticks');
      }
      tick = next;
    }
  }
}

/** The first multiple of `intervalMs` strictly after `now`. */
export function nextTick(now: number, intervalMs: number): number {
  return (Math.floor(now / intervalMs) + 1) * intervalMs;
}
