import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../http/error-handler.js';
import { PagerDutyContractServer } from './pagerduty-contract-server.test-helper.js';
import { alertOf, notifyConfigOf, openTestNotifier, SOURCE, T0, type TestNotifier } from './notify-test-fixtures.test-helper.js';
import { notifyRoutes } from './notify-routes.js';

let pd: PagerDutyContractServer;
let tn: TestNotifier;
let app: FastifyInstance;

beforeAll(async () => {
  pd = await PagerDutyContractServer.start();
});
afterAll(async () => {
  await pd.close();
});

async function setup(routingKey: string): Promise<void> {
  const config = notifyConfigOf({ pagerduty: { groupWait: '0s' } }, { PAGERDUTY_SERVER: pd.host, PAGERDUTY_ROUTING_KEY: routingKey });
  tn = openTestNotifier({ config, ca: pd.ca });
  app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandler(app);
  await app.register(notifyRoutes, { notify: tn.notifier, now: () => tn.clock.t });
  await app.ready();
}

afterEach(async () => {
  await app.close();
  await tn.close();
  pd.reset();
});

describe('silences API', () => {
  it('creates (Alertmanager v2 body), lists, gets and expires silences, in v1 and v2 shapes', async () => {
    await setup('k'.repeat(32));
    const post = await app.inject({
      method: 'POST',
      url: '/api/v2/silences',
      payload: {
        matchers: [{ name: 'team', value: 'db', isRegex: false, isEqual: true }, 'severity=~"critical|page"'],
        startsAt: new Date(T0).toISOString(),
        endsAt: new Date(T0 + 3_600_000).toISOString(),
        createdBy: 'alice',
        comment: 'migrating the primary',
      },
    });
    expect(post.statusCode).toBe(200);
    const id = (post.json() as { silenceID: string }).silenceID;

    const v2 = await app.inject({ method: 'GET', url: '/api/v2/silences' });
    expect(v2.json()).toEqual([
      {
        id,
        status: { state: 'active' },
        updatedAt: new Date(T0).toISOString(),
        matchers: [
          { name: 'team', value: 'db', isRegex: false, isEqual: true },
          { name: 'severity', value: 'critical|page', isRegex: true, isEqual: true },
        ],
        startsAt: new Date(T0).toISOString(),
        endsAt: new Date(T0 + 3_600_000).toISOString(),
        createdBy: 'alice',
        comment: 'migrating the primary',
      },
    ]);
    const v1 = await app.inject({ method: 'GET', url: `/api/v1/silence/${id}` });
    expect(v1.json()).toMatchObject({ status: 'success', data: { id, status: { state: 'active' } } });

    // The silence mutes a matching alert.
    tn.notifier.dispatcher.onAlerts({ file: SOURCE.file, group: SOURCE.group }, [alertOf({ alertname: 'X', team: 'db', severity: 'page' }, 'firing')], T0);
    tn.notifier.dispatcher.flushDue(T0);
    await tn.notifier.worker.runDue();
    expect(pd.received).toHaveLength(0);

    tn.clock.t = T0 + 60_000;
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/silence/${id}` });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ status: 'success', data: { id, status: { state: 'expired' }, endsAt: new Date(T0 + 60_000).toISOString() } });
    const again = await app.inject({ method: 'DELETE', url: `/api/v2/silence/${id}` });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ status: 'error', errorType: 'bad_data', error: `silence ${id} already expired` });
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/silence/nope' })).statusCode).toBe(404);
  });

  it('rejects bad silences with a message naming the field', async () => {
    await setup('k'.repeat(32));
    const bad = async (payload: Record<string, unknown>): Promise<string> => {
      const r = await app.inject({ method: 'POST', url: '/api/v1/silences', payload: { createdBy: 'a', comment: 'c', endsAt: new Date(T0 + 60_000).toISOString(), ...payload } });
      expect(r.statusCode).toBe(400);
      return (r.json() as { error: string }).error;
    };
    expect(await bad({ matchers: ['team=~".*"'] })).toContain('at least one matcher must not match the empty string');
    expect(await bad({ matchers: ['team="db"'], endsAt: new Date(T0 - 1).toISOString() })).toContain('endsAt: must be after startsAt');
    expect(await bad({ matchers: ['team="db"'], endsAt: 'tomorrow' })).toContain('endsAt: "tomorrow" is not an RFC 3339 time');
    expect(await bad({ matchers: ['team=~"("'] })).toContain('matchers[0]: bad matcher');
    expect(await bad({ matchers: ['team="db"'], comment: ' ' })).toContain('comment: required');
    expect(await bad({ matchers: [] })).toContain('invalid parameter');
  });
});

describe('notifications API', () => {
  it('lists failed notifications with PagerDuty\'s error, and puts one back in the queue on retry', async () => {
    await setup('short-key');
    tn.notifier.dispatcher.onAlerts({ file: SOURCE.file, group: SOURCE.group }, [alertOf({ alertname: 'X', severity: 'warning' }, 'firing', { annotations: { summary: 'X is wrong' } })], T0);
    tn.notifier.dispatcher.flushDue(T0);
    await tn.notifier.worker.runDue();
    const r = await app.inject({ method: 'GET', url: '/api/v1/notifications?state=failed' });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { data: { counts: unknown; notifications: Array<Record<string, unknown>> } };
    expect(body.data.counts).toEqual({ pending: 0, sent: 0, failed: 1 });
    expect(body.data.notifications).toHaveLength(1);
    expect(body.data.notifications[0]).toMatchObject({
      action: 'trigger',
      state: 'failed',
      attempts: 1,
      lastStatus: 400,
      lastError: 'HTTP 400: invalid event: Event object is invalid',
      errors: ["'routing_key' must be a 32 character string"],
      summary: 'X is wrong',
      severity: 'warning',
    });
    expect(JSON.stringify(body.data.notifications[0])).not.toContain('short-key'); // the routing key is never stored or shown
    expect((await app.inject({ method: 'GET', url: '/api/v1/notifications?state=sent' })).json()).toMatchObject({ data: { notifications: [] } });

    const id = body.data.notifications[0].id as number;
    const retry = await app.inject({ method: 'POST', url: `/api/v1/notifications/${id}/retry` });
    expect(retry.json()).toMatchObject({ status: 'success', data: { id, state: 'pending' } });
    expect((await app.inject({ method: 'POST', url: `/api/v1/notifications/${id}/retry` })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/notifications?state=bogus' })).statusCode).toBe(400);
  });
});
