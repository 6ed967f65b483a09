import { describe, expect, it } from 'vitest';
import { parseRedisAddress } from './redis-address.js';

describe('parseRedisAddress', () => {
  it('takes host:port, a bare host (port 6379) and bracketed IPv6', () => {
    expect(parseRedisAddress('10.0.0.5:6380')).toMatchObject({ host: '10.0.0.5', port: 6380, tls: false, instance: '10.0.0.5:6380', redacted: '10.0.0.5:6380' });
    expect(parseRedisAddress('cache.internal')).toMatchObject({ host: 'cache.internal', port: 6379, instance: 'cache.internal:6379' });
    expect(parseRedisAddress('[::1]:7000')).toMatchObject({ host: '::1', port: 7000, instance: '[::1]:7000' });
  });

  it('takes redis:// and rediss:// URLs with credentials, and a database number it ignores', () => {
    const a = parseRedisAddress('rediss://app:p%40ss@cache:6390/2');
    expect(a).toMatchObject({ host: 'cache', port: 6390, tls: true, username: 'app', password: 'p@ss', instance: 'cache:6390' });
    expect(a.redacted).toBe('rediss://app:***@cache:6390/2');
    expect(a.redacted).not.toContain('p%40ss');
    expect(parseRedisAddress('redis://:pw@127.0.0.1:6379')).toMatchObject({ username: undefined, password: 'pw', redacted: 'redis://:***@127.0.0.1:6379' });
  });

  it('takes unix sockets', () => {
    expect(parseRedisAddress('unix:///run/redis/redis.sock')).toMatchObject({ socketPath: '/run/redis/redis.sock', instance: 'unix:///run/redis/redis.sock' });
  });

  it('rejects what it cannot use, saying why and never repeating the password', () => {
    expect(() => parseRedisAddress('')).toThrow(/empty address/);
    expect(() => parseRedisAddress('http://host:6379')).toThrow(/scheme http is not supported/);
    expect(() => parseRedisAddress('host:notaport')).toThrow(/not a Redis address/);
    expect(() => parseRedisAddress('redis://:hunter2@host:6379/x?a=1')).toThrow(/no other path or query/);
    expect(() => parseRedisAddress('redis://:hunter2@host:6379/x?a=1')).not.toThrow(/hunter2/);
    expect(() => parseRedisAddress('redis://:hunter2@host:99999')).not.toThrow(/hunter2/);
    expect(() => parseRedisAddress('unix://relative.sock')).toThrow(/absolute path/);
  });
});
