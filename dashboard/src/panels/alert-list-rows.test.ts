import { describe, expect, it } from 'vitest';
import type { PromAlert } from '../api/types.js';
import { parseAlertFilter } from '../format/alert-filter.js';
import { alertListRows } from './alert-list-rows.js';

const alert = (state: PromAlert['state'], activeAt: string, labels: Record<string, string>): PromAlert => ({
  labels,
  annotations: {},
  state,
  activeAt,
  value: '1',
});

const ALERTS: PromAlert[] = [
  alert('firing', '2026-01-01T10:05:00.000Z', { alertname: 'Flapping', severity: 'ticket', team: 'web' }),
  alert('pending', '2026-01-01T10:00:00.000Z', { alertname: 'HighLatency', severity: 'critical', service: 'shop' }),
  alert('firing', '2026-01-01T10:10:00.000Z', { alertname: 'ShopAvailability', severity: 'critical', slo: 'shop-availability', sloth_window: '1h', category: 'availability', owner: 'demo' }),
  alert('firing', '2026-01-01T09:00:00.000Z', { alertname: 'DiskAlmostFull', severity: 'critical', team: 'db' }),
  alert('inactive', '2026-01-01T09:00:00.000Z', { alertname: 'Gone', severity: 'critical' }),
];

describe('alertListRows', () => {
  it('lists firing alerts, most severe then oldest first, with three telling labels and a filter that selects exactly it', () => {
    const rows = alertListRows(ALERTS, [], false);
    expect(rows.map((r) => r.name)).toEqual(['DiskAlmostFull', 'ShopAvailability', 'Flapping']);
    const slo = rows[1];
    expect(slo.keyLabels).toEqual(['slo=shop-availability', 'category=availability', 'owner=demo']);
    expect(slo.moreLabels).toBe(1);
    const f = parseAlertFilter(rows[0].filter);
    expect(f.ok && f.matchers).toEqual([
      { name: 'alertname', type: '=', value: 'DiskAlmostFull' },
      { name: 'severity', type: '=', value: 'critical' },
      { name: 'team', type: '=', value: 'db' },
    ]);
  });

  it('adds pending alerts after the firing ones when asked', () => {
    expect(alertListRows(ALERTS, [], true).map((r) => `${r.name}:${r.state}`)).toEqual([
      'DiskAlmostFull:firing',
      'ShopAvailability:firing',
      'Flapping:firing',
      'HighLatency:pending',
    ]);
  });

  it('narrows by the panel filter', () => {
    const f = parseAlertFilter('{severity="critical", team!="db"}');
    if (!f.ok) throw new Error(f.error);
    expect(alertListRows(ALERTS, f.matchers, true).map((r) => r.name)).toEqual(['ShopAvailability', 'HighLatency']);
    expect(alertListRows(ALERTS, f.matchers, false).map((r) => r.name)).toEqual(['ShopAvailability']);
  });
});
