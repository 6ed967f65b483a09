import type { OtlpAnyValue, OtlpKeyValue } from './otlp-model.js';

/**
 * An OTLP AnyValue as one string, the way the OpenTelemetry-to-Prometheus translation spells attribute values:
 * strings as they are, booleans `true`/`false`, integers in decimal, doubles as JavaScript prints them, bytes in
 * base64, arrays and key-value lists as JSON. An empty AnyValue is the empty string.
 */
export function anyValueToString(v: OtlpAnyValue | undefined): string {
  if (v === undefined) return '';
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue ? 'true' : 'false';
  if (v.intValue !== undefined) return v.intValue;
  if (v.doubleValue !== undefined) return String(v.doubleValue);
  if (v.bytesValue !== undefined) return v.bytesValue;
  if (v.arrayValue !== undefined || v.kvlistValue !== undefined) return JSON.stringify(anyValueToJson(v));
  return '';
}

/** An AnyValue as a plain JSON value (key-value lists as objects). */
export function anyValueToJson(v: OtlpAnyValue | undefined): unknown {
  if (v === undefined) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : v.intValue;
  }
  if (v.doubleValue !== undefined) return Number.isFinite(v.doubleValue) ? v.doubleValue : String(v.doubleValue);
  if (v.bytesValue !== undefined) return v.bytesValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(anyValueToJson);
  if (v.kvlistValue !== undefined) {
    const out: Record<string, unknown> = {};
    for (const kv of v.kvlistValue.values ?? []) out[kv.key ?? ''] = anyValueToJson(kv.value);
    return out;
  }
  return null;
}

/** Attributes as a key → string map (later duplicates win). */
export function attributesToStrings(kvs: readonly OtlpKeyValue[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const kv of kvs ?? []) {
    if (kv.key === undefined || kv.key === '') continue;
    out.set(kv.key, anyValueToString(kv.value));
  }
  return out;
}

/**
 * Attributes flattened with dots into `out`: a key-value list value becomes `key.sub` entries, every other value
 * its string (anyValueToString). Keys already in `out` are overwritten.
 */
export function flattenAttributes(kvs: readonly OtlpKeyValue[] | undefined, out: Record<string, string>, prefix = ''): void {
  for (const kv of kvs ?? []) {
    if (kv.key === undefined || kv.key === '') continue;
    const key = prefix + kv.key;
    if (kv.value?.kvlistValue !== undefined) flattenAttributes(kv.value.kvlistValue.values, out, `${key}.`);
    else out[key] = anyValueToString(kv.value);
  }
}
