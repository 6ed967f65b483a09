import type { Labels } from '../../storage/labels.js';
import type { Sample } from '../../storage/metric-store.js';
import { sanitizeLabelName } from '../prometheus-names.js';
import { parseFieldValue } from './field-value.js';
import type { Precision } from './precision.js';
import { SeriesLabelCache, type SeriesEntry } from './series-label-cache.js';

/** One rejected line: 1-based line number (of the line the point starts on) and why. */
export interface LineProtocolError {
  readonly line: number;
  readonly reason: string;
}

export interface LineProtocolResult {
  /** Samples of every valid line, in body order. */
  readonly samples: Sample[];
  /** Every invalid line; their samples are not in `samples` (a point is written whole or not at all). */
  readonly errors: LineProtocolError[];
  /** String fields of valid lines: not numbers, so skipped, but counted. */
  readonly skippedStringFields: number;
  /** Points (lines) accepted. */
  readonly points: number;
}

export interface LineProtocolOptions {
  readonly precision: Precision;
  /** Timestamp (Unix ms) for lines without one: the server's receive time. */
  readonly defaultTimestampMs: number;
  /** Shared across requests so repeated series cost no tag parsing. */
  readonly cache: SeriesLabelCache;
}

/** `line 3: invalid field value "abc" for field "x"` */
export function formatLineError(error: LineProtocolError): string {
  return `line ${error.line}: ${error.reason}`;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COMMA = 44;
const EQUALS = 61;
const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/** Digits dropped from the end of a timestamp to get ms (sub-ms precision is truncated toward zero). */
const DROP_DIGITS: Record<Precision, number> = { ns: 6, us: 3, ms: 0, s: 0, m: 0, h: 0 };
const MULTIPLIER: Record<Precision, number> = { ns: 1, us: 1, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

class LineError extends Error {}

// Per-line scratch, reused across lines (the parser is synchronous and not re-entrant).
let fieldLabels: Labels[] = [];
let fieldValues: number[] = [];

/**
 * Parses an InfluxDB line-protocol body (https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/)
 * in one pass over its char codes. Tags become labels; field `value` becomes the metric named after the
 * measurement, any other numeric field `measurement_field`; string fields are skipped and counted.
 */
export function parseLineProtocol(body: string, options: LineProtocolOptions): LineProtocolResult {
  const { cache, defaultTimestampMs } = options;
  const drop = DROP_DIGITS[options.precision];
  const multiplier = MULTIPLIER[options.precision];
  const samples: Sample[] = [];
  const errors: LineProtocolError[] = [];
  let skippedStringFields = 0;
  let points = 0;
  const n = body.length;
  let i = 0;
  let line = 1;
  let nextSpace = -1;
  let nextLf = -1;
  let nextBackslash = -1;

  while (i < n) {
    let c = body.charCodeAt(i);
    if (c === LF) {
      line++;
      i++;
      continue;
    }
    if (c === SPACE || c === TAB || c === CR) {
      i++;
      continue;
    }
    if (c === HASH) {
      const next = body.indexOf('\n', i);
      i = next === -1 ? n : next;
      continue;
    }

    const lineNo = line;
    const start = i;
    try {
      // Series key: up to the first unescaped space. Fast path: native indexOf finds the space when no
      // backslash or newline comes first (the next of each is cached, so the whole body is searched once).
      if (nextSpace < i) nextSpace = indexOrEnd(body, ' ', i);
      if (nextLf < i) nextLf = indexOrEnd(body, '\n', i);
      if (nextBackslash < i) nextBackslash = indexOrEnd(body, '\\', i);
      if (nextSpace < nextLf && nextSpace < nextBackslash) {
        i = nextSpace;
        c = SPACE;
      } else {
        while (i < n) {
          c = body.charCodeAt(i);
          if (c === SPACE || c === LF) break;
          if (c === BACKSLASH && i + 1 < n && body.charCodeAt(i + 1) !== LF) i += 2;
          else i++;
        }
      }
      if (i >= n || c !== SPACE) throw new LineError(start === i ? 'missing measurement' : 'missing fields');
      const rawKey = body.slice(start, i);
      let entry = cache.get(rawKey);
      if (entry === undefined) entry = parseSeriesKey(rawKey, cache);
      while (i < n && body.charCodeAt(i) === SPACE) i++;

      // Fields.
      let count = 0;
      let strings = 0;
      for (;;) {
        const keyStart = i;
        let keyEscaped = false;
        while (i < n) {
          c = body.charCodeAt(i);
          if (c === EQUALS) break;
          if (c === SPACE || c === COMMA || c === LF || c === CR) break;
          if (c === BACKSLASH && i + 1 < n && body.charCodeAt(i + 1) !== LF) {
            keyEscaped = true;
            i += 2;
          } else i++;
        }
        if (i === keyStart) throw new LineError(c !== EQUALS && count === 0 && strings === 0 ? 'missing fields' : 'missing field key');
        if (i >= n || c !== EQUALS) {
          throw new LineError(`missing field value for field "${fieldKeyText(body, keyStart, i, keyEscaped)}"`);
        }
        const keyEnd = i;
        i++;
        if (i < n && body.charCodeAt(i) === QUOTE) {
          i++;
          let closed = false;
          while (i < n) {
            c = body.charCodeAt(i);
            if (c === BACKSLASH) {
              if (i + 1 < n && body.charCodeAt(i + 1) === LF) line++;
              i += 2;
              continue;
            }
            if (c === QUOTE) {
              closed = true;
              i++;
              break;
            }
            if (c === LF) line++;
            i++;
          }
          if (!closed) {
            throw new LineError(`unterminated string value for field "${fieldKeyText(body, keyStart, keyEnd, keyEscaped)}"`);
          }
          strings++;
        } else {
          const valueStart = i;
          while (i < n) {
            c = body.charCodeAt(i);
            if (c === COMMA || c === SPACE || c === LF || c === CR) break;
            i++;
          }
          const value = parseFieldValue(body, valueStart, i);
          if (value !== value) {
            const key = fieldKeyText(body, keyStart, keyEnd, keyEscaped);
            throw new LineError(
              valueStart === i ? `missing field value for field "${key}"` : `invalid field value ${JSON.stringify(body.slice(valueStart, i))} for field "${key}"`,
            );
          }
          fieldLabels[count] = labelsFor(entry, body, keyStart, keyEnd, keyEscaped);
          fieldValues[count] = value;
          count++;
        }
        if (i < n && body.charCodeAt(i) === COMMA) {
          i++;
          continue;
        }
        break;
      }

      // Optional timestamp, then end of line.
      let timestamp = defaultTimestampMs;
      while (i < n && ((c = body.charCodeAt(i)) === SPACE || c === TAB)) i++;
      if (i < n && (((c = body.charCodeAt(i)) >= ZERO && c <= NINE) || c === MINUS)) {
        const tsStart = i;
        while (i < n && (c = body.charCodeAt(i)) !== SPACE && c !== LF && c !== CR && c !== TAB) i++;
        timestamp = parseTimestamp(body, tsStart, i, drop, multiplier);
        while (i < n && ((c = body.charCodeAt(i)) === SPACE || c === TAB)) i++;
      }
      while (i < n && body.charCodeAt(i) === CR) i++;
      if (i < n && body.charCodeAt(i) !== LF) {
        const end = body.indexOf('\n', i);
        throw new LineError(`unexpected text after fields: ${JSON.stringify(body.slice(i, end === -1 ? n : end).trim())}`);
      }

      for (let k = 0; k < count; k++) samples.push({ labels: fieldLabels[k], timestamp, value: fieldValues[k] });
      skippedStringFields += strings;
      points++;
    } catch (err) {
      if (!(err instanceof LineError)) throw err;
      errors.push({ line: lineNo, reason: err.message });
      const next = body.indexOf('\n', i);
      i = next === -1 ? n : next;
    }
  }
  if (fieldLabels.length > 1024) {
    fieldLabels = [];
    fieldValues = [];
  }
  return { samples, errors, skippedStringFields, points };
}

function indexOrEnd(body: string, search: string, from: number): number {
  const at = body.indexOf(search, from);
  return at === -1 ? body.length : at;
}

function labelsFor(entry: SeriesEntry, body: string, start: number, end: number, escaped: boolean): Labels {
  if (
    !escaped &&
    end - start === 5 &&
    entry.valueLabels !== undefined &&
    body.charCodeAt(start) === 118 && // v
    body.charCodeAt(start + 1) === 97 && // a
    body.charCodeAt(start + 2) === 108 && // l
    body.charCodeAt(start + 3) === 117 && // u
    body.charCodeAt(start + 4) === 101 // e
  ) {
    return entry.valueLabels;
  }
  return entry.labelsFor(fieldKeyText(body, start, end, escaped));
}

function fieldKeyText(body: string, start: number, end: number, escaped: boolean): string {
  const raw = body.slice(start, end);
  return escaped ? unescape(raw, true) : raw;
}

/** Removes the backslash before `,`, space and (when `equals`) `=`; a backslash before anything else is literal. */
function unescape(raw: string, equals: boolean): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < raw.length) {
      const next = raw.charCodeAt(i + 1);
      if (next === COMMA || next === SPACE || (equals && next === EQUALS)) {
        out += raw[i + 1];
        i++;
        continue;
      }
      out += '\\' + raw[i + 1];
      i++;
      continue;
    }
    out += raw[i];
  }
  return out;
}

/** Slow path, once per new raw series key: `measurement[,tag=value...]` with escapes. */
function parseSeriesKey(rawKey: string, cache: SeriesLabelCache): SeriesEntry {
  const n = rawKey.length;
  let i = scanUntil(rawKey, 0, COMMA, -1);
  const measurement = unescape(rawKey.slice(0, i), false);
  if (measurement === '') throw new LineError('missing measurement');
  const tags: Record<string, string> = {};
  while (i < n) {
    i++; // the comma
    const keyStart = i;
    i = scanUntil(rawKey, i, EQUALS, COMMA);
    if (i >= n || rawKey.charCodeAt(i) !== EQUALS) {
      throw new LineError(`missing tag value for tag "${unescape(rawKey.slice(keyStart, i), true)}"`);
    }
    const key = unescape(rawKey.slice(keyStart, i), true);
    if (key === '') throw new LineError('missing tag key');
    i++;
    const valueStart = i;
    i = scanUntil(rawKey, i, COMMA, -1);
    const value = unescape(rawKey.slice(valueStart, i), true);
    if (value !== '') tags[sanitizeLabelName(key)] = value;
  }
  // A slice of the body would keep the whole body alive as long as the cache holds the key: copy it.
  return cache.set(Buffer.from(rawKey, 'utf8').toString('utf8'), measurement, tags);
}

/** Index of the first unescaped `stop` (or `alsoStop`) at or after `i`, or the string's length. */
function scanUntil(s: string, i: number, stop: number, alsoStop: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === stop || c === alsoStop) return i;
    i += c === BACKSLASH ? 2 : 1;
  }
  return n;
}

function parseTimestamp(s: string, start: number, end: number, drop: number, multiplier: number): number {
  let i = start;
  const negative = s.charCodeAt(i) === MINUS;
  if (negative) i++;
  const digits = end - i;
  if (digits === 0 || digits > 19) throw new LineError(`invalid timestamp ${JSON.stringify(s.slice(start, end))}`);
  const keep = digits - drop;
  let value = 0;
  for (let j = i; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c < ZERO || c > NINE) throw new LineError(`invalid timestamp ${JSON.stringify(s.slice(start, end))}`);
    if (j - i < keep) value = value * 10 + (c - ZERO);
  }
  value *= multiplier;
  return negative && value !== 0 ? -value : value;
}
