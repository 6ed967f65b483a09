import type { Logger } from 'pino';
import type { EventTransport, SendResult } from './pagerduty-transport.js';
import type { Notification, NotifyStore } from './notify-store.js';
import { backoffDelay } from './retry-backoff.js';

export interface OutboxWorkerOptions {
  readonly store: NotifyStore;
  readonly transport: EventTransport;
  /** The routing key of a route name now (keys are not stored in the outbox); undefined: none configured. */
  readonly routingKeyOf: (route: string) => string | undefined;
  readonly timeoutMs: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Longest idle wait between polls of the outbox (a new row wakes the worker anyway). Default 1 s. */
  readonly pollMs?: number;
  /** Called after each attempt (metrics, tests). */
  readonly onAttempt?: (n: Notification, outcome: 'sent' | 'retry' | 'failed', reason: string) => void;
}

/**
 * Sends the outbox's pending rows, oldest first and one at a time per dedup key (so a group's trigger never
 * overtakes its resolve). Before each attempt the row's attempt count and a fallback next-attempt time are
 * committed; a 2xx marks it sent (its own transaction, after the answer); 429, 5xx, network errors and timeouts
 * back off exponentially with jitter, without limit; 400 and other 4xx mark it failed with PagerDuty's message
 * and `errors`. A crash between PagerDuty's 202 and the mark re-sends the same event (same dedup_key and
 * payload) after the restart: at-least-once delivery, which PagerDuty's dedup_key turns into one incident change.
 */
export class OutboxWorker {
  private readonly now: () => number;
  private readonly random: () => number;
  private stopped = true;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private inFlight = new AbortController();
  private running: Promise<number> | undefined;
  /** True after a retryable failure until the next success: logged once per change, not per attempt. */
  private failing = false;

  constructor(private readonly opts: OutboxWorkerOptions) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  /** Resumes pending rows at once (after a restart) and sends in the background until stop(). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.inFlight = new AbortController();
    const resumed = this.opts.store.resumePending(this.now());
    if (resumed > 0) this.opts.logger.info({ resumed }, `resuming ${resumed} pending notification(s)`);
    this.loop = this.run();
  }

  /** A new row was written: look at the outbox now. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops the loop; an attempt in flight is aborted and stays pending (sent again after the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.inFlight.abort();
    this.wakeUp?.();
    await this.loop;
    await this.running;
    // Stopped: runDue() may still be called directly (tools, tests) with a fresh signal.
    this.loop = undefined;
    this.inFlight = new AbortController();
  }

  /** Sends every row due now; returns how many attempts were made. Tests with a fake clock call this directly. */
  runDue(): Promise<number> {
    this.running ??= this.sendDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    const pollMs = this.opts.pollMs ?? 1000;
    while (!this.stopped) {
      let n = 0;
      try {
        n = await this.runDue();
      } catch (err) {
        this.opts.logger.error({ err }, 'the notification outbox failed; retrying');
      }
      if (this.stopped) break;
      if (n > 0) continue;
      const next = this.opts.store.nextAttemptAt();
      const wait = next === undefined ? pollMs : Math.max(0, Math.min(pollMs, next - this.now()));
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        this.idleTimer = setTimeout(resolve, wait);
      });
      clearTimeout(this.idleTimer);
      this.wakeUp = undefined;
    }
  }

  private async sendDue(): Promise<number> {
    let attempts = 0;
    for (;;) {
      if (this.stopped && this.loop !== undefined) return attempts;
      const due = this.opts.store.due(this.now(), 16);
      if (due.length === 0) return attempts;
      for (const n of due) {
        if (this.stopped && this.loop !== undefined) return attempts;
        await this.attempt(n);
        attempts++;
      }
    }
  }

  private async attempt(n: Notification): Promise<void> {
    const { store, logger } = this.opts;
    const log = logger.child({ notification: n.id, dedupKey: n.dedupKey, action: n.action, route: n.route });
    const key = this.opts.routingKeyOf(n.route);
    if (key === undefined) {
      store.markFailed(n.id, undefined, `no routing key configured for route "${n.route}" (and no default routing key)`, []);
      log.error('notification not sent: no routing key for its route');
      this.opts.onAttempt?.(n, 'failed', 'no_routing_key');
      return;
    }
    const attempts = n.attempts + 1;
    const backoff = (): number => this.now() + backoffDelay(attempts, this.opts.initialBackoffMs, this.opts.maxBackoffMs, this.random);
    // Committed before the request: a crash or hang from here on retries the row later, never drops it.
    store.markAttempt(n.id, attempts, backoff() + this.opts.timeoutMs);
    const signal = AbortSignal.any([this.inFlight.signal, AbortSignal.timeout(this.opts.timeoutMs)]);
    const result = await this.opts.transport.send(key, n.event, signal);
    switch (result.kind) {
      case 'sent':
        store.markSent(n.id, this.now(), result.status);
        if (this.failing) {
          this.failing = false;
          logger.info('PagerDuty accepts events again');
        }
        log.info({ attempts }, `PagerDuty ${n.action} sent: ${n.event.payload.summary}`);
        break;
      case 'retry': {
        if (this.stopped && this.inFlight.signal.aborted) {
          store.markRetry(n.id, this.now(), result.status, 'interrupted by shutdown');
          return;
        }
        const at = backoff();
        store.markRetry(n.id, at, result.status, result.error);
        const fields = { attempts, status: result.status, retryInMs: at - this.now() };
        if (!this.failing) {
          this.failing = true;
          log.warn(fields, `PagerDuty is not accepting events (retrying with backoff until it does): ${result.error}`);
        } else {
          log.debug(fields, `PagerDuty ${n.action} not delivered, will retry: ${result.error}`);
        }
        break;
      }
      case 'failed':
        store.markFailed(n.id, result.status, result.error, result.errors);
        log.error({ attempts, status: result.status, errors: result.errors }, `PagerDuty rejected the ${n.action} event (not retried): ${result.error}`);
        break;
    }
    this.opts.onAttempt?.(n, result.kind, reasonOf(result));
  }
  
  /** True while PagerDuty answers with retryable failures (for the up metric). */
  get healthy(): boolean {
    return !this.failing;
  }
}

/** A low-cardinality reason label: the status class, or timeout / network. */
function reasonOf(r: SendResult): string {
  if (r.kind === 'sent') return 'ok';
  if (r.status === undefined) return r.error.startsWith('timeout') ? 'timeout' : 'network';
  return r.status === 429 ? 'rate_limited' : r.status >= 500 ? 'server_error' : 'client_error';
}
