import { parseRuleFile } from '../rules/parse-rule-file.js';
import { formatRuleFileProblem, type RuleGroupSpec } from '../rules/rule-spec.js';
import { sloRuleFileYaml, type SloRuleOptions } from './burn-rate-rules.js';
import type { SloDefinition } from './slo-definition.js';

/** The `file` of the generated groups (shown by /api/v1/rules): `slo:<the SLO's file>`. */
export function generatedRuleFile(slo: SloDefinition): string {
  return `slo:${slo.source.file}`;
}

/** What RuleManager offers for generated groups. */
export interface GeneratedRuleSink {
  setGeneratedGroups(source: string, groups: readonly RuleGroupSpec[]): Promise<void>;
}

/** The source name the SLO rules are registered under. */
export const SLO_RULES_SOURCE = 'slo';

/**
 * The SLOs' burn-rate rules (burn-rate-rules.ts) as rule groups for the rule engine. They go through the same
 * parser as rule files, so the engine runs exactly the text `promtool check rules` accepts. Throws when the
 * generated text does not parse (a bug, or an SLO query the rule parser rejects), naming the SLO and the problem.
 */
export function sloRuleGroupSpecs(slos: readonly SloDefinition[], opts: SloRuleOptions = {}): RuleGroupSpec[] {
  const out: RuleGroupSpec[] = [];
  for (const slo of slos) {
    const file = generatedRuleFile(slo);
    const parsed = parseRuleFile(sloRuleFileYaml([slo], opts), file);
    if (parsed.problems.length > 0) {
      throw new Error(`SLO ${slo.name}: generated rules rejected: ${parsed.problems.map(formatRuleFileProblem).join('; ')}`);
    }
    out.push(...parsed.groups);
  }
  return out;
}

/**
 * Replaces the SLO rules in the rule engine with those of `slos` (call after every SLO (re)load). An SLO whose
 * rules do not parse is left out and reported through `onError`; the others are registered.
 */
export async function registerSloRules(
  sink: GeneratedRuleSink,
  slos: readonly SloDefinition[],
  opts: SloRuleOptions = {},
  onError: (slo: SloDefinition, err: Error) => void = () => undefined,
): Promise<number> {
  const groups: RuleGroupSpec[] = [];
  for (const slo of slos) {
    try {
      groups.push(...sloRuleGroupSpecs([slo], opts));
    } catch (err) {
      onError(slo, err as Error);
    }
  }
  await sink.setGeneratedGroups(SLO_RULES_SOURCE, groups);
  return groups.length;
}
