import { isDigit, isLetter, scanLabelName, scanMetricName, unescape } from './exposition-lexing.js';
import { ExpositionParseError, type MetricType, type ParsedExposition, type ParsedSample } from './exposition.js';

const METRIC_TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const QUOTE = 0x22;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT = /^[+-]?\d+$/;

/**
 * Parses the Prometheus text exposition format 0.0.4, as Prometheus's own text parser does:
 * `# HELP` / `# TYPE` lines, other comments ignored, `name{label="value",...} value [timestamp]`, label value
 * escapes `\\`, `\"`, `\n` (any other escaped character is kept as written), values `NaN`, `+Inf`, `-Inf`
 * and Go float syntax, optional integer millisecond timestamps. Histogram and summary series come out as
 * plain samples (`_bucket{le}`, `_sum`, `_count`, quantiles). The first malformed line throws an
 * ExpositionParseError carrying its line number.
 */
export function parsePrometheusText(body: string): ParsedExposition {
  const samples: ParsedSample[] = [];
  const metadata = new Map<string, { type?: MetricType; help?: string }>();
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const fail = (reason: string): never => {
      throw new ExpositionParseError(lineNo, reason);
    };
    const trimmed = line.replace(/^[ \t]+/, '');
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      parseComment(trimmed, metadata, fail);
      continue;
    }
    samples.push(parseSampleLine(trimmed, lineNo, fail));
  }
  return { samples, metadata };
}

function parseComment(line: string, metadata: Map<string, { type?: MetricType; help?: string }>, fail: (r: string) => never): void {
  const m = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line);
  if (!m) return; // an ordinary comment
  const [, keyword, name, rest = ''] = m;
  if (!isMetricName(name)) fail(`invalid metric name in ${keyword} line: "${name}"`);
  const entry = metadata.get(name) ?? {};
  if (keyword === 'TYPE') {
    const type = rest.trim();
    if (!METRIC_TYPES.has(type)) fail(`invalid metric type "${type}" for ${name}`);
    if (entry.type !== undefined) fail(`second TYPE line for metric name "${name}"`);
    entry.type = type as MetricType;
  } else {
    if (entry.help !== undefined) fail(`second HELP line for metric name "${name}"`);
    entry.help = rest.replace(/\\(\\|n)/g, (_s, c: string) => (c === 'n' ? '\n' : '\\'));
  }
  metadata.set(name, entry);
}

function parseSampleLine(line: string, lineNo: number, fail: (r: string) => never): ParsedSample {
  const n = line.length;
  let pos = scanMetricName(line, 0);
  if (pos === 0) fail(`expected a metric name, got "${line[0]}"`);
  const name = line.slice(0, pos);
  const labels: Record<string, string> = {};
  const afterName = pos;
  pos = skipBlanks(line, pos);
  if (line.charCodeAt(pos) !== OPEN_BRACE) pos = afterName;
  else {
    pos++;
    for (;;) {
      pos = skipBlanks(line, pos);
      if (line.charCodeAt(pos) === CLOSE_BRACE) {
        pos++;
        break;
      }
      const start = pos;
      while (pos < n && isLabelChar(line.charCodeAt(pos))) pos++;
      const labelName = line.slice(start, pos);
      if (scanLabelName(labelName, 0) !== labelName.length || labelName === '') fail(`invalid label name at column ${start + 1}`);
      pos = skipBlanks(line, pos);
      if (line.charCodeAt(pos) !== EQUALS) fail(`expected "=" after label name "${labelName}"`);
      pos = skipBlanks(line, pos + 1);
      if (line.charCodeAt(pos) !== QUOTE) fail(`expected '"' to start the value of label "${labelName}"`);
      pos++;
      const valueStart = pos;
      let escaped = false;
      let closed = false;
      while (pos < n) {
        const c = line.charCodeAt(pos);
        if (c === BACKSLASH) {
          if (pos + 1 >= n) break;
          escaped = true;
          pos += 2;
        } else if (c === QUOTE) {
          closed = true;
          break;
        } else {
          pos++;
        }
      }
      if (!closed) fail(`unterminated value of label "${labelName}"`);
      const raw = line.slice(valueStart, pos);
      pos++;
      if (labelName === '__name__') fail('label name "__name__" is reserved');
      if (Object.hasOwn(labels, labelName)) fail(`duplicate label name "${labelName}"`);
      labels[labelName] = escaped ? unescape(raw) : raw;
      pos = skipBlanks(line, pos);
      const c = line.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (c === CLOSE_BRACE) {
        pos++;
        break;
      }
      fail(`expected "," or "}" after the value of label "${labelName}"`);
    }
  }
  if (pos < n && !isBlank(line.charCodeAt(pos))) fail(`unexpected character "${line[pos]}" after metric name`);
  pos = skipBlanks(line, pos);
  if (pos >= n) fail(`missing value for metric "${name}"`);
  let end = nextBlank(line, pos);
  const valueText = line.slice(pos, end);
  pos = skipBlanks(line, end);
  let timestampText: string | undefined;
  if (pos < n) {
    end = nextBlank(line, pos);
    timestampText = line.slice(pos, end);
    pos = skipBlanks(line, end);
    if (pos < n) fail(`unexpected text after the timestamp: "${line.slice(pos).trim()}"`);
  }
  const value = parseValue(valueText);
  if (value === undefined) fail(`invalid value "${valueText}"`);
  let timestamp: number | undefined;
  if (timestampText !== undefined) {
    if (!INT.test(timestampText)) fail(`invalid timestamp "${timestampText}" (integer milliseconds expected)`);
    timestamp = Number(timestampText);
    if (!Number.isSafeInteger(timestamp)) fail(`timestamp out of range: "${timestampText}"`);
  }
  return { name, labels, value: value as number, timestamp, line: lineNo };
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function skipBlanks(line: string, pos: number): number {
  while (pos < line.length && isBlank(line.charCodeAt(pos))) pos++;
  return pos;
}

function nextBlank(line: string, pos: number): number {
  while (pos < line.length && !isBlank(line.charCodeAt(pos))) pos++;
  return pos;
}

function isLabelChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 0x5f;
}

/** Go's strconv.ParseFloat for the forms exporters write: decimal/scientific, [+-]Inf(inity), NaN. */
export function parseValue(text: string): number | undefined {
  if (FLOAT.test(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return undefined;
}

function isMetricName(s: string): boolean {
  return /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(s);
}
