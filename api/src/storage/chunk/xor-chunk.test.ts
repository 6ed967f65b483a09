import { describe, expect, it } from 'vitest';
import { STALE_NAN } from '../stale-marker.js';
import { BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';
import { CHUNK_ENCODING_RAW, CHUNK_ENCODING_XOR, chunkSampleCount, decodeChunk, decodeChunkInto, encodeChunk } from './xor-chunk.js';

function bitsOf(values: Float64Array): string[] {
  const u = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) out.push(u[2 * i + 1].toString(16).padStart(8, '0') + u[2 * i].toString(16).padStart(8, '0'));
  return out;
}

function fromBits(hexes: string[]): Float64Array {
  const v = new Float64Array(hexes.length);
  const u = new Uint32Array(v.buffer);
  hexes.forEach((h, i) => {
    u[2 * i + 1] = parseInt(h.slice(0, 8), 16);
    u[2 * i] = parseInt(h.slice(8), 16);
  });
  return v;
}

function roundTrip(ts: number[], values: Float64Array): Uint8Array {
  const timestamps = Float64Array.from(ts);
  const data = encodeChunk(timestamps, values);
  expect(chunkSampleCount(data)).toBe(ts.length);
  const out = decodeChunk(data);
  expect(Array.from(out.timestamps)).toEqual(ts);
  expect(bitsOf(out.values)).toEqual(bitsOf(values));
  return data;
}

describe('BitWriter / BitReader', () => {
  it('round-trips fields of every width at every alignment', () => {
    const w = new BitWriter(4);
    const fields: [number, number][] = [];
    let seed = 12345;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0);
    for (let i = 0; i < 2000; i++) {
      const n = (rnd() % 33) >>> 0;
      const v = n === 0 ? 0 : n === 32 ? rnd() : rnd() & ((1 << n) - 1);
      fields.push([v >>> 0, n]);
      w.writeBits(v, n);
    }
    const data = w.finish(8);
    const r = new BitReader(data);
    for (const [v, n] of fields) expect(r.readBits(n)).toBe(v);
    expect(r.position).toBe(w.bitLength);
  });

  it('writes single bits most significant first', () => {
    const w = new BitWriter();
    for (const b of [1, 0, 1, 1, 0, 0, 0, 1, 1]) w.writeBit(b);
    const data = w.finish();
    expect(Array.from(data)).toEqual([0b10110001, 0b10000000]);
  });
});

describe('XOR chunk', () => {
  it('encodes one sample', () => {
    roundTrip([1_700_000_000_123], Float64Array.of(42.5));
  });

  it('encodes an empty chunk', () => {
    const data = encodeChunk(new Float64Array(0), new Float64Array(0));
    expect(chunkSampleCount(data)).toBe(0);
    expect(decodeChunk(data).timestamps.length).toBe(0);
  });

  it('uses one bit per timestamp and value for a constant series at a regular interval', () => {
    const n = 720;
    const ts = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 10_000);
    const data = roundTrip(ts, new Float64Array(n).fill(3));
    // header + first sample + ~2 bits per further sample
    expect(data.length).toBeLessThan(5 + 16 + Math.ceil((n * 2) / 8) + 8 + 4);
  });

  it('handles irregular intervals, negative delta-of-delta and every bucket width', () => {
    const deltas = [10_000, 10_003, 9_990, 1, 8_000, 200_000, 10, 70_000, 0, 3_600_000, 5, 86_400_000 * 400, 15_000];
    const ts = [1_600_000_000_000];
    for (const d of deltas) ts.push(ts[ts.length - 1] + d);
    roundTrip(ts, Float64Array.from(ts, (_, i) => i * 1.5));
  });

  it('handles negative and pre-1970 timestamps and large gaps', () => {
    roundTrip([-5_000_000_000_000, -1, 0, 2 ** 50], Float64Array.of(1, 2, 3, 4));
  });

  it('keeps NaN, infinities, -0 and the staleness marker bit-exact', () => {
    const odd = fromBits(['7ff8000000000001', 'fff8000000000000']);
    const values = Float64Array.of(1, NaN, Infinity, -Infinity, -0, 0, STALE_NAN, odd[0], odd[1], STALE_NAN, 5, -0);
    roundTrip(
      Array.from(values, (_, i) => 1000 + i * 15_000),
      values,
    );
  });

  it('round-trips integers, decimals and 64-bit XOR patterns', () => {
    const values = Float64Array.of(
      0, 1, 2, 3, 1e6, 1e6 + 17, 2 ** 53, 2 ** 53 - 1, -(2 ** 31), 0.1, 0.2, 0.30000000000000004, 1.25, 99.99, 1e-300, 5e-324,
      Number.MAX_VALUE, -Number.MAX_VALUE, 123456.789, 1 / 3,
    );
    roundTrip(Array.from(values, (_, i) => i * 1000), values);
    const patterns = fromBits([
      'ffffffffffffffff', '0000000000000000', '8000000000000001', '0000000100000000', '00000000ffffffff', 'ffffffff00000000',
      '7fffffffffffffff', '0000000080000000', '0000000000000001', '8000000000000000', '0123456789abcdef', 'fedcba9876543210',
    ]);
    roundTrip(Array.from(patterns, (_, i) => i), patterns);
  });

  it('round-trips pseudo-random walks (counters and gauges)', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let round = 0; round < 20; round++) {
      const n = 1 + Math.floor(rnd() * 900);
      const ts: number[] = [];
      const values = new Float64Array(n);
      let t = 1_700_000_000_000 + Math.floor(rnd() * 1e6);
      let v = rnd() < 0.5 ? Math.floor(rnd() * 1e9) : rnd() * 100;
      for (let i = 0; i < n; i++) {
        t += rnd() < 0.9 ? 10_000 : Math.floor(rnd() * 100_000);
        ts.push(t);
        if (rnd() < 0.3) v += rnd() < 0.5 ? Math.floor(rnd() * 50) : Math.round(rnd() * 1000) / 100;
        values[i] = rnd() < 0.01 ? STALE_NAN : v;
      }
      roundTrip(ts, values);
    }
  });

  it('compresses a counter that rarely moves well below a byte per sample', () => {
    const n = 720;
    const ts: number[] = [];
    const values = new Float64Array(n);
    let v = 123_456;
    for (let i = 0; i < n; i++) {
      ts.push(1_700_000_000_000 + i * 10_000);
      if (i % 6 === 0) v += 1 + (i % 5);
      values[i] = v;
    }
    const data = roundTrip(ts, values);
    expect(data.length / n).toBeLessThan(0.8);
  });

  it('falls back to a raw encoding for fractional-millisecond timestamps', () => {
    const ts = [1000.5, 2000.25, 3000];
    const data = roundTrip(ts, Float64Array.of(STALE_NAN, 2, 3));
    expect(data[0]).toBe(CHUNK_ENCODING_RAW);
    expect(encodeChunk(Float64Array.of(1, 2), Float64Array.of(1, 2))[0]).toBe(CHUNK_ENCODING_XOR);
  });

  it('encodes a sub-range and decodes at an offset', () => {
    const ts = Float64Array.of(1, 2, 3, 4, 5);
    const vs = Float64Array.of(10, 20, 30, 40, 50);
    const data = encodeChunk(ts, vs, 1, 4);
    const outT = new Float64Array(6);
    const outV = new Float64Array(6);
    expect(decodeChunkInto(data, outT, outV, 2)).toBe(3);
    expect(Array.from(outT)).toEqual([0, 0, 2, 3, 4, 0]);
    expect(Array.from(outV)).toEqual([0, 0, 20, 30, 40, 0]);
  });
});
