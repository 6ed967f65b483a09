import { Counter, Gauge, type Registry } from 'prom-client';
import type { NotificationState } from './notify-store.js';

export interface NotifyMetrics {
  readonly requests: Counter<'integration'>;
  readonly requestsFailed: Counter<'integration' | 'reason'>;
  readonly notifications: Counter<'integration'>;
  readonly notificationsFailed: Counter<'integration' | 'reason'>;
}

/**
 * Alertmanager's notification metrics for the PagerDuty integration (`alertmanager_notifications_total` = events
 * delivered, `alertmanager_notifications_failed_total` = rejected for good, `..._requests_*` = HTTP attempts),
 * plus `notify_outbox_notifications{state}` (rows by state) and `notify_pagerduty_up` (0 while PagerDuty answers
 * attempts with 429, 5xx, timeouts or network errors).
 */
export function createNotifyMetrics(registry: Registry, counts: () => Record<NotificationState, number>, up: () => boolean): NotifyMetrics {
  const registers = [registry];
  new Gauge({
    name: 'notify_outbox_notifications',
    help: 'Notifications in the outbox by state (pending, sent, failed).',
    labelNames: ['state'],
    registers,
    collect() {
      try {
        for (const [state, n] of Object.entries(counts())) this.set({ state }, n);
      } catch {
        // notify.db already closed (shutdown): keep the last values
      }
    },
  });
  new Gauge({
    name: 'notify_pagerduty_up',
    help: '1 when the last attempt to send to PagerDuty did not fail with a retryable error (429, 5xx, timeout, network).',
    registers,
    collect() {
      this.set(up() ? 1 : 0);
    },
  });
  return {
    requests: new Counter({ name: 'alertmanager_notification_requests_total', help: 'The total number of attempted notification requests.', labelNames: ['integration'], registers }),
    requestsFailed: new Counter({
      name: 'alertmanager_notification_requests_failed_total',
      help: 'The total number of failed notification requests.',
      labelNames: ['integration', 'reason'],
      registers,
    }),
    notifications: new Counter({ name: 'alertmanager_notifications_total', help: 'The total number of notifications delivered.', labelNames: ['integration'], registers }),
    notificationsFailed: new Counter({
      name: 'alertmanager_notifications_failed_total',
      help: 'The total number of notifications rejected for good (not retried).',
      labelNames: ['integration', 'reason'],
      registers,
    }),
  };
}
