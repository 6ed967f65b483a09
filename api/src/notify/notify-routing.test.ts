import { describe, expect, it } from 'vitest';
import { notifyConfigOf } from './notify-test-fixtures.test-helper.js';
import { dedupKeyOf, RouteTree } from './route-tree.js';
import { pagerDutySeverity } from './severity.js';
import { silenceMutes, silenceState, validateSilence } from './silence.js';

describe('severity mapping', () => {
  it.each([
    ['critical', 'critical'],
    ['page', 'critical'],
    ['P1', 'critical'],
    ['error', 'error'],
    ['high', 'error'],
    ['warning', 'warning'],
    ['ticket', 'warning'],
    ['Warn', 'warning'],
    ['info', 'info'],
    ['low', 'info'],
    ['something-else', 'error'],
    [undefined, 'error'],
  ] as const)('severity=%s → %s', (label, expected) => {
    expect(pagerDutySeverity(label)).toBe(expected);
  });
});

describe('RouteTree', () => {
  const tree = new RouteTree(
    notifyConfigOf(
      {
        pagerduty: {
          routes: [
            { name: 'db', matchers: ['team="db"'], groupBy: ['alertname'] },
            { name: 'pages', matchers: ['severity=~"page|critical"', 'env!="dev"'], routingKey: 'p'.repeat(32) },
          ],
        },
      },
      { PAGERDUTY_ROUTING_KEY: 'k'.repeat(32) },
    ).pagerduty,
  );

  it('takes the first matching route, its group labels and key, and the default key for a route without one', () => {
    const [m] = tree.match({ alertname: 'X', team: 'db', severity: 'page', instance: 'a' });
    expect(m).toMatchObject({ route: { name: 'db' }, routingKey: 'k'.repeat(32), groupLabels: { alertname: 'X' }, groupKey: 'db:{alertname="X"}' });
    expect(tree.match({ alertname: 'Y', severity: 'critical' })[0]).toMatchObject({ route: { name: 'pages' }, routingKey: 'p'.repeat(32) });
    // env="dev" fails `env!="dev"`; no route: the root route, every label is the group
    expect(tree.match({ alertname: 'Y', severity: 'critical', env: 'dev' })[0]).toMatchObject({
      route: { name: 'default' },
      groupKey: 'default:{alertname="Y",env="dev",severity="critical"}',
    });
  });

  it('derives a stable 64-hex dedup key from the group key', () => {
    expect(dedupKeyOf('db:{alertname="X"}')).toBe(dedupKeyOf('db:{alertname="X"}'));
    expect(dedupKeyOf('db:{alertname="X"}')).toMatch(/^[0-9a-f]{64}$/);
    expect(dedupKeyOf('db:{alertname="X"}')).not.toBe(dedupKeyOf('db:{alertname="Y"}'));
  });
});

describe('silences', () => {
  const now = 1_000_000;
  const s = validateSilence({ matchers: [{ name: 'team', type: '=~', value: 'db|dba' }, { name: 'env', type: '!=', value: 'dev' }], startsAt: now + 10, endsAt: now + 1000, createdBy: 'a', comment: 'c' }, now);

  it('mutes matching alerts only while active', () => {
    expect(silenceState(s, now)).toBe('pending');
    expect(silenceMutes(s, { team: 'db' }, now)).toBe(false);
    expect(silenceMutes(s, { team: 'db' }, now + 10)).toBe(true);
    expect(silenceMutes(s, { team: 'dba', env: 'prod' }, now + 500)).toBe(true);
    expect(silenceMutes(s, { team: 'db', env: 'dev' }, now + 500)).toBe(false);
    expect(silenceMutes(s, { team: 'web' }, now + 500)).toBe(false);
    expect(silenceState(s, now + 1000)).toBe('expired');
    expect(silenceMutes(s, { team: 'db' }, now + 1000)).toBe(false);
  });

  it('starts a silence whose start is in the past now', () => {
    expect(validateSilence({ matchers: [{ name: 'a', type: '=', value: 'b' }], startsAt: now - 5000, endsAt: now + 1, createdBy: 'a', comment: 'c' }, now).startsAt).toBe(now);
  });
});
