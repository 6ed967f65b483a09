// The api process end to end: a rule file whose alert fires at once, the RuleManager's alerts going through the
// PagerDuty notifier (PAGERDUTY_SERVER / PAGERDUTY_ROUTING_KEY) to the contract server over HTTPS, and the
// silences and notifications API over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyContractServer } from './pagerduty-contract-server.test-helper.js';
import { NotifyStore } from './notify-store.js';
import { SilenceRegistry } from './silence-registry.js';

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverTs = path.join(apiDir, 'src', 'server.ts');

let pd: PagerDutyContractServer;
let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  pd = await PagerDutyContractServer.start();
  dir = mkdtempSync(path.join(tmpdir(), 'notify-api-'));
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await pd.close();
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('api process with PagerDuty notifications', () => {
  it('pages for a firing rule alert, with the dashboard link, and honours a silence kept from an earlier run until it is expired through the API', async () => {
    writeFileSync(path.join(dir, 'ca.pem'), pd.ca);
    mkdirSync(path.join(dir, 'no-slos'));
    writeFileSync(
      path.join(dir, 'rules.yaml'),
      [
        'groups:',
        '  - name: notify-e2e',
        '    interval: 1s',
        '    rules:',
        '      - alert: AlwaysFiring',
        '        expr: vector(1) > 0',
        '        labels: { severity: page, team: db }',
        '        annotations: { summary: "always firing ({{ $value }})" }',
        '      - alert: SilencedLater',
        '        expr: vector(2) > 0',
        '        labels: { severity: ticket, team: web }',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'api.yaml'),
      [
        'server:',
        '  externalUrl: https://dash.example.com',
        'rules:',
        `  files: [${JSON.stringify(path.join(dir, 'rules.yaml'))}]`,
        'notify:',
        '  pagerduty:',
        `    caFile: ${JSON.stringify(path.join(dir, 'ca.pem'))}`,
        '    groupWait: 0s',
        '    groupInterval: 1s',
        '    routes:',
        '      - name: web',
        `        matchers: ['team="web"']`,
        `        routingKey: ${'w'.repeat(32)}`,
      ].join('\n'),
    );
    const store = NotifyStore.open({ dataDir: path.join(dir, 'data') });
    const silenceId = new SilenceRegistry(store, Date.now).create({
      matchers: [{ name: 'alertname', type: '=', value: 'SilencedLater' }],
      endsAt: Date.now() + 3_600_000,
      createdBy: 'test',
      comment: 'e2e',
    }).id;
    store.close();
    const port = await freePort();
    let log = '';
    child = spawn(process.execPath, ['--import', 'tsx', serverTs], {
      cwd: apiDir,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        API_TOKENS: '',
        LOG_LEVEL: 'info',
        DATA_DIR: path.join(dir, 'data'),
        CONFIG: path.join(dir, 'api.yaml'),
        PAGERDUTY_SERVER: pd.host,
        PAGERDUTY_ROUTING_KEY: 'd'.repeat(32),
        // Only this test's rules: no SLO files, so no burn-rate alerts join the events counted below.
        SLO_DIR: path.join(dir, 'no-slos'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const base = `http://127.0.0.1:${port}`;

    // A silence kept in notify.db from an earlier run mutes SilencedLater from the first evaluation on.
    const listed = async (): Promise<Array<{ id: string; status: { state: string } }>> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (Date.now() > deadline) throw new Error(`api not ready:\n${log}`);
        try {
          const r = await fetch(`${base}/api/v1/silences`);
          if (r.status === 200) return ((await r.json()) as { data: Array<{ id: string; status: { state: string } }> }).data;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const silences = await listed();
    expect(silences).toEqual([expect.objectContaining({ id: silenceId, status: { state: 'active' } })]);

    await pd.waitFor(() => pd.accepted.length >= 1, 20_000);
    await new Promise((r) => setTimeout(r, 2500)); // two more evaluations and flushes: nothing new may arrive
    expect(pd.accepted).toHaveLength(1);
    const e = pd.accepted[0];
    expect(e).toMatchObject({
      routing_key: 'd'.repeat(32),
      event_action: 'trigger',
      payload: { summary: 'always firing (1)', severity: 'critical', group: 'db', class: 'AlwaysFiring' },
    });
    expect(e.links?.[0].href).toBe(`https://dash.example.com/alerts?filter=${encodeURIComponent('{alertname="AlwaysFiring",severity="page",team="db"}')}`);

    const list = (await (await fetch(`${base}/api/v1/notifications?state=sent`)).json()) as { data: { counts: { sent: number } } };
    expect(list.data.counts.sent).toBe(1);

    // Expiring the silence lets SilencedLater through, to its team's routing key.
    expect((await fetch(`${base}/api/v1/silence/${silenceId}`, { method: 'DELETE' })).status).toBe(200);
    await pd.waitFor(() => pd.accepted.length >= 2, 10_000);
    expect(pd.accepted[1]).toMatchObject({ routing_key: 'w'.repeat(32), event_action: 'trigger', payload: { class: 'SilencedLater', severity: 'warning' } });

    child.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
    expect(log).toContain(`PagerDuty notifications to https://${pd.host}/v2/enqueue`);
  }, 60_000);
});
