import { describe, expect, it } from 'vitest';
import { shortVersion } from './postgres-source.js';

describe('shortVersion (pg_static short_version, as postgres_exporter parses version())', () => {
  it.each([
    ['PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc, 64-bit', '15.18.0'],
    ['PostgreSQL 9.6.24 on x86_64-pc-linux-gnu', '9.6.24'],
    ['PostgreSQL 17devel on x86_64', '17.0.0'],
    ['EnterpriseDB 13.4.8 on x86_64', '13.4.8'],
    ['not a version', ''],
  ])('%s → %s', (version, expected) => {
    expect(shortVersion(version)).toBe(expected);
  });
});
