import { ExpositionParseError, type MetricType, type ParsedExposition, type ParsedSample } from './exposition.js';

const METRIC_TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const NAME_START = /[a-zA-Z_:]/;
const NAME_CHAR = /[a-zA-Z0-9_:]/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
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
  let pos = 0;
  const n = line.length;
  if (!NAME_START.test(line[0])) fail(`expected a metric name, got "${line[0]}"`);
  while (pos < n && NAME_CHAR.test(line[pos])) pos++;
  const name = line.slice(0, pos);
  const labels: Record<string, string> = {};
  const skipBlanks = (): void => {
    while (pos < n && (line[pos] === ' ' || line[pos] === '\t')) pos++;
  };
  const afterName = pos;
  skipBlanks();
  if (line[pos] !== '{') pos = afterName;
  else {
    pos++;
    for (;;) {
      skipBlanks();
      if (line[pos] === '}') {
        pos++;
        break;
      }
      const start = pos;
      while (pos < n && /[a-zA-Z0-9_]/.test(line[pos])) pos++;
      const labelName = line.slice(start, pos);
      if (!LABEL_NAME.test(labelName)) fail(`invalid label name at column ${start + 1}`);
      skipBlanks();
      if (line[pos] !== '=') fail(`expected "=" after label name "${labelName}"`);
      pos++;
      skipBlanks();
      if (line[pos] !== '"') fail(`expected '"' to start the value of label "${labelName}"`);
      pos++;
      let value = '';
      let closed = false;
      while (pos < n) {
        const c = line[pos];
        if (c === '\\') {
          const e = line[pos + 1];
          if (e === undefined) break;
          value += e === 'n' ? '\n' : e === '\\' || e === '"' ? e : `\\${e}`;
          pos += 2;
        } else if (c === '"') {
          closed = true;
          pos++;
          break;
        } else {
          value += c;
          pos++;
        }
      }
      if (!closed) fail(`unterminated value of label "${labelName}"`);
      if (labelName === '__name__') fail('label name "__name__" is reserved');
      if (Object.hasOwn(labels, labelName)) fail(`duplicate label name "${labelName}"`);
      labels[labelName] = value;
      skipBlanks();
      if (line[pos] === ',') {
        pos++;
        continue;
      }
      if (line[pos] === '}') {
        pos++;
        break;
      }
      fail(`expected "," or "}" after the value of label "${labelName}"`);
    }
  }
  const rest = line.slice(pos);
  if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t') fail(`unexpected character "${rest[0]}" after metric name`);
  const fields = rest.trim().split(/[ \t]+/);
  if (fields.length === 0 || fields[0] === '') fail(`missing value for metric "${name}"`);
  if (fields.length > 2) fail(`unexpected text after the timestamp: "${fields.slice(2).join(' ')}"`);
  const value = parseValue(fields[0]);
  if (value === undefined) fail(`invalid value "${fields[0]}"`);
  let timestamp: number | undefined;
  if (fields.length === 2) {
    if (!INT.test(fields[1])) fail(`invalid timestamp "${fields[1]}" (integer milliseconds expected)`);
    timestamp = Number(fields[1]);
    if (!Number.isSafeInteger(timestamp)) fail(`timestamp out of range: "${fields[1]}"`);
  }
  return { name, labels, value: value as number, timestamp, line: lineNo };
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
