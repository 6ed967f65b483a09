import type { SloAlerting, SloDefinition } from './slo-definition.js';

const at = (field: string): { file: string; line: number; field: string } => ({ file: 'slo/api.yaml', line: 1, field });

export const TEST_ALERTING: SloAlerting = {
  name: 'ApiAvailabilityBurn',
  labels: { team: 'platform' },
  annotations: {},
  page: { enabled: true, labels: {}, annotations: {} },
  ticket: { enabled: true, labels: {}, annotations: {} },
  minTraffic: 0,
};

/** A Sloth-style availability SLO (error/total, 99.9% over 30d). */
export function availabilitySlo(overrides: Partial<SloDefinition> = {}): SloDefinition {
  return {
    name: 'api-availability',
    service: 'api',
    format: 'prometheus/v1',
    source: at('slos[0]'),
    indicator: {
      kind: 'ratio',
      bad: { template: 'rate(http_requests_total{job="api",code=~"5.."}[{{.window}}])', source: at('slos[0].sli.events.error_query') },
      total: { template: 'rate(http_requests_total{job="api"}[{{.window}}])', source: at('slos[0].sli.events.total_query') },
    },
    objective: { target: 0.999, source: at('slos[0].objective') },
    window: { kind: 'rolling', ms: 30 * 86_400_000, text: '30d' },
    budgeting: { method: 'Occurrences' },
    groupBy: [],
    labels: { tier: '1' },
    alerting: TEST_ALERTING,
    ...overrides,
  };
}
