/**
 * Appends bit fields, most significant bit first, into a growing byte buffer.
 * Fields are at most 32 bits wide so every operation stays in 32-bit integer arithmetic (no BigInt).
 */
export class BitWriter {
  private buf: Uint8Array;
  private bytePos = 0;
  /** Pending bits, right-aligned; `accBits` of them are valid. */
  private acc = 0;
  private accBits = 0;

  constructor(initialBytes = 64) {
    this.buf = new Uint8Array(Math.max(8, initialBytes));
  }

  /** Number of bits written so far. */
  get bitLength(): number {
    return this.bytePos * 8 + this.accBits;
  }

  writeBit(bit: number): void {
    this.acc = ((this.acc << 1) | (bit & 1)) >>> 0;
    if (++this.accBits === 32) this.flushWord();
  }

  /** Writes the low `n` bits of `value` (0 <= n <= 32), most significant first. */
  writeBits(value: number, n: number): void {
    if (n === 0) return;
    const v = n === 32 ? value >>> 0 : (value & ((1 << n) - 1)) >>> 0;
    const free = 32 - this.accBits;
    if (n < free) {
      this.acc = ((this.acc << n) | v) >>> 0;
      this.accBits += n;
      return;
    }
    if (n === free) {
      this.acc = free === 32 ? v : ((this.acc << n) | v) >>> 0;
      this.flushWord();
      return;
    }
    const rest = n - free;
    this.acc = ((this.acc << free) | (v >>> rest)) >>> 0;
    this.flushWord();
    this.acc = (v & ((1 << rest) - 1)) >>> 0;
    this.accBits = rest;
  }

  /** Writes a 64-bit value given as two unsigned 32-bit halves. */
  writeUint64(hi: number, lo: number): void {
    this.writeBits(hi, 32);
    this.writeBits(lo, 32);
  }

  /**
   * Returns the written bytes (the last byte zero-filled) followed by `padding` zero bytes, so readers
   * may load whole 32-bit words near the end without bounds checks.
   */
  finish(padding = 0): Uint8Array {
    const tailBytes = (this.accBits + 7) >>> 3;
    this.ensure(tailBytes + padding);
    if (this.accBits > 0) {
      const word = (this.acc << (32 - this.accBits)) >>> 0;
      for (let i = 0; i < tailBytes; i++) this.buf[this.bytePos + i] = (word >>> (24 - 8 * i)) & 0xff;
    }
    const end = this.bytePos + tailBytes + padding;
    this.buf.fill(0, this.bytePos + tailBytes, end);
    return this.buf.slice(0, end);
  }

  private flushWord(): void {
    this.ensure(4);
    const b = this.buf;
    const p = this.bytePos;
    const w = this.acc;
    b[p] = w >>> 24;
    b[p + 1] = (w >>> 16) & 0xff;
    b[p + 2] = (w >>> 8) & 0xff;
    b[p + 3] = w & 0xff;
    this.bytePos = p + 4;
    this.acc = 0;
    this.accBits = 0;
  }

  private ensure(extra: number): void {
    if (this.bytePos + extra <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.bytePos + extra));
    grown.set(this.buf.subarray(0, this.bytePos));
    this.buf = grown;
  }
}
