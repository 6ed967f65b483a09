/** A variable's choice: every value (`All`) or the chosen ones. */
export type VariableChoice = { readonly all: true } | { readonly all: false; readonly values: readonly string[] };

/** Escapes a label value for use inside a PromQL regex matcher string (`=~"..."`). */
export function escapeRegexValue(value: string): string {
  // Regex metacharacters get a backslash, then the PromQL string needs that backslash (and quotes) escaped again.
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Replaces `$name` / `${name}` by the variable's choice as a regex for `=~` matchers (Grafana's convention: boards
 * write `label=~"$name"`): `.*` for All, `a|b` for several values; and `$__rate_interval`, `$__interval`,
 * `$__range` by the given durations.
 */
export function interpolateQuery(
  query: string,
  choices: Readonly<Record<string, VariableChoice>>,
  builtins: { readonly rateInterval: string; readonly interval: string; readonly range: string },
): string {
  return query.replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, a: string | undefined, b: string | undefined) => {
    const name = a ?? b ?? '';
    if (name === '__rate_interval') return builtins.rateInterval;
    if (name === '__interval') return builtins.interval;
    if (name === '__range') return builtins.range;
    const choice = choices[name];
    if (choice === undefined) return whole;
    if (choice.all || choice.values.length === 0) return '.*';
    return choice.values.map(escapeRegexValue).join('|');
  });
}
