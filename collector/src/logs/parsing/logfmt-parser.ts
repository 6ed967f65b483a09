import type { ParsedLine } from './parsed-line.js';
import { parsedFromFields } from './structured-fields.js';

/** Keys one of which a line must have for `auto` to take it as logfmt (so `user=bob logged in` stays plain). */
const LOGFMT_MARKER_KEYS = new Set(['level', 'lvl', 'msg', 'message', 'ts', 'time', 'timestamp', 'severity']);

/**
 * Splits a logfmt line (`level=info msg="order placed" ts=2024-... duration=12ms`) into its pairs: values
 * bare or double-quoted with `\"`, `\\`, `\n`, `\t` escapes; a bare key counts as `key=true` (as in the Go
 * logfmt package). Undefined when the line is not logfmt (a quote left open, a pair without key, no pair).
 */
export function splitLogfmt(line: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  let pairs = 0;
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && line[i] !== '=' && line[i] !== ' ' && line[i] !== '\t' && line[i] !== '"') i++;
    if (i === keyStart) return undefined; // `="x"` or a stray quote
    const key = line.slice(keyStart, i);
    if (i >= n || line[i] !== '=') {
      if (i < n && line[i] === '"') return undefined;
      out.set(key, 'true');
      continue;
    }
    i++; // '='
    if (i < n && line[i] === '"') {
      i++;
      let value = '';
      let closed = false;
      while (i < n) {
        const c = line[i];
        if (c === '\\' && i + 1 < n) {
          const e = line[i + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) return undefined;
      if (i < n && line[i] !== ' ' && line[i] !== '\t') return undefined;
      out.set(key, value);
    } else {
      const valueStart = i;
      while (i < n && line[i] !== ' ' && line[i] !== '\t') i++;
      const value = line.slice(valueStart, i);
      if (value.includes('"')) return undefined;
      out.set(key, value);
    }
    pairs++;
  }
  return pairs > 0 ? out : undefined;
}

/**
 * Parses a logfmt line into a record (`level`/`lvl`, `msg`, `ts`/`time`, `service`, `host`, `trace_id`...).
 * With `strict` false (format `auto`) the line must also have one of level, lvl, msg, message, ts, time,
 * timestamp or severity, and at least two pairs, to count as logfmt.
 */
export function parseLogfmtLine(line: string, strict: boolean): ParsedLine | undefined {
  const pairs = splitLogfmt(line);
  if (pairs === undefined) return undefined;
  if (!strict) {
    if (pairs.size < 2) return undefined;
    let marked = false;
    for (const k of pairs.keys()) if (LOGFMT_MARKER_KEYS.has(k)) marked = true;
    if (!marked) return undefined;
  }
  return parsedFromFields(new Map<string, unknown>(pairs), line);
}
