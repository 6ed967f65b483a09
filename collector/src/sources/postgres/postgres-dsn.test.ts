import { describe, expect, it } from 'vitest';
import { parseKeywordValue, parsePostgresDsn, scrubSecret } from './postgres-dsn.js';

describe('parsePostgresDsn', () => {
  it.each([
    ['postgresql://app:pw@db.internal:6432/shop?sslmode=disable', 'db.internal:6432', 'postgresql://app@db.internal:6432/shop'],
    ['postgres://app@127.0.0.1/shop', '127.0.0.1:5432', 'postgresql://app@127.0.0.1:5432/shop'],
    ['postgresql://app@[::1]:5433/shop', '::1:5433', 'postgresql://app@[::1]:5433/shop'],
    ['postgresql:///postgres?host=/run/postgresql', '/run/postgresql:5432', 'postgresql://:5432/postgres?host=%2Frun%2Fpostgresql'],
    ["host=10.0.0.5 port=5433 user=prometheus password='a b\\'c' dbname=postgres sslmode=disable", '10.0.0.5:5433', 'postgresql://prometheus@10.0.0.5:5433/postgres'],
    ['user=prometheus host=/run/postgresql dbname=postgres', '/run/postgresql:5432', 'postgresql://prometheus@:5432/postgres?host=%2Frun%2Fpostgresql'],
    ['dbname=postgres', 'localhost:5432', 'postgresql://localhost:5432/postgres'],
  ])('%s: server label %s', (dsn, server, redacted) => {
    const parsed = parsePostgresDsn(dsn);
    expect(parsed.server).toBe(server);
    expect(parsed.redacted).toBe(redacted);
  });

  it('gives node-postgres the same options from a URL and from keyword/value pairs', () => {
    const a = parsePostgresDsn("host=127.0.0.1 port=5433 user=app password='p@ss word' dbname=shop sslmode=disable application_name=x");
    const b = parsePostgresDsn('postgresql://app:p%40ss%20word@127.0.0.1:5433/shop?sslmode=disable&application_name=x');
    for (const p of [a, b]) {
      expect(p.client).toMatchObject({ host: '127.0.0.1', port: 5433, user: 'app', password: 'p@ss word', database: 'shop', ssl: false, application_name: 'x' });
      expect(p.password).toBe('p@ss word');
    }
  });

  it('connects to a unix socket directory given as host', () => {
    expect(parsePostgresDsn('host=/var/run/postgresql dbname=postgres').client).toMatchObject({ host: '/var/run/postgresql', database: 'postgres' });
  });

  it.each([
    ['mysql://root:hunter2@db/app', /neither a postgresql:\/\/ URL nor keyword=value/],
    ['postgresql://u:hunter2@db:notaport/x', /not a valid postgresql:\/\/ URL|port/],
    ["host=db password='hunter2", /unterminated quoted value of "password"/],
    ['host=db port=x5 password=hunter2', /host or port are not valid/],
  ])('rejects %s without quoting its password', (dsn, message) => {
    let error: Error | undefined;
    try {
      parsePostgresDsn(dsn);
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain('hunter2');
  });
});

describe('parseKeywordValue', () => {
  it('reads bare and quoted values, blanks around "=", and backslash escapes', () => {
    expect(parseKeywordValue(" host = db  password='s3 cret'  user=a\\ b options='-c x=1' ")).toEqual({
      host: 'db',
      password: 's3 cret',
      user: 'a b',
      options: '-c x=1',
    });
    expect(parseKeywordValue("password='it\\'s \\\\ ok'")).toEqual({ password: "it's \\ ok" });
  });

  it('rejects a word without "="', () => {
    expect(() => parseKeywordValue('host=db oops')).toThrow(/missing "=" after "oops"/);
  });
});

describe('scrubSecret', () => {
  it('replaces every occurrence of the password', () => {
    expect(scrubSecret('connect postgresql://u:pw1@h failed (pw1)', 'pw1')).toBe('connect postgresql://u:*****@h failed (*****)');
    expect(scrubSecret('no secret here', undefined)).toBe('no secret here');
  });
});
