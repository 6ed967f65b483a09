// A board variable's choice in the URL, as Grafana keeps it: `var-<name>=<value>`, repeated for each value of a
// multi-value variable (`var-route=/a&var-route=/b`; repeated rather than comma-joined, so a value may hold a comma).
// No parameter, or `$__all`, is "All".
import type { BoardVariable } from '../api/types.js';
import type { VariableChoice } from './interpolate-query.js';

/** Grafana's URL value for "All". */
export const ALL_VALUE = '$__all';

export const variableParam = (name: string): string => `var-${name}`;

/** The variable's choice from the URL: All, or its values (the first only, unless the variable is `multi`). */
export function variableChoice(variable: Pick<BoardVariable, 'name' | 'multi'>, params: URLSearchParams): VariableChoice {
  const raw = params.getAll(variableParam(variable.name));
  const values = [...new Set(raw.filter((v) => v !== ALL_VALUE))];
  if (values.length === 0 || raw.includes(ALL_VALUE)) return { all: true };
  return { all: false, values: variable.multi ? values : values.slice(0, 1) };
}

/** `params` with the variable set to `values` (none: All, so the parameter is removed). */
export function withVariableValues(params: URLSearchParams, name: string, values: readonly string[]): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(variableParam(name));
  for (const v of new Set(values)) next.append(variableParam(name), v);
  return next;
}
