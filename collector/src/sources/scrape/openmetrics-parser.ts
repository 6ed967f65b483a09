import { ExpositionParseError, type MetricMetadata, type MetricType, type ParsedExposition, type ParsedSample } from './exposition.js';
import { scanLabelName, scanMetricName, unescape } from './exposition-lexing.js';
import { parseValue } from './text-format-parser.js';

const OM_TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown']);

const SPACE = 0x20;
const QUOTE = 0x22;
const HASH = 0x23;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Parses the OpenMetrics text format 1.0.0 (`application/openmetrics-text; version=1.0.0`) the way
 * Prometheus 2.42's OpenMetrics parser reads it:
 *
 * - Every line ends with `\n`; the body must end with `# EOF` (a final newline after it is allowed, anything
 *   else is an error); blank lines and comments other than `# HELP`, `# TYPE`, `# UNIT` are errors.
 * - `# TYPE` takes the OpenMetrics types (counter, gauge, histogram, gaugehistogram, summary, info, stateset,
 *   unknown); `# UNIT` must be a `_unit` suffix of the family name; HELP and label values unescape `\\`,
 *   `\"` and `\n` (any other escape is kept as written).
 * - Single spaces between the series, the value, the optional timestamp and the optional exemplar; labels
 *   follow the name without a space, a trailing comma is allowed.
 * - Timestamps are seconds (floats) and come out as Unix ms truncated, like Prometheus's `int64(ts*1000)`.
 * - Values are Go floats (`NaN`, `+Inf`, `-Inf`, exponents). A NaN from a target is an ordinary NaN, never a
 *   staleness marker.
 * - Exemplars (`# {trace_id="..."} 1.0 [ts]`) are checked for syntax and ignored.
 * - Counters' `_total` and `_created`, histograms' `_bucket`/`_sum`/`_count`/`_created`, gaugehistograms'
 *   `_gcount`/`_gsum`, summaries' quantiles, `_info` and stateset series all come out as plain samples under
 *   their exposed names: Prometheus 2.42 stores `_created` as an ordinary series too.
 *
 * The first malformed line throws an ExpositionParseError carrying its 1-based line number.
 */
export function parseOpenMetricsText(body: string): ParsedExposition {
  const samples: ParsedSample[] = [];
  const metadata = new Map<string, MetricMetadata>();
  let pos = 0;
  let lineNo = 0;
  while (pos < body.length) {
    lineNo++;
    let end = body.indexOf('\n', pos);
    const terminated = end !== -1;
    if (!terminated) end = body.length;
    const line = body.slice(pos, end);
    pos = end + 1;
    if (line === '# EOF') {
      if (pos < body.length) throw new ExpositionParseError(lineNo + 1, 'unexpected data after # EOF');
      return { samples, metadata };
    }
    if (!terminated) throw new ExpositionParseError(lineNo, 'data does not end with # EOF');
    if (line.charCodeAt(0) === HASH) parseMetadataLine(line, lineNo, metadata);
    else samples.push(parseSampleLine(line, lineNo));
  }
  throw new ExpositionParseError(Math.max(lineNo, 1), 'data does not end with # EOF');
}

function parseMetadataLine(line: string, lineNo: number, metadata: Map<string, MetricMetadata>): void {
  const fail = (reason: string): never => {
    throw new ExpositionParseError(lineNo, reason);
  };
  const keyword = line.slice(0, 7);
  if (keyword !== '# HELP ' && keyword !== '# TYPE ' && keyword !== '# UNIT ') {
    fail(`invalid line "${truncate(line)}": OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF comments`);
  }
  const nameEnd = scanMetricName(line, 7);
  if (nameEnd === 7) fail(`expected a metric name after ${keyword.trim()}`);
  const name = line.slice(7, nameEnd);
  if (line.charCodeAt(nameEnd) !== SPACE) fail(`expected a space and text after ${keyword.trim()} ${name}`);
  const text = line.slice(nameEnd + 1);
  const entry = metadata.get(name) ?? {};
  if (keyword === '# TYPE ') {
    if (!OM_TYPES.has(text)) fail(`invalid metric type "${text}" for ${name}`);
    entry.type = text as MetricType;
  } else if (keyword === '# HELP ') {
    entry.help = text.includes('\\') ? unescape(text) : text;
  } else {
    if (text !== '' && !(name.endsWith(`_${text}`) && name.length > text.length + 1)) fail(`unit "${text}" not a suffix of metric "${name}"`);
    entry.unit = text;
  }
  metadata.set(name, entry);
}

function parseSampleLine(line: string, lineNo: number): ParsedSample {
  const fail = (reason: string): never => {
    throw new ExpositionParseError(lineNo, reason);
  };
  if (line === '') fail('blank lines are not allowed in OpenMetrics');
  const nameEnd = scanMetricName(line, 0);
  if (nameEnd === 0) fail(`expected a metric name, got "${line[0]}"`);
  const name = line.slice(0, nameEnd);
  let pos = nameEnd;
  let labels: Record<string, string> = {};
  if (line.charCodeAt(pos) === OPEN_BRACE) {
    const parsed = parseLabels(line, pos + 1, fail);
    labels = parsed.labels;
    pos = parsed.end;
  }
  if (line.charCodeAt(pos) !== SPACE) fail(pos >= line.length ? `missing value for metric "${name}"` : `unexpected character "${line[pos]}" after the series`);
  pos++;
  let tokenEnd = nextSpace(line, pos);
  const value = parseValue(line.slice(pos, tokenEnd));
  if (value === undefined) fail(`invalid value "${line.slice(pos, tokenEnd)}"`);
  pos = tokenEnd;
  let timestamp: number | undefined;
  if (pos < line.length && !line.startsWith(' # {', pos)) {
    pos++;
    tokenEnd = nextSpace(line, pos);
    timestamp = parseTimestamp(line.slice(pos, tokenEnd), fail);
    pos = tokenEnd;
  }
  if (pos < line.length) {
    if (!line.startsWith(' # {', pos)) fail(`unexpected text after the ${timestamp === undefined ? 'value' : 'timestamp'}: "${truncate(line.slice(pos).trim())}"`);
    checkExemplar(line, pos + 4, fail);
  }
  return { name, labels, value: value as number, timestamp, line: lineNo };
}

/** An exemplar after ` # {`: labels, a value, an optional timestamp; checked and dropped. */
function checkExemplar(line: string, start: number, fail: (reason: string) => never): void {
  const { end } = parseLabels(line, start, fail);
  if (line.charCodeAt(end) !== SPACE) fail('expected a value after the exemplar labels');
  let pos = end + 1;
  let tokenEnd = nextSpace(line, pos);
  if (parseValue(line.slice(pos, tokenEnd)) === undefined) fail(`invalid exemplar value "${line.slice(pos, tokenEnd)}"`);
  pos = tokenEnd;
  if (pos < line.length) {
    pos++;
    tokenEnd = nextSpace(line, pos);
    parseTimestamp(line.slice(pos, tokenEnd), fail);
    if (tokenEnd < line.length) fail('unexpected text after the exemplar timestamp');
  }
}

function parseTimestamp(text: string, fail: (reason: string) => never): number {
  const seconds = parseValue(text);
  if (seconds === undefined || !Number.isFinite(seconds)) fail(`invalid timestamp "${text}" (seconds expected)`);
  return Math.trunc((seconds as number) * 1000);
}

/** Labels from just after `{` to just after `}`: `name="value"` pairs, commas, an optional trailing comma. */
function parseLabels(line: string, start: number, fail: (reason: string) => never): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let pos = start;
  for (;;) {
    if (line.charCodeAt(pos) === CLOSE_BRACE) return { labels, end: pos + 1 };
    const nameStart = pos;
    pos = scanLabelName(line, pos);
    if (pos === nameStart) fail(pos >= line.length ? 'unterminated label set' : `expected a label name at column ${pos + 1}, got "${line[pos]}"`);
    const labelName = line.slice(nameStart, pos);
    if (line.charCodeAt(pos) !== EQUALS) fail(`expected "=" after label name "${labelName}"`);
    if (line.charCodeAt(pos + 1) !== QUOTE) fail(`expected '"' to start the value of label "${labelName}"`);
    pos += 2;
    const valueStart = pos;
    let escaped = false;
    while (pos < line.length) {
      const c = line.charCodeAt(pos);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        pos++;
      }
      pos++;
    }
    if (pos >= line.length) fail(`unterminated value of label "${labelName}"`);
    const raw = line.slice(valueStart, pos);
    pos++;
    if (labelName === '__name__') fail('label name "__name__" is reserved');
    if (Object.hasOwn(labels, labelName)) fail(`duplicate label name "${labelName}"`);
    labels[labelName] = escaped ? unescape(raw) : raw;
    const c = line.charCodeAt(pos);
    if (c === COMMA) pos++;
    else if (c !== CLOSE_BRACE) fail(`expected "," or "}" after the value of label "${labelName}"`);
  }
}

function nextSpace(line: string, from: number): number {
  const i = line.indexOf(' ', from);
  return i === -1 ? line.length : i;
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
