import type { ParsedLine } from './parsed-line.js';
import { parsedFromFields } from './structured-fields.js';

/** Nested objects deeper than this are kept as one JSON string attribute. */
const MAX_DEPTH = 8;

/**
 * Parses a JSON-object line (pino, bunyan, ECS, winston...). Nested objects are flattened with dots
 * (`{"log":{"level":"info"}}` and `{"log.level":"info"}` are the same), arrays kept as JSON strings.
 * Undefined when the line is not a JSON object.
 */
export function parseJsonLine(line: string): ParsedLine | undefined {
  const start = firstNonSpace(line);
  if (start < 0 || line.charCodeAt(start) !== 0x7b /* { */) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const fields = new Map<string, unknown>();
  flatten(value as Record<string, unknown>, '', fields, 0);
  return parsedFromFields(fields, line);
}

function flatten(obj: Record<string, unknown>, prefix: string, out: Map<string, unknown>, depth: number): void {
  for (const key in obj) {
    const v = obj[key];
    const k = prefix === '' ? key : `${prefix}.${key}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < MAX_DEPTH) {
      flatten(v as Record<string, unknown>, k, out, depth + 1);
    } else {
      out.set(k, v);
    }
  }
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return i;
  }
  return -1;
}
