// The PagerDuty delivery state of an alert, from the notifier's outbox (GET /api/v1/notifications). A notification
// is per aggregation group (one dedup key); its stored event lists each alert's labels in
// `payload.custom_details.firing[]` and `resolved[]` (api/src/notify/pagerduty-event.ts). An alert's delivery is the
// newest notification that lists exactly its label set.
import type { NotificationJson } from '../../api/notify-api.js';

export interface Delivery {
  readonly state: NotificationJson['state'];
  readonly action: NotificationJson['action'];
  readonly id: number;
  readonly dedupKey: string;
  readonly attempts: number;
  readonly at: string;
  readonly lastError?: string;
}

function alertLabelsOf(event: unknown): Array<Record<string, string>> {
  const details = (event as { payload?: { custom_details?: { firing?: unknown; resolved?: unknown } } } | null)?.payload?.custom_details;
  const out: Array<Record<string, string>> = [];
  for (const list of [details?.firing, details?.resolved]) {
    if (!Array.isArray(list)) continue;
    for (const a of list as unknown[]) {
      const labels = (a as { labels?: unknown } | null)?.labels;
      if (typeof labels === 'object' && labels !== null) out.push(labels as Record<string, string>);
    }
  }
  return out;
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

/** Indexes notifications (newest first, as the api lists them) for lookups by alert labels. */
export function deliveryFinder(notifications: readonly NotificationJson[]): (labels: Readonly<Record<string, string>>) => Delivery | undefined {
  const sorted = [...notifications].sort((a, b) => b.id - a.id);
  const listed = sorted.map((n) => ({ n, alerts: alertLabelsOf(n.event) }));
  return (labels) => {
    const hit = listed.find((x) => x.alerts.some((l) => sameLabels(l, labels)));
    if (!hit) return undefined;
    const n = hit.n;
    return {
      state: n.state,
      action: n.action,
      id: n.id,
      dedupKey: n.dedupKey,
      attempts: n.attempts,
      at: n.sentAt ?? n.createdAt,
      ...(n.lastError !== undefined ? { lastError: n.lastError } : {}),
    };
  };
}

/** "sent to PagerDuty", "pending (3 attempts)", "failed: HTTP 400 ...", "not notified". */
export function describeDelivery(d: Delivery | undefined): string {
  if (!d) return 'not notified';
  const what = d.action === 'resolve' ? 'resolve' : 'trigger';
  if (d.state === 'sent') return `${what} sent`;
  if (d.state === 'pending') return `${what} pending${d.attempts > 0 ? ` (${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.lastError ? `: ${d.lastError}` : ''})` : ''}`;
  return `${what} failed${d.lastError ? `: ${d.lastError}` : ''}`;
}
