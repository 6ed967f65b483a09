// Editing a log query from the UI (a click on a service, a trace id or an attribute value adds `field:value`),
// written in the log API's syntax (api/src/logs/README.md, "Query language").

/** The filter names the page writes for a record's own fields (the api also reads the ECS spellings). */
export type RecordFilterField = 'level' | 'service' | 'host' | 'trace_id' | 'span_id';

// A bare value ends at whitespace, a parenthesis or a quote, takes `\` as an escape and a trailing `*` as a prefix:
// anything beyond these characters is written quoted.
const BARE_VALUE = /^[\p{L}\p{N}_.\-/@:+=,;#%&!?~]+$/u;

/** `value` as the log query language reads it back exactly: bare when it can be, else quoted with `\` escapes. */
export function quoteFilterValue(value: string): string {
  if (BARE_VALUE.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `field:value` (or `-field:value`), the value quoted as needed. */
export function filterTerm(field: string, value: string, negate = false): string {
  return `${negate ? '-' : ''}${field}:${quoteFilterValue(value)}`;
}

/**
 * `query` narrowed by `field:value` (or excluding it with `negate`). A query with a top-level `OR` is put in
 * parentheses first (`a OR b` then `(a OR b) service:x`, not `a OR (b service:x)`). A term already in the query is
 * not added twice; adding the opposite of a term replaces it.
 */
export function addFilter(query: string, field: string, value: string, negate = false): string {
  const term = filterTerm(field, value, negate);
  const opposite = filterTerm(field, value, !negate);
  const trimmed = query.trim();
  if (trimmed === '') return term;
  const words = trimmed.split(/\s+/);
  if (words.includes(term)) return trimmed;
  if (words.includes(opposite)) return words.map((w) => (w === opposite ? term : w)).join(' ');
  const base = /(^|[\s(])OR($|[\s)])/.test(trimmed) ? `(${trimmed})` : trimmed;
  return `${base} ${term}`;
}

/**
 * The 1-based character position an api query error names (`invalid query: unterminated quote at position 17`,
 * `invalid parameter "logQuery": ... at position 3`); undefined when the message names none.
 */
export function errorColumn(message: string): number | undefined {
  const m = /\bat position (\d+)\b/.exec(message);
  return m ? Number(m[1]) : undefined;
}
