import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config-error.js';
import { loadConfig } from '../load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'postgres-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PATH = join(dir, 'collector.yaml');

const load = (yaml: string): ReturnType<typeof loadConfig> => {
  writeFileSync(PATH, yaml);
  return loadConfig({}, ['--config', PATH]);
};

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('postgres config', () => {
  it('is disabled with no instances', () => {
    expect(load('interval: 15s\n').postgres).toEqual({ enabled: false, instances: [] });
  });

  it('resolves instances: job postgres, instance host:port of the DSN, top-level interval, timeout capped by it', () => {
    const c = load(`
interval: 5s
postgres:
  instances:
    - dsn: postgresql://app:pw@db1.internal:6432/shop
    - dsn: host=/run/postgresql user=prometheus dbname=postgres
      instance: primary
      labels: { env: prod }
      interval: 30s
      timeout: 20s
      statStatements: false
`);
    expect(c.postgres).toEqual({
      enabled: true,
      instances: [
        {
          dsn: 'postgresql://app:pw@db1.internal:6432/shop',
          intervalMs: 5000,
          timeoutMs: 5000,
          labels: { job: 'postgres', instance: 'db1.internal:6432' },
          statStatements: true,
        },
        {
          dsn: 'host=/run/postgresql user=prometheus dbname=postgres',
          intervalMs: 30_000,
          timeoutMs: 20_000,
          labels: { job: 'postgres', instance: 'primary', env: 'prod' },
          statStatements: false,
        },
      ],
    });
  });

  it('takes section-wide job, interval, timeout and statStatements, and enabled: false turns it off', () => {
    const c = load(`
postgres:
  job: db
  interval: 1m
  timeout: 3s
  statStatements: false
  instances: [{ dsn: "postgresql://127.0.0.1/postgres" }]
`);
    expect(c.postgres.instances[0]).toMatchObject({ intervalMs: 60_000, timeoutMs: 3000, statStatements: false, labels: { job: 'db', instance: '127.0.0.1:5432' } });
    expect(load('postgres: { enabled: false, instances: [{ dsn: "postgresql://127.0.0.1/postgres" }] }\n').postgres.enabled).toBe(false);
  });

  it('reads the DSN from a file (a mounted secret), relative to the config file', () => {
    writeFileSync(join(dir, 'pg-dsn'), 'postgresql://app:from-file@db2:5432/postgres\n');
    const c = load('postgres:\n  instances:\n    - dsnFile: pg-dsn\n');
    expect(c.postgres.instances[0]).toMatchObject({ dsn: 'postgresql://app:from-file@db2:5432/postgres', labels: { instance: 'db2:5432' } });
  });

  it.each([
    ['postgres:\n  instances:\n    - dsn: "mysql://root:hunter2@db/x"\n', 3, 'postgres.instances.0.dsn', /neither a postgresql:\/\/ URL/],
    ['postgres:\n  instances:\n    - instance: x\n', 3, 'postgres.instances.0', /exactly one of dsn and dsnFile/],
    ['postgres:\n  instances:\n    - dsn: "postgresql://u:hunter2@h/x"\n      dsnFile: f\n', 3, 'postgres.instances.0', /exactly one of dsn and dsnFile/],
    ['postgres:\n  instances:\n    - dsnFile: no-such-file\n', 3, 'postgres.instances.0.dsnFile', /cannot read .*no-such-file: ENOENT/],
    ['postgres:\n  instances:\n    - dsn: "postgresql://h/x"\n      interval: 5s\n      timeout: 10s\n', 5, 'postgres.instances.0.timeout', /not be longer than the interval/],
    ['postgres:\n  instances:\n    - dsn: "postgresql://h/x"\n      port: 5432\n', 4, 'postgres.instances.0.port', /unknown setting/],
  ])('rejects %j at line %d, field %s, without quoting a password', (yaml, line, field, message) => {
    const err = configError(() => load(yaml));
    expect(err.message).toContain(`${PATH}:${line}: ${field}:`);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('hunter2');
  });
});
