import type { Labels } from './labels.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
}

export type ValuePredicate = (value: string) => boolean;

/**
 * Compiles a matcher into a predicate over a label value. A label the series lacks is matched as the
 * empty string, and regexes are fully anchored, as in Prometheus (`=~"a.*"` means `^(?:a.*)$`).
 */
export function compileMatcher(m: LabelMatcher): ValuePredicate {
  switch (m.type) {
    case '=':
      return (v) => v === m.value;
    case '!=':
      return (v) => v !== m.value;
    case '=~': {
      const re = compileAnchoredRegex(m.value);
      return (v) => re.test(v);
    }
    case '!~': {
      const re = compileAnchoredRegex(m.value);
      return (v) => !re.test(v);
    }
  }
}

export function compileAnchoredRegex(source: string): RegExp {
  // Go's RE2 `(?s)` semantics: Prometheus sets dot-matches-newline for label regexes.
  return new RegExp('^(?:' + source + ')$', 's');
}

export function matchesAll(labels: Labels, matchers: readonly LabelMatcher[]): boolean {
  for (const m of matchers) {
    if (!compileMatcher(m)(labels[m.name] ?? '')) return false;
  }
  return true;
}
