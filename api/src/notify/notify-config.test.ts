import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { AppError } from '../errors/app-error.js';

function read(text: string, env: Record<string, string> = {}, files: Record<string, string> = {}): ReturnType<typeof loadConfig> {
  return loadConfig({ CONFIG: 'api.yaml', ...env }, (p) => {
    if (p === 'api.yaml') return text;
    const f = files[p];
    if (f === undefined) throw new Error('ENOENT: no such file');
    return f;
  });
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

const YAML = `
server:
  externalUrl: https://slo.example.com/
notify:
  pagerduty:
    server: events.eu.pagerduty.com
    groupWait: 10s
    groupInterval: 1m
    repeatInterval: 2h
    routes:
      - name: db
        matchers: ['team="db"', 'severity=~"critical|page"']
        routingKeyFile: /run/secrets/db-key
        groupBy: [alertname, cluster]
        continue: true
      - matchers: [team=web]
        routingKey: ${'w'.repeat(32)}
        repeatInterval: 30m
`;

describe('notify config', () => {
  it('reads routes, matchers, key files and timing, with routes inheriting unset timing', () => {
    const c = read(YAML, {}, { '/run/secrets/db-key': `${'d'.repeat(32)}\n` });
    expect(c.server.externalUrl).toBe('https://slo.example.com');
    const pd = c.notify.pagerduty;
    expect(pd.server).toBe('events.eu.pagerduty.com');
    expect(pd.defaultRoutingKey).toBeUndefined();
    expect(pd.defaults).toEqual({ groupBy: ['...'], groupWaitMs: 10_000, groupIntervalMs: 60_000, repeatIntervalMs: 7_200_000 });
    expect(pd.routes).toEqual([
      {
        name: 'db',
        matchers: [
          { name: 'team', type: '=', value: 'db' },
          { name: 'severity', type: '=~', value: 'critical|page' },
        ],
        matcherText: ['team="db"', 'severity=~"critical|page"'],
        routingKey: 'd'.repeat(32),
        continue: true,
        groupBy: ['alertname', 'cluster'],
        groupWaitMs: 10_000,
        groupIntervalMs: 60_000,
        repeatIntervalMs: 7_200_000,
      },
      {
        name: 'routes[1]',
        matchers: [{ name: 'team', type: '=', value: 'web' }],
        matcherText: ['team=web'],
        routingKey: 'w'.repeat(32),
        continue: false,
        groupBy: ['...'],
        groupWaitMs: 10_000,
        groupIntervalMs: 60_000,
        repeatIntervalMs: 1_800_000,
      },
    ]);
  });

  it('takes PAGERDUTY_SERVER, PAGERDUTY_ROUTING_KEY and EXTERNAL_URL from the environment over the file', () => {
    const c = read('notify:\n  pagerduty:\n    server: events.pagerduty.com\n    routingKey: from-file\n', {
      PAGERDUTY_SERVER: '127.0.0.1:8443',
      PAGERDUTY_ROUTING_KEY: 'from-env',
      EXTERNAL_URL: 'http://dash.local:3000',
    });
    expect(c.notify.pagerduty.server).toBe('127.0.0.1:8443');
    expect(c.notify.pagerduty.defaultRoutingKey).toBe('from-env');
    expect(c.server.externalUrl).toBe('http://dash.local:3000');
  });

  it('rejects mistakes naming the file, line and setting', () => {
    expect(errorOf(() => read('notify:\n  pagerduty:\n    server: https://events.pagerduty.com/v2\n'))).toBe(
      'config file api.yaml:3: notify.pagerduty.server: "https://events.pagerduty.com/v2" is not host[:port] (the Events API is always reached over HTTPS; no scheme or path)',
    );
    expect(errorOf(() => read('notify:\n  pagerduty:\n    routes:\n      - matchers: [\'team=~"("\']\n'))).toMatch(
      /^config file api\.yaml:4: notify\.pagerduty\.routes\.0\.matchers\.0: bad matcher "team=~\\"\(\\"": parse error: error parsing regexp/,
    );
    expect(errorOf(() => read('notify:\n  pagerduty:\n    groupInterval: 0s\n'))).toBe('config file api.yaml:3: notify.pagerduty.groupInterval: must be greater than 0');
    expect(errorOf(() => read('notify:\n  pagerduty:\n    routes:\n      - routingKeyFile: /missing\n'))).toMatch(/^config file api\.yaml:4: notify\.pagerduty\.routes\.0\.routingKeyFile: cannot read \/missing/);
    expect(errorOf(() => read('notify:\n  pagerduty:\n    groupBy: [alertname, "..."]\n'))).toBe(
      "config file api.yaml:3: notify.pagerduty.groupBy: '...' (group by every label) cannot be combined with label names",
    );
    expect(errorOf(() => read('notify:\n  pagerduty:\n    rutes: []\n'))).toMatch(/^config file api\.yaml:3: notify\.pagerduty\.rutes: unknown setting/);
    expect(errorOf(() => read('server:\n  externalUrl: dash.local\n'))).toBe('config file api.yaml:2: server.externalUrl: "dash.local" is not an http(s) URL');
  });
});
