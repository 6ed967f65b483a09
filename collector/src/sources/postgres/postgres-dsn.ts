import type { ClientConfig } from 'pg';
import { parse as parseConnectionUrl, toClientConfig, type ConnectionOptions } from 'pg-connection-string';

/** A connection string, parsed once at config time. */
export interface PostgresDsn {
  /** What `pg` connects with (password included: never log this object). */
  readonly client: ClientConfig;
  /**
   * postgres_exporter's `server` label (its "fingerprint"): the DSN's host (default `localhost`) and port (default
   * `5432`), e.g. `127.0.0.1:5432` or `/run/postgresql:5432` for a unix socket directory.
   */
  readonly server: string;
  /** The DSN without its password, for log lines: `postgresql://user@host:port/db`. */
  readonly redacted: string;
  /** The password, if any, so that error messages quoting it can be scrubbed; never log it. */
  readonly password: string | undefined;
}

/**
 * Parses a libpq connection string as postgres_exporter's DATA_SOURCE_NAME accepts it: a URL
 * (`postgresql://user:secret@host:5432/db?sslmode=disable`, also `postgres://`) or keyword/value pairs
 * (`host=/run/postgresql user=prometheus dbname=postgres`, values may be single-quoted). Errors never quote
 * the input, which may hold a password.
 */
export function parsePostgresDsn(dsn: string): PostgresDsn {
  const text = dsn.trim();
  let options: ConnectionOptions;
  if (/^postgres(ql)?:\/\//i.test(text)) {
    try {
      options = parseConnectionUrl(text);
    } catch {
      throw new Error('is not a valid postgresql:// URL');
    }
  } else if (/^[a-z_]+\s*=/i.test(text)) {
    // The same options as a URL, so that sslmode & co. mean the same in both forms.
    const url = keywordValueToUrl(parseKeywordValue(text));
    try {
      options = parseConnectionUrl(url);
    } catch {
      throw new Error('keyword/value pairs: host or port are not valid');
    }
  } else {
    throw new Error('is neither a postgresql:// URL nor keyword=value pairs (e.g. "host=127.0.0.1 port=5432 user=postgres dbname=postgres")');
  }
  if (options.port !== null && options.port !== undefined && options.port !== '' && !/^\d+$/.test(String(options.port))) {
    throw new Error('has a port that is not a number');
  }
  const host = options.host !== null && options.host !== undefined && options.host !== '' ? options.host : 'localhost';
  const port = options.port !== null && options.port !== undefined && options.port !== '' ? String(options.port) : '5432';
  const client = toClientConfig(options);
  client.host ??= host;
  const user = options.user !== undefined && options.user !== '' ? `${encodeURIComponent(options.user)}@` : '';
  const hostPart = host.startsWith('/') ? `?host=${encodeURIComponent(host)}` : '';
  const database = options.database !== null && options.database !== undefined ? encodeURIComponent(options.database) : '';
  const redacted = host.startsWith('/')
    ? `postgresql://${user}:${port}/${database}${hostPart}`
    : `postgresql://${user}${host.includes(':') ? `[${host}]` : host}:${port}/${database}`;
  return { client, server: `${host}:${port}`, redacted, password: options.password || undefined };
}

function keywordValueToUrl(kv: Record<string, string>): string {
  const { host, port, user, password, dbname, ...rest } = kv;
  const params = new URLSearchParams(rest);
  let hostname = 'localhost';
  if (host !== undefined && host.startsWith('/')) params.set('host', host);
  else if (host !== undefined && host !== '') hostname = host.includes(':') ? `[${host}]` : host;
  const auth = user !== undefined || password !== undefined ? `${encodeURIComponent(user ?? '')}${password !== undefined ? `:${encodeURIComponent(password)}` : ''}@` : '';
  const query = params.toString();
  return `postgresql://${auth}${hostname}${port !== undefined && port !== '' ? `:${port}` : ''}/${encodeURIComponent(dbname ?? '')}${query !== '' ? `?${query}` : ''}`;
}

/** libpq's keyword/value format: `key = value` pairs separated by blanks; values single-quoted or bare, `\` escapes. */
export function parseKeywordValue(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const n = text.length;
  const blank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < n) {
    while (i < n && blank(text[i])) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && text[i] !== '=' && !blank(text[i])) i++;
    const key = text.slice(keyStart, i);
    while (i < n && blank(text[i])) i++;
    if (text[i] !== '=' || key === '') throw new Error(`keyword/value pairs: missing "=" after "${key.slice(0, 40)}"`);
    i++;
    while (i < n && blank(text[i])) i++;
    let value = '';
    if (text[i] === "'") {
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '\\' && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (c === "'") {
          closed = true;
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      // The value is not quoted: it may be a password.
      if (!closed) throw new Error(`keyword/value pairs: unterminated quoted value of "${key}"`);
    } else {
      while (i < n && !blank(text[i])) {
        if (text[i] === '\\' && i + 1 < n) i++;
        value += text[i];
        i++;
      }
    }
    out[key] = value;
  }
  return out;
}

/** Replaces every occurrence of `secret` in `text` (e.g. a driver's error message quoting a DSN). */
export function scrubSecret(text: string, secret: string | undefined): string {
  if (secret === undefined || secret === '') return text;
  return text.split(secret).join('*****');
}
