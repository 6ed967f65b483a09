import { ALERTS_FOR_STATE_METRIC } from '../alerting/alerting-rule.js';
import { METRIC_NAME_LABEL } from '../storage/labels.js';
import type { LabelMatcher } from '../storage/label-matcher.js';
import { isStaleMarker } from '../storage/stale-marker.js';
import type { RuleGroup, RuleGroupEnv } from './rule-group.js';

/** Alerts active within this long before a start are restored (Prometheus's --rules.alert.for-outage-tolerance). */
export const OUTAGE_TOLERANCE_MS = 60 * 60_000;
/** Least time an alert restored as pending waits before firing (--rules.alert.for-grace-period). */
export const FOR_GRACE_PERIOD_MS = 10 * 60_000;

/**
 * Prometheus's RestoreForState, run after the first evaluation following a start: for each alert that is active
 * again, the last ALERTS_FOR_STATE sample written before the restart (within the outage tolerance) gives back its
 * original activeAt, so an alert keeps its progress towards `for` (shifted by the downtime, and never firing
 * sooner than the grace period). Rules with `for` below the grace period are not restored (they simply wait
 * their `for` again). From then on the rule writes ALERTS and ALERTS_FOR_STATE.
 */
export async function restoreForState(group: RuleGroup, ts: number, env: RuleGroupEnv): Promise<void> {
  for (const rule of group.rules) {
    const alerting = rule.alerting;
    if (!alerting) continue;
    if (alerting.forMs < FOR_GRACE_PERIOD_MS) {
      alerting.restored = true;
      continue;
    }
    const pending: Array<Promise<void>> = [];
    alerting.forEachActive((labels, setActiveAt) => {
      pending.push(
        (async () => {
          const want = { ...labels, [METRIC_NAME_LABEL]: ALERTS_FOR_STATE_METRIC };
          const matchers: LabelMatcher[] = Object.entries(want).map(([name, value]) => ({ name, type: '=', value }));
          let series;
          try {
            series = await env.query.store.select(matchers, { start: ts - OUTAGE_TOLERANCE_MS, end: ts });
          } catch (err) {
            env.logger.warn({ err, rule: rule.spec.name }, 'restoring the for state failed');
            return;
          }
          const s = series.find((x) => Object.keys(x.labels).length === Object.keys(want).length);
          if (!s || s.timestamps.length === 0) return;
          const last = s.timestamps.length - 1;
          const v = s.values[last];
          if (isStaleMarker(v)) return;
          const downAt = Math.floor(s.timestamps[last] / 1000) * 1000;
          let activeAt = Math.trunc(v) * 1000;
          const remaining = alerting.forMs - (downAt - activeAt);
          if (remaining <= 0) {
            // it was firing when the api stopped: it fires again at the next evaluation
          } else if (remaining < FOR_GRACE_PERIOD_MS) {
            activeAt = ts + FOR_GRACE_PERIOD_MS - alerting.forMs;
          } else {
            activeAt += ts - downAt;
          }
          setActiveAt(activeAt);
        })(),
      );
    });
    await Promise.all(pending);
    alerting.restored = true;
  }
}
