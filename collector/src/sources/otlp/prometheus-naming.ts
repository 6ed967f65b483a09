/**
 * OTLP metric and attribute names to Prometheus names, as the OpenTelemetry-to-Prometheus compatibility
 * specification and its reference implementation (prometheus/otlptranslator, strategy
 * UnderscoreEscapingWithSuffixes: what Prometheus's OTLP receiver and the collector's prometheus exporters
 * do by default) spell them:
 *
 * - the name is split on every character outside `[a-zA-Z0-9:]` and joined with `_` (so `.`, `-` and runs of
 *   `_` become one `_`);
 * - the unit becomes a suffix unless the name already has that word: `s` → `seconds`, `ms` → `milliseconds`,
 *   `By` → `bytes`, `By/s` → `bytes_per_second`, … ; units in braces (`{request}`) and `1` add nothing;
 * - monotonic counters end in `_total`; gauges with unit `1` end in `_ratio`;
 * - a name starting with a digit gets a leading `_`.
 *
 * Values are not converted: `http.server.duration` in `ms` is `http_server_duration_milliseconds`, as in
 * Prometheus.
 */

/** The kinds the name rules tell apart. */
export type PrometheusMetricKind = 'counter' | 'gauge' | 'non-monotonic-counter' | 'histogram' | 'summary';

const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
};

const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const INVALID_METRIC_CHARS = /[^a-zA-Z0-9:]+/;
const INVALID_LABEL_CHARS = /[^a-zA-Z0-9]+/g;

/** The Prometheus metric name of an OTLP metric (before `_bucket`/`_sum`/`_count` for histograms and summaries). */
export function prometheusMetricName(name: string, unit: string, kind: PrometheusMetricKind): string {
  let tokens = name.split(INVALID_METRIC_CHARS).filter((t) => t !== '');
  const { main, per } = unitSuffixes(unit);
  tokens = addUnitTokens(tokens, cleanUnit(main), cleanUnit(per));
  if (kind === 'counter') tokens = [...tokens.filter((t) => t !== 'total'), 'total'];
  if (unit === '1' && kind === 'gauge') tokens = [...tokens.filter((t) => t !== 'ratio'), 'ratio'];
  let out = tokens.join('_');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/**
 * A Prometheus label name for an OTLP attribute key: invalid characters (anything outside `[a-zA-Z0-9]`,
 * runs collapsed) become `_`, a leading digit gets `key_`, `__x__` keeps its underscores. Undefined when
 * nothing valid is left (e.g. `...`).
 */
export function prometheusLabelName(key: string): string | undefined {
  if (key === '') return undefined;
  const reserved = key.length >= 4 && key.startsWith('__') && key.endsWith('__');
  const inner = reserved ? key.slice(2, -2) : key;
  let out = inner.replace(INVALID_LABEL_CHARS, '_');
  if (reserved) out = `__${out}__`;
  if (/^[0-9]/.test(out)) out = `key_${out}`;
  if (/^_*$/.test(out)) return undefined;
  return out;
}

function unitSuffixes(unit: string): { main: string; per: string } {
  const slash = unit.indexOf('/');
  const mainUnit = (slash < 0 ? unit : unit.slice(0, slash)).trim();
  const perUnit = slash < 0 ? '' : unit.slice(slash + 1).trim();
  const main = mainUnit !== '' && !/[{}]/.test(mainUnit) ? (UNIT_WORDS[mainUnit] ?? mainUnit) : '';
  let per = perUnit !== '' && !/[{}]/.test(perUnit) ? (PER_UNIT_WORDS[perUnit] ?? perUnit) : '';
  if (per !== '') per = `per_${per}`;
  return { main, per };
}

/** Invalid characters to `_`, runs of `_` collapsed, no leading `_`. */
function cleanUnit(unit: string): string {
  return unit.replace(/[^a-zA-Z0-9:]/g, '_').replace(/_+/g, '_').replace(/^_/, '');
}

function addUnitTokens(tokens: string[], mainSuffix: string, perSuffix: string): string[] {
  let main = tokens.includes(mainSuffix) ? '' : mainSuffix;
  let per = perSuffix;
  if (per === 'per_') per = '';
  else {
    per = per.replace(/_$/, '');
    if (tokens.includes(per)) per = '';
  }
  if (per !== '') main = main.replace(/_$/, '');
  const out = [...tokens];
  if (main !== '') out.push(main);
  if (per !== '') out.push(per);
  return out;
}
