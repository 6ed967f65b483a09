import { AppError } from '../errors/app-error.js';

/**
 * A record's place in the newest-first order: its timestamp in the high bits and its arrival order among
 * records of the same millisecond in the low 20 bits (`timestamp * 2^20 + n`). The SQLite store uses it as
 * the rowid, so "newest first" is "rowid descending" and a time range is a rowid range.
 */
export const POSITION_SEQUENCE_BITS = 20n;
/** Records one millisecond can hold. */
export const POSITIONS_PER_MS = 1 << Number(POSITION_SEQUENCE_BITS);

export function positionOf(timestampMs: number, sequence: number): bigint {
  return (BigInt(timestampMs) << POSITION_SEQUENCE_BITS) | BigInt(sequence);
}

/** The first position of a millisecond. */
export function firstPositionAt(timestampMs: number): bigint {
  return BigInt(timestampMs) << POSITION_SEQUENCE_BITS;
}

/** The last position of a millisecond. */
export function lastPositionAt(timestampMs: number): bigint {
  return (BigInt(timestampMs) << POSITION_SEQUENCE_BITS) | BigInt(POSITIONS_PER_MS - 1);
}

export function timestampOf(position: bigint): number {
  return Number(position >> POSITION_SEQUENCE_BITS);
}

const CURSOR_PREFIX = 'l1.';

/** The opaque `nextCursor`: the position of the last record returned (the next page starts below it). */
export function encodeLogCursor(position: bigint): string {
  return CURSOR_PREFIX + Buffer.from(position.toString(36)).toString('base64url');
}

/** Decodes a cursor from `encodeLogCursor`; anything else is a 400. */
export function decodeLogCursor(cursor: string): bigint {
  if (cursor.startsWith(CURSOR_PREFIX)) {
    const text = Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString();
    if (/^[0-9a-z]{1,13}$/.test(text)) {
      let n = 0n;
      for (const c of text) n = n * 36n + BigInt(parseInt(c, 36));
      if (n >= 0n && n < 1n << 63n) return n;
    }
  }
  throw new AppError('bad_data', 'invalid parameter "cursor": not a cursor returned by this api (use nextCursor from the previous page)');
}
