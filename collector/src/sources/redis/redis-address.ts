/** Where and how to reach one Redis server. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  /** `rediss://`: TLS with the system's CAs. */
  readonly tls: boolean;
  /** A unix socket path (`unix:///run/redis.sock`), instead of host and port. */
  readonly socketPath?: string;
  readonly username?: string;
  readonly password?: string;
  /** The default `instance` label: `host:port` (IPv6 in brackets), or the socket path. */
  readonly instance: string;
  /** The address with any password replaced by `***`: the only form that may be logged. */
  readonly redacted: string;
}

export const DEFAULT_REDIS_PORT = 6379;

/**
 * Parses an address as redis_exporter's `--redis.addr` takes it: `host`, `host:port`, `[::1]:port`,
 * `redis://[user[:password]@]host[:port][/db]`, `rediss://...` (TLS) or `unix:///path/to/redis.sock`. Throws an
 * Error saying what is wrong (never repeating a password).
 */
export function parseRedisAddress(address: string): RedisAddress {
  const text = address.trim();
  if (text === '') throw new Error('empty address (expected host:port or redis://host:port)');
  if (text.startsWith('unix://')) {
    const path = text.slice('unix://'.length);
    if (!path.startsWith('/')) throw new Error(`"${text}": a unix socket address needs an absolute path (unix:///run/redis.sock)`);
    return { host: '', port: 0, tls: false, socketPath: path, instance: text, redacted: text };
  }
  const hasScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `redis://${text}`);
  } catch {
    throw new Error(`"${redactText(text)}" is not a Redis address (expected host:port or redis://host:port)`);
  }
  const redacted = redactUrl(url, hasScheme ? undefined : text);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`"${redacted}": scheme ${url.protocol.slice(0, -1)} is not supported (use redis://, rediss:// or unix://)`);
  }
  if (url.hostname === '') throw new Error(`"${redacted}": no host`);
  // A database number (`/0`) is accepted and ignored: INFO describes the whole server.
  if (!/^(\/\d*)?$/.test(url.pathname) || url.search !== '' || url.hash !== '') {
    throw new Error(`"${redacted}": only scheme, credentials, host, port and a database number are allowed (no other path or query)`);
  }
  const port = url.port === '' ? DEFAULT_REDIS_PORT : Number(url.port);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return {
    host,
    port,
    tls: url.protocol === 'rediss:',
    username: url.username !== '' ? decodeURIComponent(url.username) : undefined,
    password: url.password !== '' ? decodeURIComponent(url.password) : undefined,
    instance: `${url.hostname}:${port}`,
    redacted,
  };
}

function redactUrl(url: URL, original: string | undefined): string {
  if (url.password === '') return original ?? url.href.replace(/\/$/, '');
  const copy = new URL(url.href);
  copy.password = '***';
  const href = copy.href.replace(/\/$/, '');
  return original === undefined ? href : href.slice('redis://'.length);
}

/** For addresses that do not even parse: drop whatever sits between `:` and `@`. */
function redactText(text: string): string {
  return text.replace(/:[^:@/]*@/, ':***@');
}
