import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { parseDuration } from '../config/duration.js';
import { compileMatcher, type LabelMatcher } from '../storage/label-matcher.js';
import { parseSeriesSelector } from '../query/parse-query.js';

/** Prometheus's bounds for open-ended ranges (`minTime`/`maxTime`), clamped to what a JS Date can hold. */
export const MIN_TIME_MS = -8_640_000_000_000_000;
export const MAX_TIME_MS = 8_640_000_000_000_000;
const MIN_TIME_FORMATTED = '-292273086-05-16T16:47:06Z';
const MAX_TIME_FORMATTED = '292277025-08-18T07:12:54.999999999Z';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Request parameters as Go's `r.Form`: POST form fields first, then the URL's, each name to all its values. */
export function formParams(request: FastifyRequest): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (source: unknown): void => {
    if (source === null || typeof source !== 'object') return;
    for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
      const values = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
      out.set(k, [...(out.get(k) ?? []), ...values]);
    }
  };
  add(request.body);
  add(request.query);
  return out;
}

/** Go's `r.FormValue`: the first value, or ''. */
export function formValue(params: Map<string, string[]>, name: string): string {
  return params.get(name)?.[0] ?? '';
}

function invalidParam(name: string, message: string): AppError {
  return new AppError('bad_data', `invalid parameter "${name}": ${message}`);
}

/** Prometheus's `parseTime`: Unix seconds with decimals (rounded to the ms) or RFC 3339; returns Unix ms. */
export function parseTime(text: string): number | undefined {
  const t = text.trim() === text && text !== '' ? Number(text) : NaN;
  if (!Number.isNaN(t) && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
    const secs = Math.trunc(t);
    return secs * 1000 + Math.round((t - secs) * 1000);
  }
  const m = RFC3339.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + Math.floor(Number(`0.${frac ?? '0'}`) * 1000);
    const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
    if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
      return undefined;
    }
    return ms - offset;
  }
  if (text === MIN_TIME_FORMATTED) return MIN_TIME_MS;
  if (text === MAX_TIME_FORMATTED) return MAX_TIME_MS;
  return undefined;
}

/** A time parameter that may be absent (then `fallback`); as Prometheus's `parseTimeParam`. */
export function timeParam(params: Map<string, string[]>, name: string, fallback: number): number {
  const text = formValue(params, name);
  if (text === '') return fallback;
  const ms = parseTime(text);
  if (ms === undefined) throw invalidParam(name, `Invalid time value for '${name}': cannot parse ${JSON.stringify(text)} to a valid timestamp`);
  return ms;
}

/** A required time parameter (query_range's start and end). */
export function requiredTimeParam(params: Map<string, string[]>, name: string): number {
  const text = formValue(params, name);
  const ms = parseTime(text);
  if (ms === undefined) throw invalidParam(name, `cannot parse ${JSON.stringify(text)} to a valid timestamp`);
  return ms;
}

/** Prometheus's API `parseDuration`: float seconds or a duration string; returns ms (truncated). */
export function durationParam(params: Map<string, string[]>, name: string): number {
  const text = formValue(params, name);
  if (text !== '' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
    const secs = Number(text);
    if (!Number.isFinite(secs) || Math.abs(secs) > 9_223_372_036) {
      throw invalidParam(name, `cannot parse ${JSON.stringify(text)} to a valid duration. It overflows int64`);
    }
    return Math.trunc(secs * 1000);
  }
  try {
    return parseDuration(text);
  } catch {
    throw invalidParam(name, `cannot parse ${JSON.stringify(text)} to a valid duration`);
  }
}

/** The `match[]` selectors, as Prometheus parses them: series selectors with at least one non-empty matcher. */
export function matcherSets(params: Map<string, string[]>): LabelMatcher[][] {
  return (params.get('match[]') ?? []).map((text) => {
    let matchers: LabelMatcher[];
    try {
      matchers = parseSeriesSelector(text);
    } catch (err) {
      throw invalidParam('match[]', (err as Error).message);
    }
    if (!matchers.some((m) => !compileMatcher(m)(''))) throw invalidParam('match[]', 'match[] must contain at least one non-empty matcher');
    return matchers;
  });
}
