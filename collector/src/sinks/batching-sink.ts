import type { Logger } from 'pino';
import type { RetryConfig } from '../config/config-schema.js';
import type { CollectedSample } from '../sources/source.js';
import type { Clock } from '../time/clock.js';
import type { BatchTransport } from './export-result.js';
import type { MetricSink } from './metric-sink.js';
import { sendWithRetry } from './retry-policy.js';
import type { SampleEncoding } from './sample-encoding.js';

/** Samples the wire format cannot carry are counted; a warning says how many, at most once per this. */
const UNENCODABLE_LOG_EVERY_MS = 60_000;

export interface BatchingSinkOptions<Item> {
  readonly transport: BatchTransport;
  /** How a sample becomes an item of the buffer, and a batch of items a request body (line protocol, remote_write). */
  readonly encoding: SampleEncoding<Item>;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly maxBufferSamples: number;
  readonly retry: RetryConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  /** For the log lines only: where batches go (no credentials). */
  readonly target?: string;
  readonly random?: () => number;
}

export interface SinkStats {
  /** Samples accepted by write() and not yet delivered or rejected. */
  readonly bufferedSamples: number;
  readonly sentSamples: number;
  readonly sentBatches: number;
  /** Samples in batches the server refused for good (e.g. HTTP 400). */
  readonly rejectedSamples: number;
  /** Samples the wire format cannot carry (line protocol: NaN, +-Inf, a tag value ending in a backslash). */
  readonly unencodableSamples: number;
  readonly retries: number;
}

/** A metric sink with a bounded buffer that reports what it did (for shutdown logs and tests). */
export interface BufferedMetricSink extends MetricSink {
  stats(): SinkStats;
  /** Gives up at once: what is still buffered is lost (the caller logs it). */
  abort(): void;
}

/**
 * Buffers samples encoded by `encoding` (InfluxDB line protocol, Prometheus remote_write) and sends them in batches of `batchSize` (or whatever is there
 * after `flushIntervalMs`), one batch at a time, through a transport, retrying with backoff until delivered.
 *
 * The buffer is bounded by `maxBufferSamples`: when it is full, `write()` waits for room (the scheduler's
 * next tick of that source waits with it) and says so once in the log. Nothing is dropped while waiting;
 * only batches the server rejects for good (HTTP 400 and the like) are dropped, with the reason logged.
 */
export class BatchingSink<Item> implements BufferedMetricSink {
  private items: Item[] = [];
  private head = 0;
  private inFlight = 0;
  private closed = false;
  private flushRequested = false;
  private wake = new AbortController();
  private readonly stop = new AbortController();
  private spaceWaiters: Array<() => void> = [];
  private drainWaiters: Array<() => void> = [];
  private bufferFullLogged = false;
  private failingSince: number | undefined;
  private readonly loop: Promise<void>;
  private readonly log: Logger;
  private counters = { sentSamples: 0, sentBatches: 0, rejectedSamples: 0, unencodableSamples: 0, retries: 0 };
  private unencodableSinceLog = 0;
  private unencodableLoggedAt: number | undefined;

  constructor(private readonly options: BatchingSinkOptions<Item>) {
    if (!(options.batchSize >= 1)) throw new RangeError('batchSize must be at least 1');
    if (!(options.maxBufferSamples >= options.batchSize)) throw new RangeError('maxBufferSamples must be at least batchSize');
    if (!(options.flushIntervalMs > 0)) throw new RangeError('flushIntervalMs must be > 0');
    this.log = options.logger;
    this.loop = this.run();
  }

  get buffered(): number {
    return this.items.length - this.head;
  }

  stats(): SinkStats {
    return { ...this.counters, bufferedSamples: this.buffered };
  }

  async write(samples: readonly CollectedSample[]): Promise<void> {
    if (this.closed) throw new Error('sink is closed');
    const encoded: Item[] = [];
    let unencodable = 0;
    for (const s of samples) {
      const item = this.options.encoding.encode(s);
      if (item === undefined) unencodable++;
      else encoded.push(item);
    }
    if (unencodable > 0) this.countUnencodable(unencodable);
    let offset = 0;
    while (offset < encoded.length) {
      const room = this.options.maxBufferSamples - this.buffered;
      if (room <= 0) {
        if (!this.bufferFullLogged) {
          this.bufferFullLogged = true;
          const why = this.failingSince !== undefined ? 'sink unreachable' : 'sink slower than the sources';
          this.log.warn(
            { bufferedSamples: this.buffered, target: this.options.target },
            `${why}, buffer full (${this.buffered} samples): waiting, nothing dropped`,
          );
        }
        await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
        if (this.stop.signal.aborted) throw new Error('sink is closed');
        continue;
      }
      const take = Math.min(room, encoded.length - offset);
      const wasEmpty = this.buffered === 0;
      for (let i = 0; i < take; i++) this.items.push(encoded[offset + i]);
      offset += take;
      // Wake the sender: to start the flushInterval timer, or because a full batch is ready.
      if (wasEmpty || this.buffered >= this.options.batchSize) this.kick();
    }
  }

  /** Resolves when everything written before the call has been delivered (or rejected for good). */
  async flush(): Promise<void> {
    if ((this.buffered === 0 && this.inFlight === 0) || this.stop.signal.aborted) return;
    this.flushRequested = true;
    const done = new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    this.kick();
    await done;
  }

  /** Stops accepting samples, delivers what is buffered, and stops. Bound the wait from outside if needed. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    this.stop.abort();
    this.kick();
    await this.loop;
  }

  /** Gives up at once: stops retrying and waiting; what is still buffered is lost (the caller logs it). */
  abort(): void {
    this.closed = true;
    this.stop.abort();
    this.kick();
    for (const w of this.spaceWaiters.splice(0)) w();
    for (const w of this.drainWaiters.splice(0)) w();
  }

  private countUnencodable(n: number): void {
    this.counters.unencodableSamples += n;
    this.unencodableSinceLog += n;
    const now = this.options.clock.now();
    if (this.unencodableLoggedAt !== undefined && now - this.unencodableLoggedAt < UNENCODABLE_LOG_EVERY_MS) return;
    this.unencodableLoggedAt = now;
    this.log.warn(
      { droppedSamples: this.unencodableSinceLog, totalDropped: this.counters.unencodableSamples, format: this.options.encoding.format },
      `${this.unencodableSinceLog} samples dropped: ${this.options.encoding.format} cannot carry them (${this.options.encoding.limits}); next count in a minute at most`,
    );
    this.unencodableSinceLog = 0;
  }

  private kick(): void {
    this.wake.abort();
  }

  private async run(): Promise<void> {
    const { batchSize, flushIntervalMs } = this.options;
    while (!this.stop.signal.aborted) {
      if (this.buffered === 0) {
        this.flushRequested = false;
        for (const w of this.drainWaiters.splice(0)) w();
        await this.sleepUntilKicked(undefined);
        continue;
      }
      if (this.buffered < batchSize && !this.flushRequested && !this.closed) {
        // A partial batch waits up to flushInterval for more samples.
        const woke = await this.sleepUntilKicked(flushIntervalMs);
        if (woke && this.buffered < batchSize && !this.flushRequested && !this.closed && !this.stop.signal.aborted) continue;
      }
      if (this.stop.signal.aborted) break;
      try {
        await this.sendOneBatch();
      } catch (err) {
        // Never let the sender die: the batch stays buffered and is tried again.
        this.inFlight = 0;
        this.log.error({ err }, 'sink sender failed unexpectedly; retrying');
        await this.options.clock.sleep(this.options.retry.initialDelayMs, this.stop.signal);
      }
    }
    for (const w of this.spaceWaiters.splice(0)) w();
    for (const w of this.drainWaiters.splice(0)) w();
  }

  /** Sleeps `ms` (or until kicked); true when woken by a kick. */
  private async sleepUntilKicked(ms: number | undefined): Promise<boolean> {
    if (this.wake.signal.aborted) this.wake = new AbortController();
    const wake = this.wake.signal;
    const signal = AbortSignal.any([wake, this.stop.signal]);
    await (ms === undefined
      ? new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
      : this.options.clock.sleep(ms, signal));
    const woke = wake.aborted;
    if (woke) this.wake = new AbortController();
    return woke;
  }

  private async sendOneBatch(): Promise<void> {
    const n = Math.min(this.options.batchSize, this.buffered);
    const body = this.options.encoding.body(this.items.slice(this.head, this.head + n));
    this.inFlight = n;
    const result = await sendWithRetry((signal) => this.options.transport.send(body, signal), {
      policy: this.options.retry,
      clock: this.options.clock,
      random: this.options.random,
      signal: this.stop.signal,
      observer: {
        onRetry: (r, attempt, delayMs) => {
          this.counters.retries++;
          if (attempt === 1 && this.failingSince === undefined) {
            this.failingSince = this.options.clock.now();
            this.log.warn(
              { reason: r.reason, retryInMs: delayMs, bufferedSamples: this.buffered, target: this.options.target },
              'sink write failed; retrying with backoff (samples stay buffered)',
            );
          } else {
            this.log.debug({ reason: r.reason, attempt, retryInMs: delayMs }, 'sink write retry');
          }
        },
      },
    });
    this.inFlight = 0;
    if (result.kind === 'retryable') return; // aborted: the batch stays buffered
    if (this.failingSince !== undefined) {
      this.log.info({ downForMs: this.options.clock.now() - this.failingSince, target: this.options.target }, 'sink reachable again');
      this.failingSince = undefined;
    }
    if (result.kind === 'success') {
      this.counters.sentSamples += n;
      this.counters.sentBatches++;
    } else {
      this.counters.rejectedSamples += n;
      this.log.error({ reason: result.reason, status: result.status, samples: n }, 'sink rejected a batch; it is dropped (not retryable)');
    }
    this.head += n;
    // Drop sent items from the array (they would stay reachable until then): when they are half of it.
    if (this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    // One "room again" line per full-buffer episode: when the buffer is back under half full.
    if (this.bufferFullLogged && this.buffered <= this.options.maxBufferSamples / 2) {
      this.bufferFullLogged = false;
      this.log.info({ bufferedSamples: this.buffered }, 'sink buffer has room again; writers resumed');
    }
    if (this.spaceWaiters.length > 0 && this.buffered < this.options.maxBufferSamples) {
      for (const w of this.spaceWaiters.splice(0)) w();
    }
  }
}
