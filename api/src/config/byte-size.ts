/** Byte sizes in config files: a plain integer, or a number with a unit (`64MiB`, `512KB`, `1GiB`). */
const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1_000,
  mb: 1_000_000,
  gb: 1_000_000_000,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

const SIZE_RE = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/;

export function parseByteSize(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) throw new RangeError(`not a valid byte size: ${input}`);
    return input;
  }
  const m = SIZE_RE.exec(input.trim());
  const unit = m ? UNITS[(m[2] || 'b').toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new RangeError(`not a valid byte size: "${input}" (use e.g. 1048576, 512KiB, 64MiB, 1GiB)`);
  }
  return Math.round(Number(m[1]) * unit);
}
