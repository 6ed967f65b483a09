import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config-error.js';
import { loadConfig } from '../load-config.js';
import { parseByteSize } from './otlp-config.js';

const PATH = '/etc/collector.yaml';
const load = (yaml: string): ReturnType<typeof loadConfig> =>
  loadConfig({}, ['--config', PATH], (p) => {
    if (p !== PATH) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
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

describe('otlp config', () => {
  it('is off by default, on 127.0.0.1:4318 with a 4 MiB body limit', () => {
    expect(load('interval: 15s\n').otlp).toEqual({
      enabled: false,
      host: '127.0.0.1',
      port: 4318,
      maxBodyBytes: 4 * 1024 * 1024,
      retryAfterMs: 5000,
      logsAckTimeoutMs: 5000,
      maxPendingLogRecords: 50_000,
      maxExponentialScale: 3,
      deltaMaxSeries: 100_000,
      deltaStaleAfterMs: 3_600_000,
    });
  });

  it('takes every setting', () => {
    const c = load(
      'otlp:\n  enabled: true\n  host: 0.0.0.0\n  port: 14318\n  maxBodySize: 512KiB\n  retryAfter: 2s\n  logsAckTimeout: 1s\n  maxPendingLogRecords: 10\n  maxExponentialScale: 0\n  deltaMaxSeries: 5\n  deltaStaleAfter: 10m\n',
    ).otlp;
    expect(c).toEqual({
      enabled: true,
      host: '0.0.0.0',
      port: 14318,
      maxBodyBytes: 512 * 1024,
      retryAfterMs: 2000,
      logsAckTimeoutMs: 1000,
      maxPendingLogRecords: 10,
      maxExponentialScale: 0,
      deltaMaxSeries: 5,
      deltaStaleAfterMs: 600_000,
    });
  });

  it('names the file, line and field of a bad value', () => {
    expect(configError(() => load('otlp:\n  enabled: true\n  maxBodySize: lots\n')).message).toMatch(/collector\.yaml:3.*otlp\.maxBodySize.*not a byte size/);
    expect(configError(() => load('otlp:\n  port: 70000\n')).message).toMatch(/collector\.yaml:2.*otlp\.port/);
    expect(configError(() => load('otlp:\n  retryAfter: 100ms\n')).message).toMatch(/otlp\.retryAfter/);
    expect(configError(() => load('otlp:\n  endpoint: x\n')).message).toMatch(/otlp.*endpoint/);
  });

  it('parses byte sizes', () => {
    expect(parseByteSize('4MiB')).toBe(4_194_304);
    expect(parseByteSize('1MB')).toBe(1_000_000);
    expect(parseByteSize('1.5KiB')).toBe(1536);
    expect(parseByteSize(100)).toBe(100);
    expect(() => parseByteSize('0B')).toThrow(/at least 1 byte/);
    expect(() => parseByteSize('4 parsecs')).toThrow(/not a byte size/);
  });
});
