import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { loadConfig, parseTokenList } from './load-config.js';

const files = (map: Record<string, string>) => (path: string): string => {
  const text = map[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return text;
};

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  it('uses the documented defaults without CONFIG', () => {
    const c = loadConfig({});
    expect(c).toEqual({
      configFile: undefined,
      server: { host: '127.0.0.1', port: 8080 },
      storage: { dataDir: './data', retentionMs: 15 * 86_400_000, blockDurationMs: 7_200_000, sync: 'full' },
      ingest: { maxBodyBytes: 64 * 1024 * 1024 },
      query: { lookbackDeltaMs: 300_000, timeoutMs: 120_000, maxSamples: 50_000_000 },
      auth: { tokens: [] },
      rules: { files: ['alert-rules/*.yaml', 'alert-rules/*.yml'], evaluationIntervalMs: 60_000 },
      slo: { files: ['slo/*.yaml', 'slo/*.yml'], evaluationIntervalMs: 30_000 },
      logs: { retentionMs: 7 * 86_400_000 },
      dashboard: { boardsDir: undefined },
      log: { level: 'info' },
      notify: {
        pagerduty: {
          server: 'events.pagerduty.com',
          defaultRoutingKey: undefined,
          ca: undefined,
          timeoutMs: 10_000,
          resolveTimeoutMs: 300_000,
          retryInitialBackoffMs: 1_000,
          retryMaxBackoffMs: 300_000,
          defaults: { groupBy: ['...'], groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 4 * 3_600_000 },
          routes: [],
        },
      },
    });
  });

  it('reads logs.retention and rejects a zero one, naming file, line and setting', () => {
    const read = (text: string) => loadConfig({ CONFIG: 'c.yaml' }, () => text);
    expect(read('logs:\n  retention: 3d\n').logs).toEqual({ retentionMs: 3 * 86_400_000 });
    expect(() => read('server:\n  port: 1\nlogs:\n  retention: 0s\n')).toThrow('config file c.yaml:4: logs.retention: must be greater than 0');
  });

  it('reads rules.files and rules.evaluationInterval, takes the folder from ALERT_RULES_DIR, rejects a zero interval', () => {
    const read = (text: string, env: Record<string, string> = {}) => loadConfig({ CONFIG: 'c.yaml', ...env }, () => text);
    expect(read('rules:\n  files: [r/*.rules]\n  evaluationInterval: 30s\n').rules).toEqual({ files: ['r/*.rules'], evaluationIntervalMs: 30_000 });
    expect(read('server:\n  port: 1\n', { ALERT_RULES_DIR: '/etc/rules' }).rules.files).toEqual(['/etc/rules/*.yaml', '/etc/rules/*.yml']);
    expect(() => read('rules:\n  evaluationInterval: 0s\n')).toThrow('config file c.yaml:2: rules.evaluationInterval: must be greater than 0');
  });

  it('is deeply frozen', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.storage)).toBe(true);
    expect(Object.isFrozen(c.auth.tokens)).toBe(true);
  });

  it('reads the YAML file and lets the environment override it', () => {
    const yaml = [
      'server:',
      '  host: 0.0.0.0',
      '  port: 9000',
      'storage:',
      '  dataDir: /var/lib/x',
      '  retention: 30d',
      '  blockDuration: 1h30m',
      '  sync: normal',
      'ingest:',
      '  maxBodyBytes: 1MiB',
      'query:',
      '  lookbackDelta: 1m',
      '  timeout: 30s',
      '  maxSamples: 1000',
      'auth:',
      '  tokens:',
      '    - { token: abc, scope: read }',
      'log:',
      '  level: debug',
    ].join('\n');
    const c = loadConfig({ CONFIG: '/etc/api.yaml', PORT: '9100', API_TOKENS: 'w1:write, a1:admin', LOG_LEVEL: 'warn' }, files({ '/etc/api.yaml': yaml }));
    expect(c.configFile).toBe('/etc/api.yaml');
    expect(c.server).toEqual({ host: '0.0.0.0', port: 9100 });
    expect(c.storage).toEqual({ dataDir: '/var/lib/x', retentionMs: 30 * 86_400_000, blockDurationMs: 5_400_000, sync: 'normal' });
    expect(c.ingest.maxBodyBytes).toBe(1024 * 1024);
    expect(c.query).toEqual({ lookbackDeltaMs: 60_000, timeoutMs: 30_000, maxSamples: 1000 });
    expect(c.auth.tokens).toEqual([
      { token: 'abc', scope: 'read' },
      { token: 'w1', scope: 'write' },
      { token: 'a1', scope: 'admin' },
    ]);
    expect(c.log.level).toBe('warn');
  });

  it('HOST and DATA_DIR env vars win over the file', () => {
    const c = loadConfig({ CONFIG: 'c.yaml', HOST: '::1', DATA_DIR: '/tmp/d' }, files({ 'c.yaml': 'server: { host: 0.0.0.0 }\n' }));
    expect(c.server.host).toBe('::1');
    expect(c.storage.dataDir).toBe('/tmp/d');
  });

  it('an explicitly named file that is missing is an error naming it', () => {
    const e = errorOf(() => loadConfig({ CONFIG: '/nope.yaml' }, files({})));
    expect(e.message).toBe('config file /nope.yaml: file not found (set by CONFIG)');
  });

  it('ignores the collector section of a shared config file (npm start passes CONFIG to both processes)', () => {
    const yaml = 'server:\n  port: 9000\ncollector:\n  interval: 10s\n  anything: [1, 2]\n';
    expect(loadConfig({ CONFIG: 'c.yaml' }, files({ 'c.yaml': yaml })).server.port).toBe(9000);
  });

  it('an empty file means defaults', () => {
    expect(loadConfig({ CONFIG: 'e.yaml' }, files({ 'e.yaml': '' })).server.port).toBe(8080);
  });

  it('names file, line and field for a bad duration', () => {
    const yaml = 'storage:\n  sync: full\n  retention: 15 days\n';
    const e = errorOf(() => loadConfig({ CONFIG: 'c.yaml' }, files({ 'c.yaml': yaml })));
    expect(e.message).toBe('config file c.yaml:3: storage.retention: not a valid duration string: "15 days"');
    expect(e.position).toEqual({ file: 'c.yaml', line: 3 });
  });

  it('names file, line and field for an unknown key (a typo)', () => {
    const yaml = 'query:\n  lookback: 5m\n';
    const e = errorOf(() => loadConfig({ CONFIG: 'c.yaml' }, files({ 'c.yaml': yaml })));
    expect(e.message).toMatch(/^config file c\.yaml:2: query\.lookback: unknown setting/);
  });

  it('names file, line and field for a wrong type or enum value', () => {
    const yaml = 'auth:\n  tokens:\n    - token: t\n      scope: root\n';
    const e = errorOf(() => loadConfig({ CONFIG: 'c.yaml' }, files({ 'c.yaml': yaml })));
    expect(e.message).toMatch(/^config file c\.yaml:4: auth\.tokens\.0\.scope: /);
    const e2 = errorOf(() => loadConfig({ CONFIG: 'c.yaml' }, files({ 'c.yaml': 'server:\n  port: eighty\n' })));
    expect(e2.message).toMatch(/^config file c\.yaml:2: server\.port: /);
  });

  it('reports YAML syntax errors with the line', () => {
    const e = errorOf(() => loadConfig({ CONFIG: 'c.yaml' }, files({ 'c.yaml': 'server:\n  host: [a\n' })));
    expect(e.message).toMatch(/^config file c\.yaml:\d+: YAML syntax error/);
  });

  it('rejects bad env values with the variable name and never echoes tokens', () => {
    expect(errorOf(() => loadConfig({ PORT: 'http' })).message).toMatch(/^environment variable PORT: /);
    expect(errorOf(() => loadConfig({ LOG_LEVEL: 'loud' })).message).toMatch(/^environment variable LOG_LEVEL: /);
    const e = errorOf(() => loadConfig({ API_TOKENS: 's3cret:root' }));
    expect(e.message).toMatch(/^environment variable API_TOKENS: entry 1 must be token:scope/);
    expect(e.message).not.toContain('s3cret');
  });
});

describe('parseTokenList', () => {
  it('parses token:scope pairs, tolerating spaces and empty entries', () => {
    expect(parseTokenList(' a:read,,b:c:admin ')).toEqual([
      { token: 'a', scope: 'read' },
      { token: 'b:c', scope: 'admin' },
    ]);
  });
});
