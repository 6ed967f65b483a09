// The rows of a board's alerts panel: firing (and, if asked, pending) alerts matching the panel's `filter`, the most
// urgent first, each with a few labels that tell it apart and the /alerts filter that shows exactly it.
import type { PromAlert } from '../api/types.js';
import { formatAlertFilter, matchesFilter, type LabelFilter } from '../format/alert-filter.js';

export interface AlertListRow {
  readonly key: string;
  readonly name: string;
  readonly state: 'firing' | 'pending';
  readonly severity: string | undefined;
  /** Up to three labels besides alertname and severity, as `name=value`. */
  readonly keyLabels: readonly string[];
  /** Labels not shown in keyLabels. */
  readonly moreLabels: number;
  /** ISO time the alert became active; undefined if the api did not say. */
  readonly activeAt: string | undefined;
  /** The `/alerts?filter=` value that selects this alert (every label, `=`). */
  readonly filter: string;
}

/** Severity words of Prometheus rules and PagerDuty, most urgent first; others come after them. */
const SEVERITY_ORDER = ['critical', 'page', 'error', 'high', 'warning', 'ticket', 'medium', 'low', 'info'];
/** Labels that most often tell alerts of one rule apart, shown first. */
const KEY_LABELS = ['service', 'job', 'slo', 'instance', 'route', 'team'];
const SHOWN_LABELS = 3;

/** The alerts to list: firing (and pending when `includePending`) that match `matchers`; firing, severe and old first. */
export function alertListRows(alerts: readonly PromAlert[], matchers: readonly LabelFilter[], includePending: boolean): AlertListRow[] {
  return alerts
    .filter((a) => (a.state === 'firing' || (includePending && a.state === 'pending')) && matchesFilter(a.labels, matchers))
    .map((a): AlertListRow => {
      const rest = Object.keys(a.labels)
        .filter((k) => k !== 'alertname' && k !== 'severity')
        .sort((x, y) => rank(KEY_LABELS, x) - rank(KEY_LABELS, y) || x.localeCompare(y));
      return {
        key: JSON.stringify(a.labels),
        name: a.labels.alertname ?? '',
        state: a.state === 'firing' ? 'firing' : 'pending',
        severity: a.labels.severity,
        keyLabels: rest.slice(0, SHOWN_LABELS).map((k) => `${k}=${a.labels[k]}`),
        moreLabels: Math.max(0, rest.length - SHOWN_LABELS),
        activeAt: a.activeAt,
        filter: formatAlertFilter(Object.entries(a.labels).map(([name, value]) => ({ name, type: '=' as const, value }))),
      };
    })
    .sort(
      (a, b) =>
        (a.state === b.state ? 0 : a.state === 'firing' ? -1 : 1) ||
        rank(SEVERITY_ORDER, a.severity?.toLowerCase() ?? '') - rank(SEVERITY_ORDER, b.severity?.toLowerCase() ?? '') ||
        (a.activeAt ?? '').localeCompare(b.activeAt ?? '') ||
        a.name.localeCompare(b.name),
    );
}

function rank(order: readonly string[], value: string): number {
  const i = order.indexOf(value);
  return i === -1 ? order.length : i;
}
