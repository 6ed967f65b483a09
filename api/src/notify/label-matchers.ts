import { parseSeriesSelector } from '../query/parse-query.js';
import type { LabelMatcher } from '../storage/label-matcher.js';

const UNQUOTED = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*([^"'`]*?)\s*$/;

/**
 * Parses one matcher as Alertmanager writes them: `team="db"`, `severity=~"critical|page"`, `env!="dev"`, or
 * unquoted `team=db`. Quoted forms go through the PromQL parser (same escapes and regex checks as selectors).
 * Throws an Error naming the text when it is not exactly one matcher.
 */
export function parseMatcherString(text: string): LabelMatcher {
  const unquoted = UNQUOTED.exec(text);
  const source = unquoted ? `${unquoted[1]}${unquoted[2]}${JSON.stringify(unquoted[3])}` : text.trim();
  let matchers: LabelMatcher[];
  try {
    matchers = parseSeriesSelector(`{${source}}`);
  } catch (err) {
    throw new Error(`bad matcher ${JSON.stringify(text)}: ${(err as Error).message.replace(/^\d+:\d+: /, '')}`);
  }
  if (matchers.length !== 1) throw new Error(`bad matcher ${JSON.stringify(text)}: expected exactly one label matcher`);
  return matchers[0];
}

/** The matcher in PromQL syntax: `team="db"`. */
export function formatMatcher(m: LabelMatcher): string {
  return `${m.name}${m.type}${JSON.stringify(m.value)}`;
}
