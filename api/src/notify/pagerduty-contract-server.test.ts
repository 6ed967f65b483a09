import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyContractServer } from './pagerduty-contract-server.test-helper.js';

// The contract server is what the notifier's tests trust: it must reject what PagerDuty rejects.
let pd: PagerDutyContractServer;
beforeAll(async () => {
  pd = await PagerDutyContractServer.start();
});
afterAll(async () => {
  await pd.close();
});

function post(body: string, path = '/v2/enqueue'): Promise<{ status: number; json: Record<string, unknown> }> {
  const [host, port] = pd.host.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), path, method: 'POST', ca: pd.ca, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const KEY = 'k'.repeat(32);
const valid = { routing_key: KEY, event_action: 'trigger', dedup_key: 'd1', payload: { summary: 's', source: 'h', severity: 'error', timestamp: '2026-01-10T12:00:00.000Z' } };

describe('PagerDutyContractServer', () => {
  it('accepts a valid event with 202 and echoes the dedup key; a resolve needs no payload', async () => {
    expect(await post(JSON.stringify(valid))).toEqual({ status: 202, json: { status: 'success', message: 'Event processed', dedup_key: 'd1' } });
    expect((await post(JSON.stringify({ routing_key: KEY, event_action: 'resolve', dedup_key: 'd1' }))).status).toBe(202);
  });

  it.each([
    [{ ...valid, routing_key: 'short' }, "'routing_key' must be a 32 character string"],
    [{ ...valid, event_action: 'open' }, "'event_action' must be one of trigger, acknowledge, resolve"],
    [{ ...valid, dedup_key: 'x'.repeat(256) }, "'dedup_key' must be a string of at most 255 characters"],
    [{ routing_key: KEY, event_action: 'resolve' }, "'dedup_key' is required for acknowledge and resolve"],
    [{ ...valid, payload: undefined }, "'payload' is required and must be an object"],
    [{ ...valid, payload: { ...valid.payload, summary: 'x'.repeat(1025) } }, "'payload.summary' must be at most 1024 characters"],
    [{ ...valid, payload: { ...valid.payload, source: '' } }, "'payload.source' is required"],
    [{ ...valid, payload: { ...valid.payload, severity: 'page' } }, "'payload.severity' must be one of critical, error, warning, info"],
    [{ ...valid, payload: { ...valid.payload, timestamp: 'yesterday' } }, "'payload.timestamp' must be an ISO 8601 date-time"],
    [{ ...valid, links: [{ text: 'no href' }] }, "'links[0].href' is required"],
    [{ ...valid, images: [{ src: 'http://insecure.example.com/x.png' }] }, "'images[0].src' must be an https URL"],
    [{ ...valid, payload: { ...valid.payload, custom_details: { big: 'x'.repeat(520 * 1024) } } }, 'Request body is larger than 512 KB'],
  ])('rejects %# with 400 invalid event', async (event, error) => {
    const r = await post(JSON.stringify(event));
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
    expect(r.json.errors).toContain(error);
  });

  it('answers 429 and 500 when told to, then recovers', async () => {
    pd.failNext(1, 429);
    pd.failNext(1, 500);
    expect((await post(JSON.stringify(valid))).status).toBe(429);
    expect((await post(JSON.stringify(valid))).status).toBe(500);
    expect((await post(JSON.stringify(valid))).status).toBe(202);
  });
});
