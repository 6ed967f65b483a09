import { afterEach, expect, it } from 'vitest';
import { alertOf, notifyConfigOf, openTestNotifier, SOURCE, type TestNotifier } from './notify-test-fixtures.test-helper.js';
import { MAX_EVENT_BYTES } from './pagerduty-event.js';

/** Where the suite sends: the local contract server or the real Events API. */
export interface ContractTarget {
  /** host[:port] of the Events API. */
  readonly server: string;
  /** A valid routing key (32 characters) of a PagerDuty service (integration) or of the contract server. */
  readonly routingKey: string;
  /** Extra trusted CA (the contract server's self-signed certificate). */
  readonly ca?: string;
}

/**
 * The assertions both the local contract server and the real PagerDuty must pass, through the notifier and pdjs:
 * trigger and resolve of one alert accepted with one dedup_key; a big group (long summary, details near the
 * 512 KB limit) accepted after truncation; a malformed routing key rejected with 400, not retried, and kept as
 * a failed notification with PagerDuty's errors. Registers `it` blocks in the calling describe.
 */
export function pagerDutyContractSuite(target: () => ContractTarget): void {
  let tn: TestNotifier | undefined;
  afterEach(async () => {
    await tn?.close();
    tn = undefined;
  });
  const open = (routingKey: string, groupBy?: string[]): TestNotifier => {
    const t = target();
    const config = notifyConfigOf(
      { pagerduty: { groupWait: '0s', groupInterval: '1m', timeout: '20s', ...(groupBy ? { groupBy } : {}) } },
      { PAGERDUTY_SERVER: t.server, PAGERDUTY_ROUTING_KEY: routingKey },
    );
    tn = openTestNotifier({ config, ...(t.ca !== undefined ? { ca: t.ca } : {}), clock: { t: Date.now() } });
    return tn;
  };
  const step = async (n: TestNotifier, dt: number, alerts: ReturnType<typeof alertOf>[]): Promise<void> => {
    n.clock.t += dt;
    n.notifier.dispatcher.onAlerts({ file: SOURCE.file, group: SOURCE.group }, alerts, n.clock.t);
    n.notifier.dispatcher.flushDue(n.clock.t);
    await n.notifier.worker.runDue();
  };
  const labels = { alertname: 'SloPlatformContractTest', instance: `contract-${process.pid}-${Date.now()}`, severity: 'info', team: 'contract-test' };

  it('accepts the trigger of a firing alert and its resolve, with one dedup_key', async () => {
    const n = open(target().routingKey);
    await step(n, 0, [alertOf(labels, 'firing', { at: n.clock.t, annotations: { summary: 'slo-platform contract test: trigger then resolve' } })]);
    await step(n, 60_000, [alertOf(labels, 'inactive', { at: n.clock.t })]);
    const rows = n.notifier.store.list({ limit: 10 }).reverse();
    expect(rows.map((r) => [r.action, r.state, r.lastStatus, r.attempts])).toEqual([
      ['trigger', 'sent', 202, 1],
      ['resolve', 'sent', 202, 1],
    ]);
    expect(rows[0].dedupKey).toBe(rows[1].dedupKey);
    expect(rows[0].dedupKey).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);

  it('accepts a large group: summary cut to 1024 characters, details cut below 512 KB', async () => {
    const n = open(target().routingKey, ['alertname']);
    const big = 'x'.repeat(3000);
    const alerts = Array.from({ length: 300 }, (_, i) =>
      alertOf({ ...labels, instance: `${labels.instance}-${i}` }, 'firing', { at: n.clock.t, annotations: { summary: big, description: big } }),
    );
    const long = alertOf({ ...labels, alertname: 'SloPlatformContractTestLongSummary' }, 'firing', { at: n.clock.t, annotations: { summary: big } });
    await step(n, 0, [...alerts, long]);
    await step(n, 60_000, [...alerts, long].map((a) => ({ ...a, state: 'inactive' as const, resolvedAt: n.clock.t })));
    const rows = n.notifier.store.list({ limit: 10 }).reverse();
    expect(rows.map((r) => [r.action, r.state, r.lastStatus])).toEqual([
      ['trigger', 'sent', 202],
      ['trigger', 'sent', 202],
      ['resolve', 'sent', 202],
      ['resolve', 'sent', 202],
    ]);
    const group = rows.find((r) => r.action === 'trigger' && r.event.payload.class === labels.alertname);
    const single = rows.find((r) => r.action === 'trigger' && r.event.payload.class === long.labels.alertname);
    expect(group?.event.payload.summary).toBe(`[FIRING:300] ${labels.alertname}`);
    expect(Buffer.byteLength(JSON.stringify(group?.event))).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    expect(Buffer.byteLength(JSON.stringify(group?.event))).toBeGreaterThan(100 * 1024);
    expect(group?.event.payload.custom_details).toMatchObject({ num_firing: 300, truncated: true });
    expect(single?.event.payload.summary).toHaveLength(1024);
  }, 60_000);

  it('rejects a malformed routing key with 400, does not retry, and keeps PagerDuty\'s errors', async () => {
    const n = open('not-a-routing-key');
    await step(n, 0, [alertOf(labels, 'firing', { at: n.clock.t })]);
    await step(n, 3_600_000, [alertOf(labels, 'firing', { at: n.clock.t })]);
    const rows = n.notifier.store.list({ limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'failed', attempts: 1, lastStatus: 400 });
    expect(rows[0].lastError).toMatch(/^HTTP 400: invalid event/i);
    expect(rows[0].errors.length).toBeGreaterThan(0);
  }, 60_000);
}
