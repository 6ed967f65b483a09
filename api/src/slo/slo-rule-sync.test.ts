import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { RuleGroupSpec } from '../rules/rule-spec.js';
import { availabilitySlo } from './burn-rate-test-slos.test-helper.js';
import type { SloDefinition } from './slo-definition.js';
import { SloRuleSync } from './slo-rule-sync.js';

describe('SloRuleSync', () => {
  it('registers the rules of the loaded SLOs, again only when they change', async () => {
    const calls: string[][] = [];
    const rules = {
      setGeneratedGroups: async (_source: string, groups: readonly RuleGroupSpec[]): Promise<void> => {
        calls.push(groups.map((g) => g.name));
      },
    };
    let defs: SloDefinition[] = [availabilitySlo()];
    const sync = new SloRuleSync({ rules, slos: { definitions: () => defs }, logger: pino({ level: 'silent' }) });
    await sync.sync();
    await sync.sync();
    expect(calls).toEqual([['sloth-slo-api-availability']]);
    defs = [availabilitySlo(), availabilitySlo({ name: 'api-latency' })];
    sync.onEvaluated();
    await sync.sync();
    expect(calls).toEqual([['sloth-slo-api-availability'], ['sloth-slo-api-availability', 'sloth-slo-api-latency']]);
    // An SLO whose rules cannot be generated is left out; the others stay.
    defs = [availabilitySlo(), availabilitySlo({ name: 'broken', indicator: { kind: 'ratio', bad: { template: 'rate(x[{{.window}}]', source: availabilitySlo().source }, total: { template: 'rate(y[{{.window}}])', source: availabilitySlo().source } } })];
    await sync.sync();
    expect(calls[2]).toEqual(['sloth-slo-api-availability']);
  });
});
