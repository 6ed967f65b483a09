import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AlertRuleRef, AlertSnapshot } from '../alerting/alert.js';
import type { Labels } from '../storage/labels.js';
import { resolveNotifyConfig, type NotifyConfig, type NotifyConfigFile } from './notify-config.js';
import { PagerDutyNotifier } from './pagerduty-notifier.js';
import { PagerDutyTransport } from './pagerduty-transport.js';

export const SOURCE: AlertRuleRef = { file: 'alert-rules/test.yaml', group: 'test', rule: 'TestAlert' };
export const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);

/** A rule engine alert as onAlerts passes it. */
export function alertOf(
  labels: Labels,
  state: 'firing' | 'inactive' | 'pending',
  opts: { annotations?: Record<string, string>; at?: number; resolvedAt?: number } = {},
): AlertSnapshot & { source: AlertRuleRef } {
  const at = opts.at ?? T0;
  return {
    labels,
    annotations: opts.annotations ?? {},
    state,
    value: 1,
    activeAt: at - 60_000,
    firedAt: state === 'pending' ? undefined : at,
    resolvedAt: state === 'inactive' ? (opts.resolvedAt ?? at) : undefined,
    keepFiringSince: undefined,
    source: SOURCE,
  };
}

/** A notify config from the YAML section (as a user writes it), with env overrides. */
export function notifyConfigOf(section: NotifyConfigFile, env: { PAGERDUTY_SERVER?: string; PAGERDUTY_ROUTING_KEY?: string } = {}): NotifyConfig {
  return resolveNotifyConfig(section, {
    env,
    readFile: () => {
      throw new Error('no files in this test');
    },
    error: (p, m) => new Error(`${p.join('.')}: ${m}`),
  });
}

export interface TestNotifier {
  readonly notifier: PagerDutyNotifier;
  readonly dir: string;
  clock: { t: number };
  readonly logs: string[];
  /** Closes the notifier and opens a new one on the same data directory (a restart). */
  restart(): Promise<TestNotifier>;
  close(): Promise<void>;
}

/** A notifier on a temp data dir with a fake clock, sending through pdjs to `server` (trusting `ca`). */
export function openTestNotifier(opts: { config: NotifyConfig; ca?: string; dir?: string; clock?: { t: number }; registry?: Registry }): TestNotifier {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'notify-test-'));
  const clock = opts.clock ?? { t: T0 };
  const logs: string[] = [];
  const logger: Logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(line) });
  const notifier = new PagerDutyNotifier({
    config: opts.config,
    dataDir: dir,
    externalUrl: 'https://slo.example.com',
    logger,
    now: () => clock.t,
    random: () => 1,
    ...(opts.registry ? { registry: opts.registry } : {}),
    transport: new PagerDutyTransport({ server: opts.config.pagerduty.server, ...(opts.ca !== undefined ? { ca: opts.ca } : {}), pdjsRetryTimeoutMs: 10 }),
  });
  const self: TestNotifier = {
    notifier,
    dir,
    clock,
    logs,
    restart: async () => {
      await notifier.close();
      return openTestNotifier({ ...opts, dir, clock });
    },
    close: async () => {
      await notifier.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}
