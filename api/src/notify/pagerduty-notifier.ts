import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createNotifyMetrics, type NotifyMetrics } from './notify-metrics.js';
import type { AlertListener } from '../alerting/alert.js';
import { AlertDispatcher } from './alert-dispatcher.js';
import type { NotifyConfig } from './notify-config.js';
import { NotifyStore } from './notify-store.js';
import { OutboxWorker } from './outbox-worker.js';
import { PagerDutyTransport, type EventTransport } from './pagerduty-transport.js';
import { RouteTree } from './route-tree.js';
import { SilenceRegistry } from './silence-registry.js';

export interface PagerDutyNotifierOptions {
  readonly config: NotifyConfig;
  /** notify.db goes here (the api's data directory). */
  readonly dataDir: string;
  readonly sync?: 'full' | 'normal';
  /** The dashboard's base URL (links in events). */
  readonly externalUrl: string;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Another transport than pdjs (tests). */
  readonly transport?: EventTransport;
  /** How often due groups are flushed. Default 1 s. */
  readonly tickMs?: number;
  /** Registers the notification metrics here (the api's /metrics). */
  readonly registry?: Registry;
}

/**
 * Alerts to PagerDuty: an AlertListener for the rule engine (RuleManager.addListener(notifier.listener)), routing,
 * grouping and silences (AlertDispatcher, SilenceRegistry), and the durable outbox in `<dataDir>/notify.db` sent by
 * the OutboxWorker through @pagerduty/pdjs. Without any routing key, alerts are still evaluated and shown but
 * nothing is sent, and the log says so once at start.
 */
export class PagerDutyNotifier {
  readonly store: NotifyStore;
  readonly silences: SilenceRegistry;
  readonly dispatcher: AlertDispatcher;
  readonly worker: OutboxWorker;
  readonly routes: RouteTree;
  private readonly transport: EventTransport;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: PagerDutyNotifierOptions) {
    const pd = opts.config.pagerduty;
    this.now = opts.now ?? Date.now;
    this.store = NotifyStore.open({ dataDir: opts.dataDir, sync: opts.sync });
    this.routes = new RouteTree(pd);
    this.silences = new SilenceRegistry(this.store, this.now);
    this.transport = opts.transport ?? new PagerDutyTransport({ server: pd.server, ca: pd.ca });
    let metrics: NotifyMetrics | undefined;
    this.worker = new OutboxWorker({
      store: this.store,
      transport: this.transport,
      routingKeyOf: (route) => this.routes.routingKeyOf(this.routes.route(route)),
      timeoutMs: pd.timeoutMs,
      initialBackoffMs: pd.retryInitialBackoffMs,
      maxBackoffMs: pd.retryMaxBackoffMs,
      logger: opts.logger,
      now: this.now,
      random: opts.random,
      onAttempt: (_n, outcome, reason) => {
        if (!metrics) return;
        const integration = 'pagerduty';
        if (reason === 'no_routing_key') {
          metrics.notificationsFailed.inc({ integration, reason });
          return;
        }
        metrics.requests.inc({ integration });
        if (outcome === 'sent') metrics.notifications.inc({ integration });
        else metrics.requestsFailed.inc({ integration, reason });
        if (outcome === 'failed') metrics.notificationsFailed.inc({ integration, reason });
      },
    });
    if (opts.registry) metrics = createNotifyMetrics(opts.registry, () => this.store.counts(), () => this.worker.healthy);
    this.dispatcher = new AlertDispatcher({
      routes: this.routes,
      store: this.store,
      silences: this.silences,
      resolveTimeoutMs: pd.resolveTimeoutMs,
      externalUrl: opts.externalUrl,
      logger: opts.logger,
      now: this.now,
      onEnqueued: () => this.worker.wake(),
    });
  }

  /** The listener to register with the rule engine (and, later, the SLO engine). */
  get listener(): AlertListener {
    return this.dispatcher;
  }

  /** Starts flushing groups and sending the outbox (pending rows from before a restart first). */
  start(): void {
    const pd = this.opts.config.pagerduty;
    if (this.routes.sendsNothing) {
      this.opts.logger.warn('PagerDuty: no routing key configured (PAGERDUTY_ROUTING_KEY or notify.pagerduty routes): alerts are evaluated and shown but nothing is sent');
    } else {
      this.opts.logger.info(
        { server: pd.server, routes: pd.routes.map((r) => r.name), defaultRoute: pd.defaultRoutingKey !== undefined },
        `PagerDuty notifications to https://${pd.server}/v2/enqueue (${pd.routes.length} route(s)${pd.defaultRoutingKey !== undefined ? ' and a default routing key' : ''})`,
      );
    }
    this.worker.start();
    const tick = (): void => {
      try {
        this.dispatcher.flushDue(this.now());
      } catch (err) {
        this.opts.logger.error({ err }, 'flushing alert groups failed');
      }
    };
    this.timer = setInterval(tick, this.opts.tickMs ?? 1000);
    this.timer.unref();
    const prune = (): void => {
      try {
        const now = this.now();
        this.store.prune(now - 30 * 86_400_000);
        this.store.pruneSilences(now - 30 * 86_400_000);
      } catch (err) {
        this.opts.logger.warn({ err }, 'pruning old notifications failed');
      }
    };
    prune();
    this.pruneTimer = setInterval(prune, 3_600_000);
    this.pruneTimer.unref();
  }

  /** Stops timers and the worker (an attempt in flight stays pending) and closes notify.db. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    await this.worker.stop();
    if (this.transport instanceof PagerDutyTransport) this.transport.close();
    this.store.close();
  }
}
