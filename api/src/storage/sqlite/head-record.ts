/**
 * Blobs of the `head` table, which acts as the write-ahead log of the in-memory head.
 *
 * kind 0, one per append batch: [u32 count, u32 0][float64 timestamps x count][float64 values x count]
 *   [u32 series ids x count], in the platform's (little-endian) byte order, built without any per-sample
 *   copying beyond filling the typed arrays.
 * kind 1, head checkpoint written by compaction: [u32 count, u32 0][(u32 series id, u32 byte length) x count]
 *   then that many XOR chunks (see ../chunk/xor-chunk.ts) holding the samples still in the head.
 */
export const HEAD_KIND_BATCH = 0;
export const HEAD_KIND_CHECKPOINT = 1;

export interface HeadBatch {
  readonly bytes: Buffer;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly seriesIds: Uint32Array;
}

export function allocateHeadBatch(count: number): HeadBatch {
  const buf = new ArrayBuffer(8 + 20 * count);
  new Uint32Array(buf, 0, 2)[0] = count;
  return {
    bytes: Buffer.from(buf),
    timestamps: new Float64Array(buf, 8, count),
    values: new Float64Array(buf, 8 + 8 * count, count),
    seriesIds: new Uint32Array(buf, 8 + 16 * count, count),
  };
}

export function decodeHeadBatch(blob: Uint8Array): Omit<HeadBatch, 'bytes'> {
  // Copy into a fresh (8-byte aligned) buffer: blobs from SQLite may sit at any offset.
  const buf = new Uint8Array(blob).buffer;
  const count = new Uint32Array(buf, 0, 2)[0];
  if (buf.byteLength !== 8 + 20 * count) throw new Error(`corrupt head batch: ${buf.byteLength} bytes for ${count} samples`);
  return {
    timestamps: new Float64Array(buf, 8, count),
    values: new Float64Array(buf, 8 + 8 * count, count),
    seriesIds: new Uint32Array(buf, 8 + 16 * count, count),
  };
}

export interface SeriesChunk {
  readonly seriesId: number;
  readonly data: Uint8Array;
}

export function encodeHeadCheckpoint(parts: readonly SeriesChunk[]): Buffer {
  let size = 8 + 8 * parts.length;
  for (const p of parts) size += p.data.length;
  const out = Buffer.alloc(size);
  out.writeUInt32LE(parts.length, 0);
  let dir = 8;
  let pos = 8 + 8 * parts.length;
  for (const p of parts) {
    out.writeUInt32LE(p.seriesId, dir);
    out.writeUInt32LE(p.data.length, dir + 4);
    dir += 8;
    out.set(p.data, pos);
    pos += p.data.length;
  }
  return out;
}

export function decodeHeadCheckpoint(blob: Buffer): SeriesChunk[] {
  const count = blob.readUInt32LE(0);
  const out: SeriesChunk[] = [];
  let dir = 8;
  let pos = 8 + 8 * count;
  for (let i = 0; i < count; i++) {
    const seriesId = blob.readUInt32LE(dir);
    const len = blob.readUInt32LE(dir + 4);
    dir += 8;
    if (pos + len > blob.length) throw new Error('corrupt head checkpoint');
    out.push({ seriesId, data: blob.subarray(pos, pos + len) });
    pos += len;
  }
  return out;
}
