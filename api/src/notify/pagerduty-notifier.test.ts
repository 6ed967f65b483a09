import { createHash } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyContractServer, type AcceptedEvent } from './pagerduty-contract-server.test-helper.js';
import { alertOf, notifyConfigOf, openTestNotifier, SOURCE, T0, type TestNotifier } from './notify-test-fixtures.test-helper.js';
import type { NotifyConfigFile } from './notify-config.js';

const KEY = 'a'.repeat(32);
const KEY_DB = 'd'.repeat(32);
const KEY_WEB = 'w'.repeat(32);

let pd: PagerDutyContractServer;
let tn: TestNotifier | undefined;

beforeAll(async () => {
  pd = await PagerDutyContractServer.start();
});
afterAll(async () => {
  await pd.close();
});
afterEach(async () => {
  await tn?.close();
  tn = undefined;
  pd.reset();
});

function open(
  section: NonNullable<NotifyConfigFile['pagerduty']> = {},
  env: { PAGERDUTY_ROUTING_KEY?: string } = { PAGERDUTY_ROUTING_KEY: KEY },
  registry?: Registry,
): TestNotifier {
  const config = notifyConfigOf({ pagerduty: { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h', timeout: '2s', ...section } }, { PAGERDUTY_SERVER: pd.host, ...env });
  tn = openTestNotifier({ config, ca: pd.ca, ...(registry ? { registry } : {}) });
  return tn;
}

/** Moves the fake clock to `t`, flushes due groups and sends what is due. */
async function at(n: TestNotifier, t: number): Promise<void> {
  n.clock.t = t;
  n.notifier.dispatcher.flushDue(t);
  await n.notifier.worker.runDue();
}

function feed(n: TestNotifier, t: number, ...alerts: ReturnType<typeof alertOf>[]): void {
  n.notifier.dispatcher.onAlerts({ file: SOURCE.file, group: SOURCE.group }, alerts, t);
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

const DISK = { alertname: 'DiskFull', instance: 'db-1:9100', job: 'node', team: 'db', severity: 'page' };
const DISK_KEY = sha256('default:{alertname="DiskFull",instance="db-1:9100",job="node",severity="page",team="db"}');

describe('PagerDutyNotifier against the Events API v2 contract server', () => {
  it('triggers a firing alert after group_wait with the documented event fields, and resolves it with the same dedup_key', async () => {
    const n = open();
    const annotations = { summary: 'Disk on db-1 is 97% full', description: 'free space is below 3%', runbook_url: 'https://runbooks.example.com/disk' };
    feed(n, T0, alertOf(DISK, 'firing', { annotations }));
    await at(n, T0 + 29_999);
    expect(pd.received).toHaveLength(0);
    await at(n, T0 + 30_000);
    expect(pd.accepted).toHaveLength(1);
    const e = pd.accepted[0];
    expect(e).toMatchObject({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: DISK_KEY,
      payload: {
        summary: 'Disk on db-1 is 97% full',
        source: 'db-1:9100',
        severity: 'critical',
        timestamp: new Date(T0 + 30_000).toISOString(),
        component: 'node',
        group: 'db',
        class: 'DiskFull',
      },
      links: [
        { href: `https://slo.example.com/alerts?filter=${encodeURIComponent('{alertname="DiskFull",instance="db-1:9100",job="node",severity="page",team="db"}')}`, text: 'Alert in the dashboard' },
        { href: 'https://runbooks.example.com/disk', text: 'Runbook' },
      ],
    });
    const details = e.payload?.custom_details as Record<string, unknown>;
    expect(details).toMatchObject({ num_firing: 1, num_resolved: 0, firing: [{ labels: DISK, annotations, status: 'firing' }] });
    expect(typeof details.notification_id).toBe('number');

    // Still firing at the next group_interval: nothing new.
    feed(n, T0 + 300_000, alertOf(DISK, 'firing', { annotations }));
    await at(n, T0 + 330_000);
    expect(pd.accepted).toHaveLength(1);

    feed(n, T0 + 400_000, alertOf(DISK, 'inactive', { annotations, resolvedAt: T0 + 400_000 }));
    await at(n, T0 + 630_000);
    expect(pd.accepted).toHaveLength(2);
    expect(pd.accepted[1]).toMatchObject({ routing_key: KEY, event_action: 'resolve', dedup_key: DISK_KEY, payload: { summary: '[RESOLVED] Disk on db-1 is 97% full' } });
    expect(n.notifier.store.counts()).toEqual({ pending: 0, sent: 2, failed: 0 });
  });

  it('sends trigger, resolve, trigger for a flapping alert, and nothing for a flap inside one group_interval', async () => {
    const n = open({ groupWait: '0s', groupInterval: '1m' });
    feed(n, T0, alertOf(DISK, 'firing'));
    await at(n, T0);
    feed(n, T0 + 10_000, alertOf(DISK, 'inactive'));
    feed(n, T0 + 20_000, alertOf(DISK, 'firing'));
    await at(n, T0 + 60_000); // resolved and firing again between two flushes: the same firing set, nothing sent
    feed(n, T0 + 70_000, alertOf(DISK, 'inactive'));
    await at(n, T0 + 120_000);
    feed(n, T0 + 130_000, alertOf(DISK, 'firing'));
    await at(n, T0 + 130_000);
    expect(pd.accepted.map((e) => e.event_action)).toEqual(['trigger', 'resolve', 'trigger']);
    expect(new Set(pd.accepted.map((e) => e.dedup_key))).toEqual(new Set([DISK_KEY]));
  });

  it('re-sends the trigger of a still-firing alert after repeat_interval, not before', async () => {
    const n = open({ groupWait: '0s', groupInterval: '5m', repeatInterval: '1h' });
    for (let t = T0; t <= T0 + 65 * 60_000; t += 5 * 60_000) {
      feed(n, t, alertOf(DISK, 'firing'));
      await at(n, t);
    }
    expect(pd.accepted.map((e) => `${e.event_action}@${e.payload?.timestamp ?? ''}`)).toEqual([
      `trigger@${new Date(T0).toISOString()}`,
      `trigger@${new Date(T0 + 60 * 60_000).toISOString()}`,
    ]);
    expect(pd.accepted[1].dedup_key).toBe(pd.accepted[0].dedup_key);
  });

  it('groups by group_by: one incident per group, updated as alerts resolve, resolved when all have', async () => {
    const n = open({ groupBy: ['alertname', 'team'], groupWait: '10s', groupInterval: '1m' });
    const hosts = ['db-1', 'db-2', 'db-3'].map((h) => ({ ...DISK, instance: `${h}:9100` }));
    feed(n, T0, ...hosts.map((l) => alertOf(l, 'firing')));
    await at(n, T0 + 10_000);
    const key = sha256('default:{alertname="DiskFull",team="db"}');
    expect(pd.accepted).toHaveLength(1);
    expect(pd.accepted[0]).toMatchObject({ event_action: 'trigger', dedup_key: key, payload: { summary: '[FIRING:3] DiskFull (db)', source: 'node', severity: 'critical', group: 'db' } });
    feed(n, T0 + 20_000, alertOf(hosts[0], 'inactive'), alertOf(hosts[1], 'firing'), alertOf(hosts[2], 'firing'));
    await at(n, T0 + 70_000);
    expect(pd.accepted[1]).toMatchObject({ event_action: 'trigger', dedup_key: key, payload: { summary: '[FIRING:2] DiskFull (db)', custom_details: { num_firing: 2, num_resolved: 1 } } });
    feed(n, T0 + 80_000, ...hosts.map((l) => alertOf(l, 'inactive')));
    await at(n, T0 + 130_000);
    expect(pd.accepted.map((e) => e.event_action)).toEqual(['trigger', 'trigger', 'resolve']);
    expect(pd.accepted[2]).toMatchObject({ dedup_key: key, payload: { custom_details: { num_firing: 0, num_resolved: 2 } } });
  });

  it('routes by label matchers to each team routing key, falls back to the default key, and continues when told to', async () => {
    const n = open({
      groupWait: '0s',
      routes: [
        { name: 'db', matchers: ['team="db"'], routingKey: KEY_DB, continue: true },
        { name: 'web-pages', matchers: ['team="web"', 'severity=~"critical|page"'], routingKey: KEY_WEB },
        { name: 'everything-db', matchers: ['team=~"db|dba"'], routingKey: KEY },
      ],
    });
    feed(
      n,
      T0,
      alertOf({ alertname: 'A', team: 'db', severity: 'warning' }, 'firing'),
      alertOf({ alertname: 'B', team: 'web', severity: 'page' }, 'firing'),
      alertOf({ alertname: 'C', team: 'web', severity: 'ticket' }, 'firing'),
    );
    await at(n, T0);
    const got = pd.accepted.map((e: AcceptedEvent) => `${e.payload?.class ?? ''}->${e.routing_key[0]}:${e.payload?.severity ?? ''}`).sort();
    // A goes to db (continue) and everything-db; B to web-pages; C matches nothing and takes the default key.
    expect(got).toEqual(['A->a:warning', 'A->d:warning', 'B->w:critical', 'C->a:warning']);
    const aKeys = pd.accepted.filter((e) => e.payload?.class === 'A').map((e) => e.dedup_key);
    expect(aKeys[0]).not.toBe(aKeys[1]); // one group (and incident) per route
  });

  it('sends nothing without any routing key, and says so in the log', async () => {
    const n = open({ groupWait: '0s' }, {});
    n.notifier.start();
    feed(n, T0, alertOf(DISK, 'firing'));
    await at(n, T0);
    expect(pd.received).toHaveLength(0);
    expect(n.notifier.store.counts()).toEqual({ pending: 0, sent: 0, failed: 0 });
    expect(n.logs.join('')).toContain('no routing key configured');
  });

  it('does not send silenced alerts, sends them when the silence expires, and never resolves what was never triggered', async () => {
    const n = open({ groupWait: '0s', groupInterval: '1m' });
    const other = { ...DISK, alertname: 'HighLoad' };
    const s = n.notifier.silences.create({ matchers: [{ name: 'alertname', type: '=', value: 'DiskFull' }], endsAt: T0 + 90_000, createdBy: 'ops', comment: 'maintenance' });
    feed(n, T0, alertOf(DISK, 'firing'), alertOf(other, 'firing'));
    await at(n, T0);
    expect(pd.accepted.map((e) => e.payload?.class)).toEqual(['HighLoad']);
    // The silence ends while DiskFull still fires: it is sent at the next flush.
    feed(n, T0 + 60_000, alertOf(DISK, 'firing'), alertOf(other, 'firing'));
    await at(n, T0 + 60_000);
    expect(pd.accepted).toHaveLength(1);
    feed(n, T0 + 120_000, alertOf(DISK, 'firing'), alertOf(other, 'firing'));
    await at(n, T0 + 120_000);
    expect(pd.accepted.map((e) => `${e.event_action}:${e.payload?.class ?? ''}`)).toEqual(['trigger:HighLoad', 'trigger:DiskFull']);
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/);

    // Silenced from the start, then resolved: neither trigger nor resolve.
    const quiet = { alertname: 'Quiet', team: 'db' };
    n.notifier.silences.create({ matchers: [{ name: 'alertname', type: '=', value: 'Quiet' }], endsAt: T0 + 3_600_000, createdBy: 'ops', comment: 'known' });
    feed(n, T0 + 130_000, alertOf(quiet, 'firing'));
    await at(n, T0 + 130_000);
    feed(n, T0 + 140_000, alertOf(quiet, 'inactive'));
    await at(n, T0 + 200_000);
    expect(pd.accepted.filter((e) => e.payload?.class === 'Quiet')).toEqual([]);
  });

  it('keeps silences across a restart, and an expired silence stops muting', async () => {
    let n = open({ groupWait: '0s' });
    const s = n.notifier.silences.create({ matchers: [{ name: 'team', type: '=~', value: 'db|dba' }], endsAt: T0 + 3_600_000, createdBy: 'ops', comment: 'migration' });
    n = await n.restart();
    tn = n;
    expect(n.notifier.silences.list().map((x) => x.id)).toEqual([s.id]);
    feed(n, T0, alertOf(DISK, 'firing'));
    await at(n, T0);
    expect(pd.received).toHaveLength(0);
    n.notifier.silences.expire(s.id);
    await at(n, T0 + 300_000);
    expect(pd.accepted.map((e) => e.event_action)).toEqual(['trigger']);
  });

  it('retries 500s with exponential backoff, then marks the event sent once', async () => {
    const registry = new Registry();
    const n = open({ groupWait: '0s', retryInitialBackoff: '1s', retryMaxBackoff: '1m' }, { PAGERDUTY_ROUTING_KEY: KEY }, registry);
    pd.failNext(3, 500);
    feed(n, T0, alertOf(DISK, 'firing'));
    await at(n, T0);
    expect(pd.received.map((r) => r.status)).toEqual([500]);
    await at(n, T0 + 999); // random() = 1: the backoff is the full nominal delay, 1 s, then 2 s, then 4 s
    expect(pd.received).toHaveLength(1);
    await at(n, T0 + 1_000);
    await at(n, T0 + 2_999);
    expect(pd.received).toHaveLength(2);
    await at(n, T0 + 3_000);
    await at(n, T0 + 7_000);
    expect(pd.received.map((r) => r.status)).toEqual([500, 500, 500, 202]);
    const [row] = n.notifier.store.list({ limit: 10 });
    expect(row).toMatchObject({ state: 'sent', attempts: 4, lastStatus: 202 });
    const metrics = await registry.metrics();
    expect(metrics).toContain('alertmanager_notification_requests_total{integration="pagerduty"} 4');
    expect(metrics).toContain('alertmanager_notification_requests_failed_total{integration="pagerduty",reason="server_error"} 3');
    expect(metrics).toContain('alertmanager_notifications_total{integration="pagerduty"} 1');
    expect(metrics).toContain('notify_outbox_notifications{state="sent"} 1');
    expect(metrics).toContain('notify_pagerduty_up 1');
    expect(n.logs.filter((l) => l.includes('PagerDuty is not accepting events'))).toHaveLength(1); // one line per change, not per retry
    expect(n.logs.filter((l) => l.includes('PagerDuty accepts events again'))).toHaveLength(1);
    await at(n, T0 + 60_000);
    expect(pd.received).toHaveLength(4);
  });

  it('retries 429 after pdjs has made its own three quick retries', async () => {
    const n = open({ groupWait: '0s', retryInitialBackoff: '10s' });
    pd.failNext(4, 429);
    feed(n, T0, alertOf(DISK, 'firing'));
    await at(n, T0);
    expect(pd.received.map((r) => r.status)).toEqual([429, 429, 429, 429]);
    expect(n.notifier.store.list({ limit: 1 })[0]).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 429, nextAttemptAt: T0 + 10_000 });
    await at(n, T0 + 10_000);
    expect(pd.received.map((r) => r.status)).toEqual([429, 429, 429, 429, 202]);
    expect(n.notifier.store.counts()).toEqual({ pending: 0, sent: 1, failed: 0 });
  });

  it('retries after a timeout (the endpoint does not answer)', async () => {
    const n = open({ groupWait: '0s', timeout: '300ms', retryInitialBackoff: '1s' });
    pd.hangNext(1);
    feed(n, T0, alertOf(DISK, 'firing'));
    await at(n, T0);
    const [row] = n.notifier.store.list({ limit: 1 });
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row.lastError).toMatch(/timeout/);
    await at(n, T0 + 1_000);
    expect(n.notifier.store.list({ limit: 1 })[0]).toMatchObject({ state: 'sent', attempts: 2 });
    expect(pd.accepted).toHaveLength(1);
  });

  it('does not retry a 400 and keeps it as failed with PagerDuty\'s message and errors', async () => {
    const n = open({ groupWait: '0s' }, { PAGERDUTY_ROUTING_KEY: 'too-short' });
    feed(n, T0, alertOf(DISK, 'firing'));
    await at(n, T0);
    feed(n, T0 + 3_600_000, alertOf(DISK, 'firing'));
    await at(n, T0 + 3_600_000);
    expect(pd.received.map((r) => r.status)).toEqual([400]);
    const failed = n.notifier.store.list({ state: 'failed', limit: 10 });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      action: 'trigger',
      attempts: 1,
      lastStatus: 400,
      lastError: 'HTTP 400: invalid event: Event object is invalid',
      errors: ["'routing_key' must be a 32 character string"],
    });
  });

  it('sends a group\'s events in order: a resolve waits for its trigger that is backing off', async () => {
    const n = open({ groupWait: '0s', groupInterval: '1m', retryInitialBackoff: '5m', retryMaxBackoff: '5m' });
    pd.failNext(1, 503);
    feed(n, T0, alertOf(DISK, 'firing'));
    await at(n, T0);
    feed(n, T0 + 30_000, alertOf(DISK, 'inactive'));
    await at(n, T0 + 60_000); // the resolve is queued, the trigger is still waiting for its retry
    expect(pd.accepted).toHaveLength(0);
    expect(n.notifier.store.counts()).toEqual({ pending: 2, sent: 0, failed: 0 });
    await at(n, T0 + 300_000);
    expect(pd.accepted.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
  });

  it('after a restart, neither re-notifies what was sent nor loses what was pending', async () => {
    let n = open({ groupWait: '0s', groupInterval: '1m', retryInitialBackoff: '1h', retryMaxBackoff: '2h' });
    const other = { ...DISK, alertname: 'HighLoad' };
    feed(n, T0, alertOf(DISK, 'firing'));
    await at(n, T0);
    pd.failNext(1, 502);
    feed(n, T0 + 1_000, alertOf(DISK, 'firing'), alertOf(other, 'firing'));
    await at(n, T0 + 60_000); // HighLoad's trigger fails and backs off for an hour
    expect(pd.accepted.map((e) => e.payload?.class)).toEqual(['DiskFull']);
    n = await n.restart();
    tn = n;
    n.notifier.worker.start(); // resumes the pending row at once
    const sent = n;
    await pd.waitFor(() => sent.notifier.store.counts().pending === 0);
    await n.notifier.worker.stop();
    expect(pd.accepted.map((e) => e.payload?.class)).toEqual(['DiskFull', 'HighLoad']);
    // The rule engine reports both again after its restart: nothing new to send.
    feed(n, T0 + 70_000, alertOf(DISK, 'firing'), alertOf(other, 'firing'));
    await at(n, T0 + 120_000);
    expect(pd.accepted).toHaveLength(2);
    // A firing alert the rule engine no longer reports is resolved after resolveTimeout (5m).
    feed(n, T0 + 130_000, alertOf(other, 'firing'));
    await at(n, T0 + 180_000);
    expect(pd.accepted).toHaveLength(2);
    await at(n, T0 + 7 * 60_000);
    expect(pd.accepted.map((e) => `${e.event_action}:${e.payload?.class ?? ''}`)).toEqual(['trigger:DiskFull', 'trigger:HighLoad', 'resolve:DiskFull']);
  });
});
