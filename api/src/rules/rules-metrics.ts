import { Counter, Gauge, type Registry } from 'prom-client';

/** The rule engine's self-metrics, named as Prometheus names them where the meaning is the same. */
export interface RulesMetrics {
  readonly evaluations: Counter<'rule_group'>;
  readonly evaluationFailures: Counter<'rule_group'>;
  readonly groupLastDuration: Gauge<'rule_group'>;
  readonly groupLastEvaluation: Gauge<'rule_group'>;
  readonly groupIterationsMissed: Counter<'rule_group'>;
  readonly groupRules: Gauge<'rule_group'>;
  readonly lastReloadSuccessful: Gauge;
  readonly lastReloadSuccessTimestamp: Gauge;
}

export function createRulesMetrics(registry: Registry): RulesMetrics {
  const registers = [registry];
  return {
    evaluations: new Counter({ name: 'prometheus_rule_evaluations_total', help: 'The total number of rule evaluations.', labelNames: ['rule_group'], registers }),
    evaluationFailures: new Counter({
      name: 'prometheus_rule_evaluation_failures_total',
      help: 'The total number of rule evaluation failures.',
      labelNames: ['rule_group'],
      registers,
    }),
    groupLastDuration: new Gauge({
      name: 'prometheus_rule_group_last_duration_seconds',
      help: 'The duration of the last rule group evaluation.',
      labelNames: ['rule_group'],
      registers,
    }),
    groupLastEvaluation: new Gauge({
      name: 'prometheus_rule_group_last_evaluation_timestamp_seconds',
      help: 'The timestamp of the last rule group evaluation in seconds.',
      labelNames: ['rule_group'],
      registers,
    }),
    groupIterationsMissed: new Counter({
      name: 'prometheus_rule_group_iterations_missed_total',
      help: 'The total number of rule group evaluations missed due to slow rule group evaluation.',
      labelNames: ['rule_group'],
      registers,
    }),
    groupRules: new Gauge({ name: 'prometheus_rule_group_rules', help: 'The number of rules.', labelNames: ['rule_group'], registers }),
    lastReloadSuccessful: new Gauge({
      name: 'rules_last_reload_successful',
      help: 'Whether the last rule-file (re)load succeeded (1) or kept the previous rules (0).',
      registers,
    }),
    lastReloadSuccessTimestamp: new Gauge({
      name: 'rules_last_reload_success_timestamp_seconds',
      help: 'Timestamp of the last successful rule-file (re)load.',
      registers,
    }),
  };
}
