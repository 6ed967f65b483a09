import { isIP } from 'node:net';
import { parseDuration } from '../../config/duration.js';
import { re2ToJavaScript } from '../../query/re2-regex.js';
import type { TemplateFunction } from './template-executor.js';
import { formatFloat, sprintf } from './go-fmt.js';
import { queryEscape } from './go-builtin-functions.js';
import { GoMap, GoStruct, goTypeName, type TemplateValue } from './template-value.js';

/** One sample of a `query` result in a template: `.Labels` and `.Value`, as Prometheus's template.sample. */
export interface TemplateQuerySample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Runs an instant query for `{{ query "..." }}` at the evaluation time. */
export type TemplateQueryFunc = (query: string) => Promise<readonly TemplateQuerySample[]>;

export interface PrometheusTemplateContext {
  readonly query?: TemplateQueryFunc;
  /** Prometheus's --web.external-url: `externalURL` and `pathPrefix`. */
  readonly externalURL: string;
}

/** Prometheus's convertToFloat: float64, ints and numeric strings. */
function toFloat(v: TemplateValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const t = v.trim() === v ? v : '';
    const f = /^[+-]?(inf|infinity)$/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : /^[+-]?nan$/i.test(t) ? NaN : Number(t);
    if (t === '' || (Number.isNaN(f) && !/nan$/i.test(t)) || /^[+-]?0[xob]/i.test(t)) {
      throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`);
    }
    return f;
  }
  throw new Error(`can't convert ${goTypeName(v)} to float`);
}

function g4(v: number): string {
  return sprintf('%.4g', [v]);
}

export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  let x = v;
  if (Math.abs(x) >= 1) {
    let prefix = '';
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(x) < 1000) break;
      prefix = p;
      x /= 1000;
    }
    return g4(x) + prefix;
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(x) >= 1) break;
    prefix = p;
    x *= 1000;
  }
  return g4(x) + prefix;
}

export function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  let x = v;
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(x) < 1024) break;
    prefix = p;
    x /= 1024;
  }
  return g4(x) + prefix;
}

export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return `${g4(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const a = Math.abs(v);
    // Go's int64(v): values beyond int64 become math.MinInt64 on amd64 (what Prometheus prints for them)
    const total = a < 9.223372036854776e18 ? BigInt(Math.trunc(a)) : -9223372036854775808n;
    const seconds = total % 60n;
    const minutes = (total / 60n) % 60n;
    const hours = (total / 3600n) % 24n;
    const days = total / 86400n;
    if (days !== 0n) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0n) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0n) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${g4(a)}s`;
  }
  let x = v;
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(x) >= 1) break;
    prefix = p;
    x *= 1000;
  }
  return `${g4(x)}${prefix}s`;
}

/**
 * Prometheus's floatToTime then Go's time.Time.String() in UTC (`2006-01-02 15:04:05.999 +0000 UTC`): seconds to
 * int64 nanoseconds (an error beyond int64), truncated to milliseconds (model.TimeFromUnixNano).
 */
export function goTimeString(unixSeconds: number): string {
  const ns = unixSeconds * 1e9;
  if (ns > 9.223372036854776e18 || ns < -9.223372036854776e18) {
    throw new Error(`${formatFloat(unixSeconds, 'g', -1)} cannot be represented as a nanoseconds timestamp since it overflows int64`);
  }
  const ms = BigInt(Math.trunc(ns)) / 1_000_000n;
  let secs = ms / 1000n;
  let frac = (ms % 1000n) * 1_000_000n;
  if (frac < 0n) {
    frac += 1_000_000_000n;
    secs -= 1n;
  }
  const iso = new Date(Number(secs) * 1000).toISOString();
  const fracText = frac === 0n ? '' : '.' + frac.toString().padStart(9, '0').replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fracText} +0000 UTC`;
}

function goRegExp(pattern: string, flags: string): RegExp {
  try {
    return new RegExp(re2ToJavaScript(pattern), flags);
  } catch (err) {
    throw new Error(`error parsing regexp: ${(err as Error).message}`);
  }
}

/** Go's regexp replacement syntax ($1, ${1}, $name, ${name}, $$) into a JavaScript replacer. */
function goReplace(re: RegExp, repl: string, text: string): string {
  return text.replace(re, (...m: unknown[]) => {
    const hasGroups = typeof m[m.length - 1] === 'object';
    const groups = (hasGroups ? m[m.length - 1] : undefined) as Record<string, string | undefined> | undefined;
    const numbered = m.slice(0, hasGroups ? -3 : -2) as Array<string | undefined>;
    return repl.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_all, whole: string, braced?: string, bare?: string) => {
      if (whole === '$') return '$';
      const name = braced ?? bare ?? '';
      if (/^\d+$/.test(name)) return numbered[Number(name)] ?? '';
      return groups?.[name] ?? '';
    });
  });
}

function title(s: string): string {
  let prevLetter = false;
  let out = '';
  for (const c of s) {
    const letter = /[\p{L}\p{N}_]/u.test(c) || c === "'";
    out += !prevLetter && letter ? c.toUpperCase() : c;
    prevLetter = letter;
  }
  return out;
}

function splitHostPort(hostPort: string): { host: string; port: string } | undefined {
  const m = /^\[([^\]]*)\]:([^:]*)$/.exec(hostPort) ?? /^([^:[\]]*):([^:]*)$/.exec(hostPort);
  return m ? { host: m[1], port: m[2] } : undefined;
}

function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function asSample(v: TemplateValue, fn: string): GoStruct {
  if (!(v instanceof GoStruct) || v.typeName !== '*template.sample') throw new Error(`${fn}: wrong type for value; expected *template.sample; got ${goTypeName(v)}`);
  return v;
}

function asString(v: TemplateValue, fn: string): string {
  if (typeof v !== 'string') throw new Error(`${fn}: wrong type for value; expected string; got ${goTypeName(v)}`);
  return v;
}

function sampleLabels(s: GoStruct): GoMap {
  return s.fields.Labels as GoMap;
}

/** The functions Prometheus 2.42 adds to alert and console templates (template.NewTemplateExpander). */
export function prometheusTemplateFunctions(ctx: PrometheusTemplateContext): ReadonlyMap<string, TemplateFunction> {
  const url = (() => {
    try {
      return new URL(ctx.externalURL);
    } catch {
      return undefined;
    }
  })();
  return new Map<string, TemplateFunction>([
    [
      'query',
      async (q) => {
        if (!ctx.query) throw new Error('query is not available here');
        const result = await ctx.query(asString(q, 'query'));
        return result.map((s) => new GoStruct('*template.sample', { Labels: GoMap.ofStrings(s.labels), Value: s.value }));
      },
    ],
    [
      'first',
      (v) => {
        if (!Array.isArray(v)) throw new Error(`wrong type for value; expected template.queryResult; got ${goTypeName(v as TemplateValue)}`);
        if (v.length === 0) throw new Error('first() called on vector with no elements');
        return v[0];
      },
    ],
    ['label', (name, s) => sampleLabels(asSample(s, 'label')).entries.get(asString(name, 'label')) ?? ''],
    ['value', (s) => asSample(s, 'value').fields.Value],
    ['strvalue', (s) => sampleLabels(asSample(s, 'strvalue')).entries.get('__value__') ?? ''],
    ['args', (...args) => new GoMap(new Map(args.map((a, i) => [`arg${i}`, a])), 'map[string]interface {}', null)],
    ['reReplaceAll', (pattern, repl, text) => goReplace(goRegExp(asString(pattern, 'reReplaceAll'), 'gsu'), asString(repl, 'reReplaceAll'), asString(text, 'reReplaceAll'))],
    ['safeHtml', (text) => asString(text, 'safeHtml')],
    ['match', (pattern, text) => goRegExp(asString(pattern, 'match'), 'su').test(asString(text, 'match'))],
    ['title', (s) => title(asString(s, 'title'))],
    ['toUpper', (s) => asString(s, 'toUpper').toUpperCase()],
    ['toLower', (s) => asString(s, 'toLower').toLowerCase()],
    ['graphLink', (e) => `/graph?g0.expr=${queryEscape(asString(e, 'graphLink'))}&g0.tab=0`],
    ['tableLink', (e) => `/graph?g0.expr=${queryEscape(asString(e, 'tableLink'))}&g0.tab=1`],
    [
      'sortByLabel',
      (label, v) => {
        if (!Array.isArray(v)) throw new Error(`wrong type for value; expected template.queryResult; got ${goTypeName(v as TemplateValue)}`);
        const name = asString(label, 'sortByLabel');
        const key = (s: TemplateValue): string => (s instanceof GoStruct ? (sampleLabels(s).entries.get(name) as string | undefined) ?? '' : '');
        return [...v].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      },
    ],
    ['humanize', (v) => humanize(toFloat(v))],
    ['humanize1024', (v) => humanize1024(toFloat(v))],
    ['humanizeDuration', (v) => humanizeDuration(toFloat(v))],
    ['humanizePercentage', (v) => sprintf('%.4g%%', [toFloat(v) * 100])],
    [
      'humanizeTimestamp',
      (v) => {
        const f = toFloat(v);
        return Number.isFinite(f) ? goTimeString(f) : g4(f);
      },
    ],
    [
      'toTime',
      (v) => {
        const f = toFloat(v);
        if (!Number.isFinite(f)) throw new Error('value is NaN or Inf');
        return goTimeString(f);
      },
    ],
    ['pathPrefix', () => url?.pathname.replace(/\/$/, '') ?? ''],
    ['externalURL', () => ctx.externalURL],
    [
      'parseDuration',
      (d) => {
        const ms = parseDuration(asString(d, 'parseDuration'));
        return ms / 1000;
      },
    ],
    [
      'stripPort',
      (hp) => {
        const s = asString(hp, 'stripPort');
        return splitHostPort(s)?.host ?? s;
      },
    ],
    [
      'stripDomain',
      (hp) => {
        const s = asString(hp, 'stripDomain');
        const split = splitHostPort(s);
        const host = split?.host ?? s;
        if (isIP(host) !== 0) return s;
        const short = host.split('.')[0];
        return split && split.port !== '' ? joinHostPort(short, split.port) : short;
      },
    ],
  ]);
}

/** The names Prometheus 2.42 defines, for parse-time checks without a query engine. */
export const PROMETHEUS_FUNCTION_NAMES: readonly string[] = [...prometheusTemplateFunctions({ externalURL: '' }).keys()];

/** Exported for tests: Go's %g shortest form of a float, as `{{ $value }}` prints it. */
export function formatTemplateFloat(v: number): string {
  return formatFloat(v, 'g', -1);
}
