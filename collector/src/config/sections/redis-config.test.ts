import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config-error.js';
import { loadConfig } from '../load-config.js';

const PATH = '/etc/collector.yaml';
const load = (yaml: string, path = PATH): ReturnType<typeof loadConfig> =>
  loadConfig({}, ['--config', path], (p) => {
    if (p !== path) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return yaml;
  });

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const dir = mkdtempSync(join(tmpdir(), 'redis-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('redis config', () => {
  it('is disabled with no instances', () => {
    expect(load('interval: 15s\n').redis).toEqual({ enabled: false, instances: [] });
  });

  it('resolves instances with job/instance labels, the top-level interval and a 5s timeout', () => {
    const c = load(`
interval: 15s
redis:
  instances:
    - address: 10.0.0.5:6380
    - address: redis://app:pw@cache:6379/0
      interval: 30s
      timeout: 2s
      labels: { env: prod, instance: cache-main }
`);
    expect(c.redis.enabled).toBe(true);
    expect(c.redis.instances).toEqual([
      { address: '10.0.0.5:6380', username: undefined, password: undefined, intervalMs: 15_000, timeoutMs: 5000, labels: { job: 'redis', instance: '10.0.0.5:6380' } },
      {
        address: 'redis://app:pw@cache:6379/0',
        username: 'app',
        password: 'pw',
        intervalMs: 30_000,
        timeoutMs: 2000,
        labels: { job: 'redis', instance: 'cache-main', env: 'prod' },
      },
    ]);
    expect(Object.isFrozen(c.redis.instances[0].labels)).toBe(true);
  });

  it('takes section-wide interval and timeout, and never a timeout longer than the interval', () => {
    const c = load('redis:\n  interval: 2s\n  instances:\n    - address: a:1\n    - address: b:2\n      interval: 1s\n');
    expect(c.redis.instances.map((i) => [i.intervalMs, i.timeoutMs])).toEqual([
      [2000, 2000],
      [1000, 1000],
    ]);
    const e = configError(() => load('redis:\n  instances:\n    - address: a:1\n      interval: 1s\n      timeout: 3s\n'));
    expect(e.message).toBe(`config file ${PATH}:5: redis.instances.0.timeout: must not be longer than the interval`);
  });

  it('reads the password from passwordFile (relative to the config file), without its trailing newline', () => {
    writeFileSync(join(dir, 'redis.pw'), 'from-file\n');
    const c = load('redis:\n  instances:\n    - address: a:1\n      passwordFile: redis.pw\n', join(dir, 'collector.yaml'));
    expect(c.redis.instances[0].password).toBe('from-file');
    const missing = configError(() => load('redis:\n  instances:\n    - address: a:1\n      passwordFile: nope.pw\n', join(dir, 'collector.yaml')));
    expect(missing.message).toMatch(/collector\.yaml:4: redis\.instances\.0\.passwordFile: cannot read .*nope\.pw: ENOENT/);
  });

  it('rejects bad addresses, both password kinds, duplicates and unknown keys with file, line and field', () => {
    expect(configError(() => load('redis:\n  instances:\n    - address: "http://x:1"\n')).message).toBe(
      `config file ${PATH}:3: redis.instances.0.address: "http://x:1": scheme http is not supported (use redis://, rediss:// or unix://)`,
    );
    expect(configError(() => load('redis:\n  instances:\n    - address: a:1\n      password: x\n      passwordFile: f\n')).message).toMatch(
      /:5: redis\.instances\.0\.passwordFile: set either password or passwordFile, not both/,
    );
    expect(configError(() => load('redis:\n  instances:\n    - address: a:1\n    - address: redis://a:1\n')).message).toMatch(
      /:4: redis\.instances\.1\.address: same job and instance as redis\.instances\[0\]/,
    );
    expect(configError(() => load('redis:\n  instances:\n    - addr: a:1\n')).message).toMatch(/redis\.instances\.0/);
    expect(configError(() => load('redis:\n  instance:\n    - address: a:1\n')).message).toMatch(/collector\.yaml:\d+: redis\.instance: unknown setting/);
  });

  it('never repeats a password from a bad address in the error', () => {
    const e = configError(() => load('redis:\n  instances:\n    - address: "redis://:hunter2@host:99999"\n'));
    expect(e.message).toMatch(/redis\.instances\.0\.address/);
    expect(e.message).not.toContain('hunter2');
  });
});
