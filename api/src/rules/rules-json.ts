import type { AlertSnapshot } from '../alerting/alert.js';
import { serializeExpr } from '../query/serialize-expr.js';
import { goExpFloat, goJsonTime } from './go-json-time.js';
import type { RuleGroup } from './rule-group.js';
import type { PromAlert, PromRuleGroup } from './rules-api-schemas.js';

/** One alert as Prometheus's API writes it. */
export function alertJson(a: AlertSnapshot): PromAlert {
  return {
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    state: a.state,
    activeAt: goJsonTime(a.activeAt),
    ...(a.keepFiringSince !== undefined ? { keepFiringSince: goJsonTime(a.keepFiringSince) } : {}),
    value: goExpFloat(a.value),
  };
}

/** One rule group as /api/v1/rules writes it, with its alerting and/or recording rules. */
export function groupJson(g: RuleGroup, alerts: boolean, records: boolean): PromRuleGroup {
  const rules: PromRuleGroup['rules'] = [];
  for (const r of g.rules) {
    const common = {
      name: r.spec.name,
      query: serializeExpr(r.spec.expr),
      labels: { ...r.spec.labels },
      health: r.health,
      ...(r.lastError !== undefined ? { lastError: r.lastError } : {}),
      evaluationTime: r.evaluationSeconds,
      lastEvaluation: goJsonTime(r.lastEvaluation),
    };
    if (r.alerting && alerts) {
      rules.push({
        state: r.alerting.state(),
        ...common,
        duration: r.spec.forMs / 1000,
        keepFiringFor: r.spec.keepFiringForMs / 1000,
        annotations: { ...r.spec.annotations },
        alerts: r.alerting.activeAlerts().map(alertJson),
        type: 'alerting',
      });
    } else if (!r.alerting && records) {
      // Prometheus omits an empty label set of a recording rule (json:"labels,omitempty")
      const { labels, ...rest } = common;
      rules.push({ ...rest, ...(Object.keys(labels).length > 0 ? { labels } : {}), type: 'recording' });
    }
  }
  return {
    name: g.name,
    file: g.file,
    rules,
    interval: g.intervalMs / 1000,
    limit: g.spec.limit,
    evaluationTime: g.evaluationSeconds,
    lastEvaluation: goJsonTime(g.lastEvaluation),
  };
}
