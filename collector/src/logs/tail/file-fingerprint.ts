import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** At most this many bytes of the first line make the fingerprint. */
export const FINGERPRINT_MAX_BYTES = 256;

/** The first line of a file (up to FINGERPRINT_MAX_BYTES), hashed: tells a reused inode or a rewritten file. */
export interface Fingerprint {
  /** sha1 of the first `length` bytes, hex. */
  readonly hash: string;
  readonly length: number;
}

/** The fingerprint of `bytes` (the start of a file), or undefined while the first line is shorter than the cap and incomplete. */
export function fingerprintOf(bytes: Buffer): Fingerprint | undefined {
  const nl = bytes.indexOf(0x0a);
  let length: number;
  if (nl >= 0 && nl < FINGERPRINT_MAX_BYTES) length = nl + 1;
  else if (bytes.length >= FINGERPRINT_MAX_BYTES) length = FINGERPRINT_MAX_BYTES;
  else return undefined;
  return { hash: createHash('sha1').update(bytes.subarray(0, length)).digest('hex'), length };
}

/** Reads the start of an open file and fingerprints it. */
export async function readFingerprint(handle: FileHandle): Promise<Fingerprint | undefined> {
  const buf = Buffer.alloc(FINGERPRINT_MAX_BYTES);
  const { bytesRead } = await handle.read(buf, 0, FINGERPRINT_MAX_BYTES, 0);
  return fingerprintOf(buf.subarray(0, bytesRead));
}

/** True when the file still starts with the bytes `fp` was taken from. */
export async function fingerprintMatches(handle: FileHandle, fp: Fingerprint): Promise<boolean> {
  const buf = Buffer.alloc(fp.length);
  const { bytesRead } = await handle.read(buf, 0, fp.length, 0);
  if (bytesRead < fp.length) return false;
  return createHash('sha1').update(buf).digest('hex') === fp.hash;
}
