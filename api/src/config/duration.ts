/**
 * Prometheus duration strings (`15d`, `5m`, `1h30m`, `500ms`), as accepted by Prometheus's
 * `model.ParseDuration`: units y (365d), w, d, h, m, s, ms, each at most once, largest first.
 * Parsed once, at the boundary; the rest of the api works in milliseconds.
 */
const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1] as const;

const FORMAT_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', UNIT_MS[0]],
  ['w', UNIT_MS[1]],
  ['d', UNIT_MS[2]],
  ['h', UNIT_MS[3]],
  ['m', UNIT_MS[4]],
  ['s', UNIT_MS[5]],
  ['ms', UNIT_MS[6]],
];

/** Parses a Prometheus duration string into milliseconds; throws a RangeError naming the input when invalid. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  const m = text === '' ? null : DURATION_RE.exec(text);
  if (!m) throw new RangeError(`not a valid duration string: "${text}"`);
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * UNIT_MS[i];
  }
  if (!Number.isSafeInteger(ms)) throw new RangeError(`duration out of range: "${text}"`);
  return ms;
}

/** Formats milliseconds the way Prometheus prints durations (`1h30m`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.abs(ms);
  let out = ms < 0 ? '-' : '';
  for (const [unit, size] of FORMAT_UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
