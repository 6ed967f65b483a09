import { parseDuration } from '../../config/duration.js';
import { parseSeriesSelector } from '../../query/parse-query.js';
import { normalizeLabels, type Labels } from '../../storage/labels.js';
import { STALE_NAN } from '../../storage/stale-marker.js';
import type { ExpectedSample, LoadSeries, TestCommand } from './test-script.js';

/** A staleness marker in a load line (a plain JS array would lose the marker's NaN bits). */
const STALE = Symbol('stale');

/**
 * Parses Prometheus's PromQL `.test` format (promql/testdata of v2.42): `load <interval>` blocks with
 * expanding values (`a+bxN`, `axN`, `_`, `_xN`, `stale`), `clear`, and `eval`/`eval_ordered`/`eval_fail instant at`.
 */
export function parseTestScript(text: string): TestCommand[] {
  const lines = text.split('\n');
  const commands: TestCommand[] = [];
  let i = 0;
  const body = (): { line: number; text: string }[] => {
    const out: { line: number; text: string }[] = [];
    while (i < lines.length && /^\s+\S/.test(lines[i]) && !/^\s*#/.test(lines[i])) {
      out.push({ line: i + 1, text: lines[i].trim() });
      i++;
    }
    return out;
  };
  while (i < lines.length) {
    const raw = lines[i];
    const lineNo = i + 1;
    i++;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line === 'clear') {
      commands.push({ kind: 'clear', line: lineNo });
      continue;
    }
    const load = /^load\s+(\S+)$/.exec(line);
    if (load) {
      const interval = parseDuration(load[1]);
      const series = body().map((l) => parseLoadLine(l.text, interval, l.line));
      commands.push({ kind: 'load', line: lineNo, series });
      continue;
    }
    const ev = /^(eval|eval_ordered|eval_fail)\s+instant\s+at\s+(\S+)\s+(.+)$/.exec(line);
    if (ev) {
      const timeMs = parseDuration(ev[2]);
      const samples: ExpectedSample[] = [];
      let scalar: number | undefined;
      for (const l of body()) {
        const parsed = parseExpectedLine(l.text, l.line);
        if (typeof parsed === 'number') scalar = parsed;
        else samples.push(parsed);
      }
      commands.push({
        kind: 'eval',
        line: lineNo,
        expr: ev[3],
        timeMs,
        ordered: ev[1] === 'eval_ordered',
        fail: ev[1] === 'eval_fail',
        samples,
        scalar,
      });
      continue;
    }
    throw new Error(`line ${lineNo}: cannot parse ${JSON.stringify(line)}`);
  }
  return commands;
}

/** Splits `metric{a="b c"} rest` into the series part and the rest, respecting quotes. */
function splitSeries(text: string): [string, string] {
  let inQuote = '';
  let braces = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === inQuote) inQuote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') inQuote = c;
    else if (c === '{') braces = true;
    else if (c === '}') return [text.slice(0, i + 1), text.slice(i + 1).trim()];
    else if (/\s/.test(c) && !braces) return [text.slice(0, i), text.slice(i).trim()];
  }
  return [text, ''];
}

function seriesLabels(text: string, line: number): Labels {
  const matchers = parseSeriesSelector(text);
  const labels: Record<string, string> = {};
  for (const m of matchers) {
    if (m.type !== '=') throw new Error(`line ${line}: series labels must use =`);
    labels[m.name] = m.value;
  }
  return normalizeLabels(labels);
}

function parseLoadLine(text: string, intervalMs: number, line: number): LoadSeries {
  const [series, rest] = splitSeries(text);
  const timestamps: number[] = [];
  const values: (number | typeof STALE)[] = [];
  let index = 0;
  for (const token of rest.split(/\s+/).filter((t) => t !== '')) {
    for (const v of expandValue(token, line)) {
      if (v !== undefined) {
        timestamps.push(index * intervalMs);
        values.push(v);
      }
      index++;
    }
  }
  const typed = new Float64Array(values.length);
  values.forEach((v, k) => {
    typed[k] = v === STALE ? STALE_NAN : v;
  });
  return { labels: seriesLabels(series, line), timestamps, values: typed };
}

/** One token of a load line: the values it stands for, `undefined` for an omitted sample (`_`). */
export function expandValue(token: string, line = 0): (number | typeof STALE | undefined)[] {
  if (token === '_') return [undefined];
  const blanks = /^_x(\d+)$/.exec(token);
  if (blanks) return new Array<undefined>(Number(blanks[1])).fill(undefined);
  const m = /^(.+?)(?:([+-])(\d*\.?\d+(?:e[+-]?\d+)?|Inf|NaN))?x(\d+)$/i.exec(token);
  if (m && !/^[+-]?inf$/i.test(token)) {
    const start = parseValue(m[1], line);
    const delta = m[2] === undefined ? 0 : (m[2] === '-' ? -1 : 1) * parseValue(m[3], line);
    const n = Number(m[4]);
    const out: number[] = [];
    let v = start;
    for (let k = 0; k <= n; k++) {
      out.push(v);
      v += delta;
    }
    return out;
  }
  return [token === 'stale' ? STALE : parseNumber(token, line)];
}

function parseValue(token: string, line: number): number {
  if (token === 'stale') return STALE_NAN;
  return parseNumber(token, line);
}

function parseNumber(token: string, line: number): number {
  const body = token.replace(/^[+-]/, '');
  const sign = token.startsWith('-') ? -1 : 1;
  if (/^inf$/i.test(body)) return sign * Infinity;
  if (/^nan$/i.test(body)) return NaN;
  const v = /^0x[0-9a-f]+$/i.test(body) ? parseInt(body.slice(2), 16) : Number(body);
  if (body === '' || Number.isNaN(v)) throw new Error(`line ${line}: bad value ${JSON.stringify(token)}`);
  return sign * v;
}

function parseExpectedLine(text: string, line: number): ExpectedSample | number {
  if (!/[{}]/.test(text) && !/\s/.test(text)) return parseValue(text, line);
  const [series, rest] = splitSeries(text);
  return { labels: seriesLabels(series, line), value: parseValue(rest, line) };
}
