/**
 * Prometheus duration strings (`10s`, `1m30s`, `500ms`), as accepted by Prometheus's `model.ParseDuration`:
 * units y (365d), w, d, h, m, s, ms, each at most once, largest first. Parsed once, at the config boundary;
 * the rest of the collector works in milliseconds.
 */
const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1] as const;

/** Parses a Prometheus duration string into milliseconds; throws a RangeError naming the input when invalid. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  const m = text === '' ? null : DURATION_RE.exec(text);
  if (!m) throw new RangeError(`not a valid duration: "${text}" (examples: 500ms, 10s, 1m30s)`);
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * UNIT_MS[i];
  }
  if (!Number.isSafeInteger(ms)) throw new RangeError(`duration out of range: "${text}"`);
  return ms;
}
