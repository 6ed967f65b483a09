import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyContractServer } from './pagerduty-contract-server.test-helper.js';
import { alertOf, notifyConfigOf, openTestNotifier, SOURCE, T0, type TestNotifier } from './notify-test-fixtures.test-helper.js';
import type { NotifyConfigFile } from './notify-config.js';

// The exact events PagerDuty receives (whole bodies, not a subset of fields), and a slow endpoint.
const KEY = 'a'.repeat(32);
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

function open(section: NonNullable<NotifyConfigFile['pagerduty']> = {}): TestNotifier {
  const config = notifyConfigOf({ pagerduty: { groupWait: '0s', groupInterval: '1m', repeatInterval: '4h', timeout: '2s', ...section } }, { PAGERDUTY_SERVER: pd.host, PAGERDUTY_ROUTING_KEY: KEY });
  tn = openTestNotifier({ config, ca: pd.ca });
  return tn;
}

async function at(n: TestNotifier, t: number): Promise<void> {
  n.clock.t = t;
  n.notifier.dispatcher.flushDue(t);
  await n.notifier.worker.runDue();
}

function feed(n: TestNotifier, t: number, ...alerts: ReturnType<typeof alertOf>[]): void {
  n.notifier.dispatcher.onAlerts({ file: SOURCE.file, group: SOURCE.group }, alerts, t);
}

const LABELS = { alertname: 'HighErrorRatio', job: 'api', instance: 'api-1:3000', team: 'web', severity: 'warning' };
const SELECTOR = '{alertname="HighErrorRatio",instance="api-1:3000",job="api",severity="warning",team="web"}';
const DEDUP = createHash('sha256').update(`default:${SELECTOR}`).digest('hex');
const ANNOTATIONS = { summary: 'api error ratio is 7%', description: 'more than 5% of requests fail' };
const LINK = { href: `https://slo.example.com/alerts?filter=${encodeURIComponent(SELECTOR)}`, text: 'Alert in the dashboard' };

const GROUP = { group_key: `default:${SELECTOR}`, group_labels: LABELS };

/** The trigger event sent at `t` for the alert firing since `startsAt`. */
function triggerAt(t: number, startsAt: number): unknown {
  return {
    routing_key: KEY,
    event_action: 'trigger',
    dedup_key: DEDUP,
    payload: {
      summary: ANNOTATIONS.summary,
      source: 'api-1:3000',
      severity: 'warning',
      timestamp: new Date(t).toISOString(),
      component: 'api',
      group: 'web',
      class: 'HighErrorRatio',
      custom_details: {
        notification_id: expect.any(Number),
        ...GROUP,
        num_firing: 1,
        num_resolved: 0,
        firing: [{ labels: LABELS, annotations: ANNOTATIONS, status: 'firing', startsAt: new Date(startsAt).toISOString(), fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }],
        resolved: [],
      },
    },
    links: [LINK],
    client: 'slo-platform',
    client_url: 'https://slo.example.com/alerts',
  };
}

/** The resolve event sent at `t` for the alert that fired from `startsAt` to `endsAt`. */
function resolveAt(t: number, startsAt: number, endsAt: number): unknown {
  return {
    routing_key: KEY,
    event_action: 'resolve',
    dedup_key: DEDUP,
    payload: {
      summary: `[RESOLVED] ${ANNOTATIONS.summary}`,
      source: 'api-1:3000',
      severity: 'warning',
      timestamp: new Date(t).toISOString(),
      component: 'api',
      group: 'web',
      class: 'HighErrorRatio',
      custom_details: {
        notification_id: expect.any(Number),
        ...GROUP,
        num_firing: 0,
        num_resolved: 1,
        firing: [],
        resolved: [
          {
            labels: LABELS,
            annotations: ANNOTATIONS,
            status: 'resolved',
            startsAt: new Date(startsAt).toISOString(),
            endsAt: new Date(endsAt).toISOString(),
            fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
          },
        ],
      },
    },
    links: [LINK],
    client: 'slo-platform',
    client_url: 'https://slo.example.com/alerts',
  };
}

describe('exact PagerDuty events', () => {
  it('firing, then resolved: one trigger and one resolve, whole bodies', async () => {
    const n = open();
    feed(n, T0, alertOf(LABELS, 'firing', { annotations: ANNOTATIONS }));
    await at(n, T0);
    feed(n, T0 + 30_000, alertOf(LABELS, 'firing', { annotations: ANNOTATIONS }));
    await at(n, T0 + 30_000);
    feed(n, T0 + 90_000, alertOf(LABELS, 'inactive', { annotations: ANNOTATIONS, resolvedAt: T0 + 90_000 }));
    await at(n, T0 + 120_000);
    expect(pd.received.map((r) => r.status)).toEqual([202, 202]);
    expect(pd.accepted[0]).toEqual(triggerAt(T0, T0));
    expect(pd.accepted[1]).toEqual(resolveAt(T0 + 120_000, T0, T0 + 90_000));
    // Each event is its own state change.
    const ids = pd.accepted.map((e) => (e.payload?.custom_details as { notification_id: number } | undefined)?.notification_id);
    expect(new Set(ids).size).toBe(2);
  });

  it('flapping inside group_interval sends nothing extra; flapping across flushes sends trigger, resolve, trigger with one dedup_key', async () => {
    const n = open();
    feed(n, T0, alertOf(LABELS, 'firing', { annotations: ANNOTATIONS }));
    await at(n, T0);
    // Resolved and firing again before the next flush (group_interval 1m): the firing set is unchanged.
    feed(n, T0 + 10_000, alertOf(LABELS, 'inactive', { annotations: ANNOTATIONS, resolvedAt: T0 + 10_000 }));
    feed(n, T0 + 20_000, alertOf(LABELS, 'firing', { annotations: ANNOTATIONS }));
    await at(n, T0 + 60_000);
    expect(pd.accepted).toHaveLength(1);
    // Resolved over a flush, then firing again.
    feed(n, T0 + 70_000, alertOf(LABELS, 'inactive', { annotations: ANNOTATIONS, resolvedAt: T0 + 70_000 }));
    await at(n, T0 + 120_000);
    feed(n, T0 + 130_000, alertOf(LABELS, 'firing', { annotations: ANNOTATIONS, at: T0 + 130_000 }));
    await at(n, T0 + 180_000);
    expect(pd.accepted.map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', DEDUP],
      ['resolve', DEDUP],
      ['trigger', DEDUP],
    ]);
    expect(pd.accepted[0]).toEqual(triggerAt(T0, T0));
    expect(pd.accepted[1]).toEqual(resolveAt(T0 + 120_000, T0, T0 + 70_000));
    expect(pd.accepted[2]).toEqual(triggerAt(T0 + 180_000, T0 + 130_000));
  });

  it('a silenced alert sends no event while silenced, its trigger after the silence ends, and its resolve', async () => {
    const n = open();
    n.notifier.silences.create({ matchers: [{ name: 'team', type: '=', value: 'web' }], endsAt: T0 + 90_000, createdBy: 'ops', comment: 'deploy' });
    feed(n, T0, alertOf(LABELS, 'firing', { annotations: ANNOTATIONS }));
    await at(n, T0);
    feed(n, T0 + 60_000, alertOf(LABELS, 'firing', { annotations: ANNOTATIONS }));
    await at(n, T0 + 60_000);
    expect(pd.received).toEqual([]);
    feed(n, T0 + 120_000, alertOf(LABELS, 'firing', { annotations: ANNOTATIONS }));
    await at(n, T0 + 120_000);
    feed(n, T0 + 150_000, alertOf(LABELS, 'inactive', { annotations: ANNOTATIONS, resolvedAt: T0 + 150_000 }));
    await at(n, T0 + 180_000);
    expect(pd.accepted.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    // Firing since T0 (the silence only held the notification back), resolved at T0 + 150 s.
    expect(pd.accepted[0]).toEqual(triggerAt(T0 + 120_000, T0));
    expect(pd.accepted[1]).toEqual(resolveAt(T0 + 180_000, T0, T0 + 150_000));
  });

  it('a slow endpoint that answers within the timeout gets each event once', async () => {
    const n = open({ timeout: '2s' });
    pd.setDelay(400);
    feed(n, T0, alertOf(LABELS, 'firing', { annotations: ANNOTATIONS }));
    await at(n, T0);
    expect(pd.received.map((r) => r.status)).toEqual([202]);
    expect(n.notifier.store.list({ limit: 1 })[0]).toMatchObject({ state: 'sent', attempts: 1, lastStatus: 202 });
  });

  it('an endpoint slower than the timeout gets the same event again (same dedup_key and body), then it is sent', async () => {
    const n = open({ timeout: '300ms', retryInitialBackoff: '1s' });
    pd.setDelay(800);
    feed(n, T0, alertOf(LABELS, 'firing', { annotations: ANNOTATIONS }));
    await at(n, T0);
    expect(n.notifier.store.list({ limit: 1 })[0]).toMatchObject({ state: 'pending', attempts: 1 });
    pd.setDelay(0);
    await at(n, T0 + 1_000);
    await pd.waitFor(() => pd.accepted.length === 2);
    expect(n.notifier.store.list({ limit: 1 })[0]).toMatchObject({ state: 'sent', attempts: 2 });
    expect(pd.accepted[1]).toEqual(pd.accepted[0]);
  });
});
