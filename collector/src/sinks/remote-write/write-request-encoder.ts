import type { CollectedSample } from '../../sources/source.js';

/**
 * Encodes samples straight into one remote_write 1.0 WriteRequest (protobuf wire format), without building
 * message objects: WriteRequest.timeseries (field 1) = one TimeSeries per sample with its labels (field 1:
 * Label {name = 1, value = 2}, sorted by name, `__name__` included, empty values left out) and one Sample
 * (field 2: value = 1 as a little-endian double, bit for bit, so NaN payloads such as the staleness marker
 * survive; timestamp = 2 as an int64 varint in ms).
 */
export function encodeSamplesAsWriteRequest(samples: readonly CollectedSample[]): Uint8Array {
  return Buffer.from(samples.map(encodeTimeSeriesEntry).join(''), 'latin1');
}

let scratch = Buffer.allocUnsafe(4096);

/**
 * One sample as one WriteRequest.timeseries entry (tag, length, TimeSeries), as a latin1 string (one byte
 * per char): compact to keep in a buffer (one small string per sample instead of objects), and a batch is
 * the concatenation of its entries. Sizes first (protobuf prefixes every message with its length), then bytes.
 */
export function encodeTimeSeriesEntry(s: CollectedSample): string {
  const sorted = sortedLabelNames(s.labels);
  let size = labelSize('__name__', s.name);
  for (const n of sorted) size += labelSize(n, s.labels[n]);
  const ts = Math.round(s.timestamp);
  const sampleSize = 1 + 8 + 1 + int64Length(ts);
  size += 1 + varintLength(sampleSize) + sampleSize;
  const total = 1 + varintLength(size) + size;
  if (scratch.length < total) scratch = Buffer.allocUnsafe(Math.max(total, scratch.length * 2));
  const buf = scratch;
  let o = 0;
  buf[o++] = 0x0a; // WriteRequest.timeseries
  o = writeVarint(buf, o, size);
  // Labels sorted by name: `__name__` sorts after upper-case letters and before lower-case ones.
  let nameWritten = false;
  for (const n of sorted) {
    if (!nameWritten && n > '__name__') {
      o = writeLabel(buf, o, '__name__', s.name);
      nameWritten = true;
    }
    o = writeLabel(buf, o, n, s.labels[n]);
  }
  if (!nameWritten) o = writeLabel(buf, o, '__name__', s.name);
  buf[o++] = 0x12; // TimeSeries.samples
  o = writeVarint(buf, o, sampleSize);
  buf[o++] = 0x09; // Sample.value, fixed64
  buf.writeDoubleLE(s.value, o);
  o += 8;
  buf[o++] = 0x10; // Sample.timestamp, varint
  o = writeInt64(buf, o, ts);
  if (o !== total) throw new Error(`remote_write encoder: wrote ${o} bytes, expected ${total}`);
  return buf.toString('latin1', 0, total);
}

function sortedLabelNames(labels: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const n in labels) if (labels[n] !== '' && n !== '__name__') out.push(n);
  return out.length > 1 ? out.sort() : out;
}

/** Bytes of one TimeSeries.labels entry: tag, length, Label {tag, len, name, tag, len, value}. */
function labelSize(name: string, value: string): number {
  const n = Buffer.byteLength(name);
  const v = Buffer.byteLength(value);
  const inner = 1 + varintLength(n) + n + 1 + varintLength(v) + v;
  return 1 + varintLength(inner) + inner;
}

function writeLabel(buf: Buffer, o: number, name: string, value: string): number {
  const n = Buffer.byteLength(name);
  const v = Buffer.byteLength(value);
  buf[o++] = 0x0a; // TimeSeries.labels
  o = writeVarint(buf, o, 1 + varintLength(n) + n + 1 + varintLength(v) + v);
  buf[o++] = 0x0a; // Label.name
  o = writeVarint(buf, o, n);
  o += buf.write(name, o, 'utf8');
  buf[o++] = 0x12; // Label.value
  o = writeVarint(buf, o, v);
  o += buf.write(value, o, 'utf8');
  return o;
}

/** Length of a non-negative integer (< 2^53) as a varint. */
function varintLength(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function writeVarint(buf: Buffer, o: number, v: number): number {
  while (v >= 128) {
    buf[o++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[o++] = v;
  return o;
}

/** int64 varints: negative values are 10 bytes of two's complement. */
function int64Length(v: number): number {
  return v >= 0 ? varintLength(v) : 10;
}

function writeInt64(buf: Buffer, o: number, v: number): number {
  if (v >= 0) return writeVarint(buf, o, v);
  let u = BigInt.asUintN(64, BigInt(v));
  for (let i = 0; i < 9; i++) {
    buf[o++] = Number(u & 0x7fn) | 0x80;
    u >>= 7n;
  }
  buf[o++] = Number(u);
  return o;
}
