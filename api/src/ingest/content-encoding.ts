import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { AppError } from '../errors/app-error.js';

const gunzipAsync = promisify(gunzip);

/**
 * Undoes `Content-Encoding: gzip` (or passes `identity` / no header through), never producing more than
 * `maxBytes`: a body that inflates past the limit (a gzip bomb) is a 413, like an oversized plain body.
 */
export async function decodeContentEncoding(body: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const name = encoding?.trim().toLowerCase() ?? '';
  if (name === '' || name === 'identity') return body;
  if (name !== 'gzip' && name !== 'x-gzip') {
    throw new AppError('bad_data', `unsupported Content-Encoding "${encoding}" (use gzip or none)`, { statusCode: 415 });
  }
  try {
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    if (isTooLarge(err)) throw new AppError('too_large', `body exceeds ${maxBytes} bytes after gzip decompression`);
    throw new AppError('bad_data', `invalid gzip body: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function isTooLarge(err: unknown): boolean {
  return err instanceof RangeError || (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE');
}
