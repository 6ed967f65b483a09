import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiToken, Scope } from '../config/config-schema.js';

/** Looks tokens up in constant time per entry (digests compared with timingSafeEqual); tokens are never logged. */
export class TokenVerifier {
  private readonly entries: ReadonlyArray<{ digest: Buffer; scope: Scope }>;

  constructor(tokens: readonly ApiToken[]) {
    this.entries = tokens.map((t) => ({ digest: digest(t.token), scope: t.scope }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The strongest scope granted to this token, or undefined when it is unknown. */
  scopeOf(token: string): Scope | undefined {
    const d = digest(token);
    let found: Scope | undefined;
    for (const e of this.entries) {
      if (timingSafeEqual(d, e.digest) && (found === undefined || rank(e.scope) > rank(found))) found = e.scope;
    }
    return found;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function rank(s: Scope): number {
  return s === 'admin' ? 2 : s === 'write' ? 1 : 0;
}

/**
 * The credential of a request: `Authorization: Bearer <token>`; also `Token <token>` (InfluxDB 2 clients) and
 * HTTP Basic with the token as password (InfluxDB 1 clients such as k6). Undefined when absent or malformed.
 */
export function credentialOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization);
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  if (scheme === 'bearer' || scheme === 'token') return m[2];
  if (scheme === 'basic') {
    const decoded = Buffer.from(m[2], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}
