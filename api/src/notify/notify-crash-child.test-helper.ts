/**
 * Child process of notify-crash.int.test.ts: a PagerDutyNotifier (real clock, pdjs over HTTPS to the contract
 * server) fed by a scripted alert timeline, like the rule engine would: alert i fires during steps [i, i+FIRING_STEPS)
 * and is reported resolved for 3 steps after; a step is STEP_MS from START (shared by every run, so a restarted
 * child carries on where the timeline is). Prints `ready`, then `done` once the timeline is over and nothing is
 * pending. Env: DATA_DIR, PD_SERVER, PD_CA_FILE, ROUTING_KEY, START, ALERTS, STEP_MS, FIRING_STEPS.
 */
import pino from 'pino';
import { readFileSync } from 'node:fs';
import type { AlertSnapshot, AlertRuleRef } from '../alerting/alert.js';
import { resolveNotifyConfig } from './notify-config.js';
import { PagerDutyNotifier } from './pagerduty-notifier.js';

const env = process.env;
const start = Number(env.START);
const alerts = Number(env.ALERTS ?? 30);
const stepMs = Number(env.STEP_MS ?? 100);
const firingSteps = Number(env.FIRING_STEPS ?? 30);
const source: AlertRuleRef = { file: 'crash.yaml', group: 'crash', rule: 'Crash' };

const config = resolveNotifyConfig(
  {
    pagerduty: {
      server: env.PD_SERVER,
      routingKey: env.ROUTING_KEY,
      caFile: env.PD_CA_FILE,
      groupWait: '0s',
      groupInterval: '100ms',
      resolveTimeout: '500ms',
      timeout: '2s',
      retryInitialBackoff: '50ms',
      retryMaxBackoff: '500ms',
    },
  },
  { env: {}, readFile: (p) => readFileSync(p, 'utf8'), error: (p, m) => new Error(`${p.join('.')}: ${m}`) },
);
const notifier = new PagerDutyNotifier({
  config,
  dataDir: env.DATA_DIR ?? '',
  externalUrl: 'https://slo.example.com',
  logger: pino({ level: 'warn' }, pino.destination(2)),
  tickMs: 20,
});
notifier.start();
process.stdout.write('ready\n');

let done = false;
const feed = setInterval(() => {
  const now = Date.now();
  const step = Math.floor((now - start) / stepMs);
  const list: Array<AlertSnapshot & { source: AlertRuleRef }> = [];
  for (let i = 0; i < alerts; i++) {
    const labels = { alertname: 'Crash', instance: `host-${i}`, severity: 'page' };
    const firedAt = start + i * stepMs;
    if (step >= i && step < i + firingSteps) {
      list.push({ labels, annotations: { summary: `host-${i} is down` }, state: 'firing', value: 1, activeAt: firedAt, firedAt, resolvedAt: undefined, keepFiringSince: undefined, source });
    } else if (step >= i + firingSteps && step < i + firingSteps + 3) {
      const resolvedAt = start + (i + firingSteps) * stepMs;
      list.push({ labels, annotations: { summary: `host-${i} is down` }, state: 'inactive', value: 1, activeAt: firedAt, firedAt, resolvedAt, keepFiringSince: undefined, source });
    }
  }
  notifier.dispatcher.onAlerts({ file: source.file, group: source.group }, list, now);
  if (!done && step > alerts + firingSteps + 10 && notifier.store.counts().pending === 0 && notifier.dispatcher.snapshot().length === 0) {
    done = true;
    process.stdout.write('done\n');
  }
}, 25);

process.on('SIGTERM', () => {
  clearInterval(feed);
  void notifier.close().then(() => process.exit(0));
});
