/** PagerDuty Events API v2 severities. */
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export const PAGERDUTY_SEVERITIES: readonly PagerDutySeverity[] = ['critical', 'error', 'warning', 'info'];

/**
 * `severity` label value (case-insensitive) to PagerDuty severity. Names used by Prometheus rule sets, Sloth
 * (page/ticket) and incident tools. Anything else, and a missing label, is `error` (Alertmanager's PagerDuty default).
 */
const SEVERITY_MAP: Readonly<Record<string, PagerDutySeverity>> = {
  critical: 'critical',
  page: 'critical',
  emergency: 'critical',
  fatal: 'critical',
  p1: 'critical',
  sev1: 'critical',
  error: 'error',
  high: 'error',
  major: 'error',
  p2: 'error',
  sev2: 'error',
  warning: 'warning',
  warn: 'warning',
  ticket: 'warning',
  minor: 'warning',
  medium: 'warning',
  p3: 'warning',
  sev3: 'warning',
  info: 'info',
  informational: 'info',
  low: 'info',
  none: 'info',
  notice: 'info',
  p4: 'info',
  p5: 'info',
};

export const DEFAULT_PAGERDUTY_SEVERITY: PagerDutySeverity = 'error';

export function pagerDutySeverity(label: string | undefined): PagerDutySeverity {
  if (label === undefined) return DEFAULT_PAGERDUTY_SEVERITY;
  return SEVERITY_MAP[label.trim().toLowerCase()] ?? DEFAULT_PAGERDUTY_SEVERITY;
}

/** The most severe of several (critical > error > warning > info). */
export function highestSeverity(severities: readonly PagerDutySeverity[]): PagerDutySeverity {
  let best = severities.length === 0 ? DEFAULT_PAGERDUTY_SEVERITY : 'info';
  for (const s of severities) if (PAGERDUTY_SEVERITIES.indexOf(s) < PAGERDUTY_SEVERITIES.indexOf(best)) best = s;
  return best;
}
