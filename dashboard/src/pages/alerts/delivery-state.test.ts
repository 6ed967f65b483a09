import { describe, expect, it } from 'vitest';
import type { NotificationJson } from '../../api/notify-api.js';
import { deliveryFinder, describeDelivery } from './delivery-state.js';

function notification(id: number, state: NotificationJson['state'], firing: Array<Record<string, string>>, extra: Partial<NotificationJson> = {}): NotificationJson {
  return {
    id,
    dedupKey: `k${id}`,
    action: 'trigger',
    route: 'default',
    groupKey: 'default:{}',
    state,
    attempts: 1,
    createdAt: '2026-11-24T10:00:00.000Z',
    errors: [],
    summary: 's',
    severity: 'critical',
    event: { event_action: 'trigger', payload: { custom_details: { firing: firing.map((labels) => ({ labels, status: 'firing' })), resolved: [] } } },
    ...extra,
  };
}

describe('deliveryFinder', () => {
  const a = { alertname: 'HighErrorRate', job: 'shop' };
  const b = { alertname: 'HighErrorRate', job: 'api' };
  it('takes the newest notification that lists exactly the alert label set', () => {
    const find = deliveryFinder([
      notification(1, 'sent', [a, b], { sentAt: '2026-11-24T10:00:01.000Z' }),
      notification(3, 'failed', [b], { lastError: 'HTTP 400: invalid event' }),
      notification(2, 'pending', [{ ...a, extra: 'x' }]),
    ]);
    expect(find(a)).toMatchObject({ id: 1, state: 'sent', at: '2026-11-24T10:00:01.000Z' });
    expect(find(b)).toMatchObject({ id: 3, state: 'failed', lastError: 'HTTP 400: invalid event' });
    expect(find({ alertname: 'Other' })).toBeUndefined();
    expect(describeDelivery(find(b))).toBe('trigger failed: HTTP 400: invalid event');
    expect(describeDelivery(find(a))).toBe('trigger sent');
    expect(describeDelivery(undefined)).toBe('not notified');
  });
  it('ignores events without the expected shape', () => {
    const odd = { ...notification(5, 'sent', []), event: { payload: { custom_details: { firing: [null, { labels: 'x' }] } } } };
    expect(deliveryFinder([odd])(a)).toBeUndefined();
  });
});
