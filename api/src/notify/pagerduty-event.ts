import type { Labels } from '../storage/labels.js';
import type { NotifyAlert } from './notify-alert.js';
import type { NotificationAction, StoredEvent } from './notify-store.js';
import { formatLabels } from './route-tree.js';
import { highestSeverity, pagerDutySeverity } from './severity.js';

/** PagerDuty's limits: summary ≤ 1024 characters, whole event ≤ 512 KB (we stay below with room for the key). */
export const MAX_SUMMARY_CHARS = 1024;
export const MAX_EVENT_BYTES = 500 * 1024;
/** Alerts listed in custom_details.alerts; the counts always cover all of them. */
const MAX_LISTED_ALERTS = 100;

export interface GroupNotification {
  readonly id: number;
  readonly action: NotificationAction;
  readonly dedupKey: string;
  readonly groupKey: string;
  readonly groupLabels: Labels;
  /** Firing alerts being notified (silenced ones excluded). */
  readonly firing: readonly NotifyAlert[];
  /** Alerts of the group that resolved since the last notification. */
  readonly resolved: readonly NotifyAlert[];
  readonly at: number;
  /** The dashboard's base URL (links). */
  readonly externalUrl: string;
}

/**
 * The Events API v2 event of a group notification (without routing_key). Summary: the single alert's `summary`
 * annotation (or its `description`, or alertname and labels), or `[FIRING:n] alertname (group labels)` for a
 * group; `[RESOLVED]` prefixed on resolve. severity: the highest mapped `severity` label of the firing alerts.
 * source: the common `instance`, `job` or `service` label, else the dashboard host. component, group and class:
 * the common `component`/`service`/`job`, `team`/`group` and `class`/`alertname` labels. custom_details: counts,
 * the group labels and each alert's labels, annotations and start/end times, and this notification's id.
 * links: the group in the dashboard's alerts page, and each `runbook_url` annotation.
 */
export function buildPagerDutyEvent(n: GroupNotification): StoredEvent {
  const shown = n.action === 'trigger' ? n.firing : [...n.resolved, ...n.firing];
  const all = [...n.firing, ...n.resolved];
  const common = commonLabels(shown.length > 0 ? shown : all);
  const alertname = common.alertname ?? n.groupLabels.alertname ?? [...new Set(all.map((a) => a.labels.alertname ?? ''))].filter((s) => s !== '').join(', ');
  const summary = truncate(summaryOf(n, shown, alertname), MAX_SUMMARY_CHARS);
  const severity = highestSeverity((shown.length > 0 ? shown : all).map((a) => pagerDutySeverity(a.labels.severity)));
  const base = n.externalUrl.replace(/\/+$/, '');
  const filter = formatLabels(Object.keys(n.groupLabels).length > 0 ? n.groupLabels : common);
  const links: Array<{ href: string; text: string }> = [];
  if (base !== '') links.push({ href: `${base}/alerts?filter=${encodeURIComponent(filter)}`, text: 'Alert in the dashboard' });
  for (const url of new Set(shown.map((a) => a.annotations.runbook_url).filter((u): u is string => u !== undefined && /^https?:\/\//.test(u)))) {
    links.push({ href: url, text: 'Runbook' });
  }
  let hostOfBase = '';
  try {
    hostOfBase = base === '' ? '' : new URL(base).host;
  } catch {
    hostOfBase = '';
  }
  const details = (limit: number): Record<string, unknown> => ({
    notification_id: n.id,
    group_key: n.groupKey,
    group_labels: { ...n.groupLabels },
    num_firing: n.firing.length,
    num_resolved: n.resolved.length,
    firing: n.firing.slice(0, limit).map(alertDetail),
    resolved: n.resolved.slice(0, limit).map(alertDetail),
    ...(n.firing.length > limit || n.resolved.length > limit ? { truncated: true } : {}),
  });
  const event = (limit: number): StoredEvent => ({
    event_action: n.action,
    dedup_key: n.dedupKey,
    payload: {
      summary,
      source: truncate(common.instance ?? common.job ?? common.service ?? (hostOfBase || 'slo-platform'), 255),
      severity,
      timestamp: new Date(n.at).toISOString(),
      ...optional('component', common.component ?? common.service ?? common.job),
      ...optional('group', common.team ?? common.group),
      ...optional('class', common.class ?? alertname),
      custom_details: details(limit),
    },
    ...(links.length > 0 ? { links } : {}),
    client: 'slo-platform',
    ...(base !== '' ? { client_url: `${base}/alerts` } : {}),
  });
  let limit = MAX_LISTED_ALERTS;
  let e = event(limit);
  while (Buffer.byteLength(JSON.stringify(e)) > MAX_EVENT_BYTES && limit > 0) {
    limit = Math.floor(limit / 2);
    e = event(limit);
  }
  return e;
}

function summaryOf(n: GroupNotification, shown: readonly NotifyAlert[], alertname: string): string {
  const prefix = n.action === 'resolve' ? '[RESOLVED] ' : '';
  if (shown.length === 1) {
    const a = shown[0];
    const text = a.annotations.summary ?? a.annotations.description ?? `${a.labels.alertname ?? 'alert'} ${formatLabels(withoutName(a.labels))}`;
    return prefix + text;
  }
  const groupText = Object.keys(n.groupLabels).filter((k) => k !== 'alertname').map((k) => n.groupLabels[k]).join(' ');
  const count = n.action === 'trigger' ? `[FIRING:${n.firing.length}] ` : `[RESOLVED:${shown.length}] `;
  return `${count}${alertname || 'alerts'}${groupText !== '' ? ` (${groupText})` : ''}`;
}

function alertDetail(a: NotifyAlert): Record<string, unknown> {
  return {
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    status: a.status,
    startsAt: new Date(a.startsAt).toISOString(),
    ...(a.endsAt !== undefined ? { endsAt: new Date(a.endsAt).toISOString() } : {}),
    fingerprint: a.fingerprint,
  };
}

/** Labels with the same value in every alert. */
function commonLabels(alerts: readonly NotifyAlert[]): Record<string, string> {
  if (alerts.length === 0) return {};
  const out: Record<string, string> = { ...alerts[0].labels };
  for (const a of alerts.slice(1)) {
    for (const k of Object.keys(out)) if (a.labels[k] !== out[k]) delete out[k];
  }
  return out;
}

function withoutName(labels: Labels): Labels {
  const out: Record<string, string> = { ...labels };
  delete out.alertname;
  return out;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: truncate(value, 255) } as Partial<Record<K, string>>);
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
