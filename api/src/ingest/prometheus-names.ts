/**
 * Prometheus naming rules applied to whatever arrives over an ingest protocol.
 * Metric names: `[a-zA-Z_:][a-zA-Z0-9_:]*`; label names: `[a-zA-Z_][a-zA-Z0-9_]*`.
 * Any other character becomes `_`; a leading digit gets a `_` prefix.
 */

/** Prefix given to client-supplied label names that would otherwise start with `__` (reserved, e.g. `__name__`). */
export const RESERVED_LABEL_PREFIX = 'tag';

const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function sanitizeMetricName(name: string): string {
  if (METRIC_NAME_RE.test(name)) return name;
  const replaced = name.replace(/[^a-zA-Z0-9_:]/g, '_');
  return isDigit(replaced.charCodeAt(0)) ? '_' + replaced : replaced;
}

/** Sanitizes a client-supplied label name (tag key); names starting with `__` are prefixed with {@link RESERVED_LABEL_PREFIX}. */
export function sanitizeLabelName(name: string): string {
  let out = name;
  if (!LABEL_NAME_RE.test(out)) {
    out = out.replace(/[^a-zA-Z0-9_]/g, '_');
    if (isDigit(out.charCodeAt(0))) out = '_' + out;
  }
  return out.startsWith('__') ? RESERVED_LABEL_PREFIX + out : out;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
