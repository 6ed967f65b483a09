/**
 * Reads `n` bits (1 <= n <= 32) starting at bit `pos` (most significant bit first) as an unsigned number.
 * The buffer must have at least 5 readable bytes from `pos >>> 3` (writers pad their output for this),
 * which keeps the hot decode loop free of bounds checks and BigInt.
 */
export function readBitsAt(b: Uint8Array, pos: number, n: number): number {
  const i = pos >>> 3;
  const o = pos & 7;
  const w = (b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
  if (o + n <= 32) return (w << o) >>> (32 - n);
  return ((w << o) | (b[i + 4] >>> (8 - o))) >>> (32 - n);
}

/** Reads the single bit at `pos`. */
export function readBitAt(b: Uint8Array, pos: number): number {
  return (b[pos >>> 3] >>> (7 - (pos & 7))) & 1;
}

/** A cursor over a bit stream, for code outside the hot loops. */
export class BitReader {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    startBit = 0,
  ) {
    this.pos = startBit;
  }

  get position(): number {
    return this.pos;
  }

  readBit(): number {
    return readBitAt(this.buf, this.pos++);
  }

  readBits(n: number): number {
    if (n === 0) return 0;
    const v = readBitsAt(this.buf, this.pos, n);
    this.pos += n;
    return v;
  }
}
