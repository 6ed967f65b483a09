import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../storage/memory/memory-metric-store.js';
import { parseRuleFile } from './parse-rule-file.js';
import { RuleManager } from './rule-manager.js';
import type { RuleGroupSpec } from './rule-spec.js';

const T0 = 1_700_000_000_000;

function generated(name: string, expr = 'vector(1)'): RuleGroupSpec[] {
  const parsed = parseRuleFile(`groups:\n  - name: ${name}\n    rules:\n      - alert: Gen\n        expr: ${expr}\n`, 'slo:test.yaml');
  expect(parsed.problems).toEqual([]);
  return parsed.groups;
}

describe('RuleManager.setGeneratedGroups', () => {
  let dir: string;
  let store: MemoryMetricStore;
  let m: RuleManager;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rules-gen-'));
    store = new MemoryMetricStore();
    m = new RuleManager({
      files: ['*.yaml'],
      baseDir: dir,
      evaluationIntervalMs: 60_000,
      store,
      lookbackDeltaMs: 300_000,
      maxSamples: 1e7,
      queryTimeoutMs: 10_000,
      logger: pino({ level: 'silent' }),
      schedule: false,
      watch: false,
      now: () => T0,
    });
  });
  afterEach(async () => {
    await m.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs generated groups beside the rule files, across good and bad reloads, until they are removed', async () => {
    await writeFile(path.join(dir, 'a.yaml'), 'groups:\n  - name: file\n    rules:\n      - alert: FromFile\n        expr: vector(1)\n');
    await m.setGeneratedGroups('slo', generated('gen')); // before start: applied at start
    await m.start();
    expect(m.ruleGroups().map((g) => g.name)).toEqual(['file', 'gen']);
    await m.evaluateAllAt(T0);
    expect(m.activeAlerts().map((a) => `${a.labels.alertname} ${a.state}`).sort()).toEqual(['FromFile firing', 'Gen firing']);

    // A bad rule file keeps everything running; a good reload keeps the generated groups.
    await writeFile(path.join(dir, 'a.yaml'), 'groups: [');
    expect((await m.reload()).success).toBe(false);
    expect(m.ruleGroups().map((g) => g.name)).toEqual(['file', 'gen']);
    await writeFile(path.join(dir, 'a.yaml'), 'groups: []\n');
    expect((await m.reload()).success).toBe(true);
    expect(m.ruleGroups().map((g) => g.name)).toEqual(['gen']);

    // Replacing a source's groups keeps the state of unchanged alerts; an empty list removes them.
    const before = m.activeAlerts()[0].activeAt;
    await m.setGeneratedGroups('slo', generated('gen'));
    expect(m.activeAlerts()[0].activeAt).toBe(before);
    await m.setGeneratedGroups('slo', []);
    expect(m.ruleGroups()).toEqual([]);
  });

  it('runs generated groups when the first rule-file load fails', async () => {
    await writeFile(path.join(dir, 'a.yaml'), 'groups: [');
    await m.setGeneratedGroups('slo', generated('gen'));
    expect((await m.start()).success).toBe(false);
    expect(m.ruleGroups().map((g) => g.name)).toEqual(['gen']);
  });
});
