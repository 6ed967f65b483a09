import { describe, expect, it } from 'vitest';
import type { InstantSample } from '../query/query-result.js';
import { AlertingRuleState, AlertLimitError, RESOLVED_RETENTION_MS, type AlertExpander } from './alerting-rule.js';

const S = 1000;
const expander: AlertExpander = async (s) => ({ labels: { ...s.labels, alertname: 'A' }, annotations: { v: String(s.value) } });
const result = (...instances: string[]): InstantSample[] => instances.map((instance) => ({ labels: { instance }, timestamp: 0, value: 1 }));

/** Runs one evaluation at `t` seconds; returns the transitions as "instance:from>to" and the ALERTS states written. */
async function step(rule: AlertingRuleState, t: number, ...instances: string[]): Promise<{ transitions: string[]; alerts: string[] }> {
  const r = await rule.evaluate(result(...instances), t * S, expander, 0);
  return {
    transitions: r.transitions.map((x) => `${x.alert.labels.instance}:${x.from}>${x.to}`),
    alerts: r.samples.filter((s) => s.labels.__name__ === 'ALERTS').map((s) => `${s.labels.instance}:${s.labels.alertstate}`),
  };
}

describe('alert state machine (Prometheus 2.42 semantics, fake clock)', () => {
  it('goes pending, then firing once active for `for`, then inactive when the series is gone', async () => {
    const rule = new AlertingRuleState('A', 60 * S, 0, true);
    expect(await step(rule, 0, 'a')).toEqual({ transitions: ['a:inactive>pending'], alerts: ['a:pending'] });
    expect(await step(rule, 30, 'a')).toEqual({ transitions: [], alerts: ['a:pending'] });
    expect(await step(rule, 60, 'a')).toEqual({ transitions: ['a:pending>firing'], alerts: ['a:firing'] });
    expect(rule.state()).toBe('firing');
    expect(await step(rule, 90)).toEqual({ transitions: ['a:firing>inactive'], alerts: [] });
    expect(rule.activeAlerts()).toEqual([]);
    expect(rule.alertsToSend(90 * S).map((a) => [a.state, a.resolvedAt])).toEqual([['inactive', 90 * S]]);
  });

  it('fires in the first evaluation when `for` is 0 (both transitions reported)', async () => {
    const rule = new AlertingRuleState('A', 0, 0, true);
    expect(await step(rule, 0, 'a')).toEqual({ transitions: ['a:inactive>pending', 'a:pending>firing'], alerts: ['a:firing'] });
  });

  it('drops a pending alert that clears before `for`, and starts over when it comes back', async () => {
    const rule = new AlertingRuleState('A', 60 * S, 0, true);
    await step(rule, 0, 'a');
    expect(await step(rule, 30)).toEqual({ transitions: ['a:pending>inactive'], alerts: [] });
    expect(await step(rule, 45, 'a')).toEqual({ transitions: ['a:inactive>pending'], alerts: ['a:pending'] });
    expect(rule.activeAlerts()[0].activeAt).toBe(45 * S);
    expect(await step(rule, 90, 'a')).toEqual({ transitions: [], alerts: ['a:pending'] });
    expect((await step(rule, 105, 'a')).transitions).toEqual(['a:pending>firing']);
  });

  it('keeps firing for `keep_firing_for` after the condition clears, and resets that when it returns', async () => {
    const rule = new AlertingRuleState('A', 0, 30 * S, true);
    await step(rule, 0, 'a');
    expect(await step(rule, 10)).toEqual({ transitions: [], alerts: ['a:firing'] });
    expect(rule.activeAlerts()[0].keepFiringSince).toBe(10 * S);
    expect(await step(rule, 30)).toEqual({ transitions: [], alerts: ['a:firing'] });
    expect(await step(rule, 35, 'a')).toEqual({ transitions: [], alerts: ['a:firing'] });
    expect(rule.activeAlerts()[0].keepFiringSince).toBeUndefined();
    await step(rule, 40);
    expect(await step(rule, 69)).toEqual({ transitions: [], alerts: ['a:firing'] });
    expect(await step(rule, 70)).toEqual({ transitions: ['a:firing>inactive'], alerts: [] });
  });

  it('does not keep a pending alert with keep_firing_for', async () => {
    const rule = new AlertingRuleState('A', 60 * S, 300 * S, true);
    await step(rule, 0, 'a');
    expect(await step(rule, 10)).toEqual({ transitions: ['a:pending>inactive'], alerts: [] });
  });

  it('forgets a resolved alert after the retention and re-sends it as resolved until then', async () => {
    const rule = new AlertingRuleState('A', 0, 0, true);
    await step(rule, 0, 'a');
    await step(rule, 60);
    expect(rule.alertsToSend(60 * S + RESOLVED_RETENTION_MS)).toHaveLength(1);
    await step(rule, 60 + RESOLVED_RETENTION_MS / S + 1);
    expect(rule.alertsToSend(60 * S + RESOLVED_RETENTION_MS + 1)).toHaveLength(0);
  });

  it('writes ALERTS_FOR_STATE with activeAt in seconds, and nothing before the state is restored', async () => {
    const rule = new AlertingRuleState('A', 60 * S, 0, false);
    const first = await rule.evaluate(result('a'), 1_700_000_000_500, expander, 0);
    expect(first.samples).toEqual([]);
    rule.restored = true;
    const next = await rule.evaluate(result('a'), 1_700_000_010_500, expander, 0);
    expect(next.samples.find((s) => s.labels.__name__ === 'ALERTS_FOR_STATE')).toEqual({
      labels: { __name__: 'ALERTS_FOR_STATE', alertname: 'A', instance: 'a' },
      timestamp: 1_700_000_010_500,
      value: 1_700_000_000,
    });
  });

  it('fails and clears its alerts when more than `limit` are active, and rejects duplicate label sets', async () => {
    const rule = new AlertingRuleState('A', 0, 0, true);
    await expect(rule.evaluate(result('a', 'b'), 0, expander, 1)).rejects.toThrow(new AlertLimitError('exceeded limit of 1 with 2 alerts'));
    expect(rule.activeAlerts()).toEqual([]);
    const sameLabels: AlertExpander = async () => ({ labels: { alertname: 'A' }, annotations: {} });
    await expect(rule.evaluate(result('a', 'b'), 0, sameLabels, 0)).rejects.toThrow('same labelset after applying alert labels');
  });

  it('updates value and annotations of an active alert without changing activeAt', async () => {
    const rule = new AlertingRuleState('A', 60 * S, 0, true);
    await rule.evaluate([{ labels: { instance: 'a' }, timestamp: 0, value: 1 }], 0, expander, 0);
    await rule.evaluate([{ labels: { instance: 'a' }, timestamp: 0, value: 7 }], 10 * S, expander, 0);
    const [a] = rule.activeAlerts();
    expect([a.value, a.annotations.v, a.activeAt]).toEqual([7, '7', 0]);
  });
});
