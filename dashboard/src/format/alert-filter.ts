// The `filter` URL parameter of /alerts, as the notifier links to it (`/alerts?filter={alertname="X",team="db"}`)
// and as Alertmanager's UI writes it: label matchers with =, !=, =~, !~ (regexes anchored), values quoted or bare. The
// boards' alerts and slo-summary panels narrow their lists with the same syntax (`filter`, `slos`).

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface LabelFilter {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
}

export type ParsedFilter = { readonly ok: true; readonly matchers: readonly LabelFilter[] } | { readonly ok: false; readonly error: string };

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^,"'}\s]*)\s*(?:,|$)/;

/** Parses `{a="b", c=~"d.*"}` (braces optional, empty means everything); says which part is wrong otherwise. */
export function parseAlertFilter(text: string): ParsedFilter {
  let rest = text.trim();
  if (rest.startsWith('{')) {
    if (!rest.endsWith('}')) return { ok: false, error: 'the filter starts with "{" but does not end with "}"' };
    rest = rest.slice(1, -1).trim();
  }
  const matchers: LabelFilter[] = [];
  while (rest !== '') {
    const m = MATCHER.exec(rest);
    if (!m) return { ok: false, error: `cannot read a matcher at "${rest.slice(0, 30)}": write label="value" (or !=, =~, !~)` };
    const [whole, name, type, raw] = m;
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        value = JSON.parse(raw) as string;
      } catch {
        return { ok: false, error: `bad quoted value ${raw}` };
      }
    } else if (raw.startsWith("'")) value = raw.slice(1, -1).replace(/\\(.)/g, '$1');
    if (type === '=~' || type === '!~') {
      try {
        new RegExp(`^(?:${value})$`);
      } catch (err) {
        return { ok: false, error: `${name}${type}: bad regular expression: ${(err as Error).message}` };
      }
    }
    matchers.push({ name, type: type as MatchType, value });
    rest = rest.slice(whole.length).trim();
  }
  return { ok: true, matchers };
}

/** True when the labels satisfy every matcher (a missing label is the empty string, as in Prometheus). */
export function matchesFilter(labels: Readonly<Record<string, string>>, matchers: readonly LabelFilter[]): boolean {
  return matchers.every((m) => {
    const v = labels[m.name] ?? '';
    switch (m.type) {
      case '=':
        return v === m.value;
      case '!=':
        return v !== m.value;
      case '=~':
        return new RegExp(`^(?:${m.value})$`).test(v);
      case '!~':
        return !new RegExp(`^(?:${m.value})$`).test(v);
    }
  });
}

/** `{a="b",c=~"d"}`: a filter written back (for the URL, and for "show only this alert" links). */
export function formatAlertFilter(matchers: readonly LabelFilter[]): string {
  return `{${matchers.map((m) => `${m.name}${m.type}${JSON.stringify(m.value)}`).join(',')}}`;
}
