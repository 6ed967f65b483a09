import { BitWriter } from './bit-writer.js';
import { readBitsAt } from './bit-reader.js';

/**
 * Gorilla-style chunk of one series' samples, after Prometheus's chunkenc/xor.go:
 * timestamps as delta-of-delta in variable-width buckets, values as XOR against the previous value with
 * a reusable leading/trailing-zero window. Values are handled as two 32-bit halves, so staleness markers
 * and every other NaN payload survive bit-exact.
 *
 * Layout: byte 0 = encoding, bytes 1..4 = sample count (big-endian), then the bit stream, then
 * CHUNK_PADDING zero bytes so the decoder may read whole words past the end.
 *   XOR encoding: t0 (64-bit two's complement), v0 (64 bits), then per sample
 *     dod: '0' | '10'+14 bits | '110'+17 bits | '1110'+20 bits | '1111'+64 bits (signed; prev delta starts at 0)
 *     value: '0' (same) | '10'+window bits (reuse window) | '11'+5 bits leading+6 bits length (0 = 64)+bits
 *   RAW encoding (timestamps that are not integers of at most 2^50): float64 timestamps then values, little-endian.
 */
export const CHUNK_ENCODING_XOR = 1;
export const CHUNK_ENCODING_RAW = 2;
export const CHUNK_HEADER_BYTES = 5;
export const CHUNK_PADDING = 8;

const TWO_32 = 4294967296;
const MAX_XOR_TIMESTAMP = 2 ** 50;

export interface DecodedChunk {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/** Encodes samples [from, to) of sorted `timestamps`/`values`. */
export function encodeChunk(timestamps: Float64Array, values: Float64Array, from = 0, to = timestamps.length): Uint8Array {
  const n = to - from;
  for (let i = from; i < to; i++) {
    const t = timestamps[i];
    if (!Number.isInteger(t) || t > MAX_XOR_TIMESTAMP || t < -MAX_XOR_TIMESTAMP) return encodeRaw(timestamps, values, from, to);
  }
  const w = new BitWriter(16 + n * 2);
  w.writeBits(CHUNK_ENCODING_XOR, 8);
  w.writeBits(n, 32);
  if (n === 0) return w.finish(CHUNK_PADDING);
  const u32 = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);

  let t = timestamps[from];
  const tHi = Math.floor(t / TWO_32);
  w.writeUint64(tHi >>> 0, t - tHi * TWO_32);
  let prevHi = u32[2 * from + 1];
  let prevLo = u32[2 * from];
  w.writeUint64(prevHi, prevLo);

  let prevT = t;
  let prevDelta = 0;
  let lead = -1;
  let trail = 0;
  for (let i = from + 1; i < to; i++) {
    t = timestamps[i];
    const delta = t - prevT;
    const dod = delta - prevDelta;
    prevT = t;
    prevDelta = delta;
    if (dod === 0) {
      w.writeBit(0);
    } else if (dod >= -8192 && dod <= 8191) {
      w.writeBits(0b10, 2);
      w.writeBits(dod, 14);
    } else if (dod >= -65536 && dod <= 65535) {
      w.writeBits(0b110, 3);
      w.writeBits(dod, 17);
    } else if (dod >= -524288 && dod <= 524287) {
      w.writeBits(0b1110, 4);
      w.writeBits(dod, 20);
    } else {
      w.writeBits(0b1111, 4);
      const hi = Math.floor(dod / TWO_32);
      w.writeUint64(hi >>> 0, dod - hi * TWO_32);
    }

    const hi = u32[2 * i + 1];
    const lo = u32[2 * i];
    const xh = (hi ^ prevHi) >>> 0;
    const xl = (lo ^ prevLo) >>> 0;
    prevHi = hi;
    prevLo = lo;
    if (xh === 0 && xl === 0) {
      w.writeBit(0);
      continue;
    }
    let l = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
    if (l > 31) l = 31;
    const tz = xl !== 0 ? ctz32(xl) : 32 + ctz32(xh);
    if (lead >= 0 && l >= lead && tz >= trail) {
      w.writeBits(0b10, 2);
      writeShifted(w, xh, xl, trail, 64 - lead - trail);
    } else {
      lead = l;
      trail = tz;
      const sig = 64 - l - tz;
      w.writeBits(0b11, 2);
      w.writeBits(l, 5);
      w.writeBits(sig & 63, 6);
      writeShifted(w, xh, xl, tz, sig);
    }
  }
  return w.finish(CHUNK_PADDING);
}

/** Sample count stored in a chunk's header. */
export function chunkSampleCount(data: Uint8Array): number {
  return ((data[1] << 24) | (data[2] << 16) | (data[3] << 8) | data[4]) >>> 0;
}

/** Decodes a whole chunk into fresh arrays. */
export function decodeChunk(data: Uint8Array): DecodedChunk {
  const n = chunkSampleCount(data);
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  decodeChunkInto(data, timestamps, values, 0);
  return { timestamps, values };
}

/**
 * Decodes a chunk into `outT`/`outV` starting at `offset` (they must have room for the chunk's sample
 * count) and returns the number of samples written.
 */
export function decodeChunkInto(data: Uint8Array, outT: Float64Array, outV: Float64Array, offset: number): number {
  const n = chunkSampleCount(data);
  if (n === 0) return 0;
  if (data[0] === CHUNK_ENCODING_RAW) return decodeRaw(data, n, outT, outV, offset);
  if (data[0] !== CHUNK_ENCODING_XOR) throw new Error(`unknown chunk encoding ${data[0]}`);
  const outU = new Uint32Array(outV.buffer, outV.byteOffset, outV.length * 2);
  const b = data;
  let pos = CHUNK_HEADER_BYTES * 8;

  let t = (readBitsAt(b, pos, 32) | 0) * TWO_32 + readBitsAt(b, pos + 32, 32);
  let hi = readBitsAt(b, pos + 64, 32);
  let lo = readBitsAt(b, pos + 96, 32);
  pos += 128;
  outT[offset] = t;
  outU[2 * offset + 1] = hi;
  outU[2 * offset] = lo;

  let delta = 0;
  let lead = 0;
  let trail = 0;
  const end = offset + n;
  for (let j = offset + 1; j < end; j++) {
    // Timestamp: '0' means the same delta as before (the common case for regular scrapes).
    if (((b[pos >>> 3] << (pos & 7)) & 0x80) === 0) {
      pos += 1;
    } else {
      const ctl = readBitsAt(b, pos, 4);
      let dod: number;
      if ((ctl & 0b0100) === 0) {
        dod = readBitsAt(b, pos + 2, 14);
        if (dod >= 8192) dod -= 16384;
        pos += 16;
      } else if ((ctl & 0b0010) === 0) {
        dod = readBitsAt(b, pos + 3, 17);
        if (dod >= 65536) dod -= 131072;
        pos += 20;
      } else if ((ctl & 0b0001) === 0) {
        dod = readBitsAt(b, pos + 4, 20);
        if (dod >= 524288) dod -= 1048576;
        pos += 24;
      } else {
        dod = (readBitsAt(b, pos + 4, 32) | 0) * TWO_32 + readBitsAt(b, pos + 36, 32);
        pos += 68;
      }
      delta += dod;
    }
    t += delta;
    outT[j] = t;

    // Value: '0' means unchanged.
    if (((b[pos >>> 3] << (pos & 7)) & 0x80) === 0) {
      pos += 1;
    } else {
      if (((b[(pos + 1) >>> 3] << ((pos + 1) & 7)) & 0x80) === 0) {
        pos += 2;
      } else {
        const ctl = readBitsAt(b, pos + 2, 11);
        lead = ctl >>> 6;
        let sig = ctl & 63;
        if (sig === 0) sig = 64;
        trail = 64 - lead - sig;
        pos += 13;
      }
      const sig = 64 - lead - trail;
      let vh: number;
      let vl: number;
      if (sig > 32) {
        vh = readBitsAt(b, pos, sig - 32);
        vl = readBitsAt(b, pos + sig - 32, 32);
      } else {
        vh = 0;
        vl = readBitsAt(b, pos, sig);
      }
      pos += sig;
      if (trail === 0) {
        hi ^= vh;
        lo ^= vl;
      } else if (trail < 32) {
        hi ^= (vh << trail) | (vl >>> (32 - trail));
        lo ^= vl << trail;
      } else {
        hi ^= vl << (trail - 32);
      }
    }
    outU[2 * j + 1] = hi;
    outU[2 * j] = lo;
  }
  return n;
}

function writeShifted(w: BitWriter, xh: number, xl: number, shift: number, sig: number): void {
  let vh: number;
  let vl: number;
  if (shift === 0) {
    vh = xh;
    vl = xl;
  } else if (shift < 32) {
    vl = ((xl >>> shift) | (xh << (32 - shift))) >>> 0;
    vh = xh >>> shift;
  } else {
    vl = xh >>> (shift - 32);
    vh = 0;
  }
  if (sig > 32) {
    w.writeBits(vh, sig - 32);
    w.writeBits(vl, 32);
  } else {
    w.writeBits(vl, sig);
  }
}

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function encodeRaw(timestamps: Float64Array, values: Float64Array, from: number, to: number): Uint8Array {
  const n = to - from;
  const out = new Uint8Array(8 + 16 * n + CHUNK_PADDING);
  out[0] = CHUNK_ENCODING_RAW;
  out[1] = n >>> 24;
  out[2] = (n >>> 16) & 0xff;
  out[3] = (n >>> 8) & 0xff;
  out[4] = n & 0xff;
  // Samples start at byte 8; byte copies of the float64 arrays keep every bit.
  out.set(new Uint8Array(timestamps.buffer, timestamps.byteOffset + from * 8, n * 8), 8);
  out.set(new Uint8Array(values.buffer, values.byteOffset + from * 8, n * 8), 8 + 8 * n);
  return out;
}

function decodeRaw(data: Uint8Array, n: number, outT: Float64Array, outV: Float64Array, offset: number): number {
  new Uint8Array(outT.buffer, outT.byteOffset + offset * 8, n * 8).set(data.subarray(8, 8 + 8 * n));
  new Uint8Array(outV.buffer, outV.byteOffset + offset * 8, n * 8).set(data.subarray(8 + 8 * n, 8 + 16 * n));
  return n;
}
