import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyContractServer } from './pagerduty-contract-server.test-helper.js';

const CHILD = fileURLToPath(new URL('./notify-crash-child.test-helper.ts', import.meta.url));
const ALERTS = 30;
const STEP_MS = 100;
/** Each alert fires for 3 s: longer than the restart takes, so every alert is seen firing by one of the runs. */
const FIRING_STEPS = 30;

let pd: PagerDutyContractServer;
let dir: string;

beforeAll(async () => {
  pd = await PagerDutyContractServer.start();
  dir = mkdtempSync(path.join(tmpdir(), 'notify-crash-'));
});
afterAll(async () => {
  await pd.close();
  rmSync(dir, { recursive: true, force: true });
});

function startChild(env: Record<string, string>): { child: ChildProcess; lines: string[]; stderr: string[]; waitLine: (l: string, ms: number) => Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const stderr: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => lines.push(...d.split('\n').filter((l) => l !== '')));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const waitLine = async (l: string, ms: number): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!lines.includes(l)) {
      if (child.exitCode !== null) throw new Error(`child exited ${child.exitCode}: ${stderr.join('')}`);
      if (Date.now() > deadline) throw new Error(`child did not print ${l} in ${ms} ms: ${stderr.join('').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { child, lines, stderr, waitLine };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

describe('notification outbox crash recovery', () => {
  it('after kill -9 with events in flight, every state change reaches PagerDuty and none produces two different events', async () => {
    const caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, pd.ca);
    pd.setDelay(150); // answers are slow, so requests are in flight when the child dies
    const start = Date.now() + 1500; // both runs share the timeline
    const env = { DATA_DIR: dir, PD_SERVER: pd.host, PD_CA_FILE: caFile, ROUTING_KEY: 'r'.repeat(32), START: String(start), ALERTS: String(ALERTS), STEP_MS: String(STEP_MS), FIRING_STEPS: String(FIRING_STEPS) };

    const first = startChild(env);
    await first.waitLine('ready', 20_000);
    await pd.waitFor(() => pd.accepted.length >= 8, 20_000);
    const inFlightAtKill = pd.received.length - pd.answered;
    first.child.kill('SIGKILL');
    await exited(first.child);
    const acceptedBeforeKill = pd.accepted.length;

    const second = startChild(env);
    await second.waitLine('done', 30_000);
    second.child.kill('SIGTERM');
    await exited(second.child);

    const db = new Database(path.join(dir, 'notify.db'), { readonly: true });
    const rows = db.prepare('SELECT id, dedup_key, action, state, event FROM outbox ORDER BY id').all() as Array<{ id: number; dedup_key: string; action: string; state: string; event: string }>;
    db.close();

    // Every recorded state change was delivered (none left pending or failed).
    expect(rows.length).toBeGreaterThanOrEqual(ALERTS);
    expect(rows.filter((r) => r.state !== 'sent')).toEqual([]);

    // Group what PagerDuty accepted by state-change id: each id's events are all the same event.
    const byId = new Map<number, string[]>();
    for (const e of pd.accepted) {
      const id = (e.payload?.custom_details as { notification_id: number }).notification_id;
      byId.set(id, [...(byId.get(id) ?? []), JSON.stringify(e)]);
    }
    for (const [id, events] of byId) expect(new Set(events).size, `state change ${id} sent as different events`).toBe(1);
    // Every row reached PagerDuty, and PagerDuty got nothing that is not a row.
    expect([...byId.keys()].sort((a, b) => a - b)).toEqual(rows.map((r) => r.id));
    for (const r of rows) expect(JSON.parse(byId.get(r.id)?.[0] ?? '{}')).toMatchObject({ dedup_key: r.dedup_key, event_action: r.action });

    // Per alert (dedup_key): exactly one trigger state change and one resolve state change, the resolve last.
    const perKey = new Map<string, Array<{ id: number; action: string }>>();
    for (const r of rows) perKey.set(r.dedup_key, [...(perKey.get(r.dedup_key) ?? []), { id: r.id, action: r.action }]);
    expect(perKey.size).toBe(ALERTS);
    for (const [key, changes] of perKey) expect(changes.map((c) => c.action), key).toEqual(['trigger', 'resolve']);
    for (const key of perKey.keys()) {
      const last = pd.accepted.filter((e) => e.dedup_key === key).at(-1);
      expect(last?.event_action).toBe('resolve');
    }
    const duplicates = pd.accepted.length - byId.size;
    console.log(
      `crash test: ${rows.length} state changes, ${pd.accepted.length} events accepted (${duplicates} re-sent after the kill with the same dedup_key and payload), ` +
        `${acceptedBeforeKill} accepted before the kill, ${inFlightAtKill} request(s) in flight at the kill`,
    );
  }, 90_000);
});
