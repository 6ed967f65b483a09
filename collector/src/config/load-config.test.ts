import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from './config-defaults.js';
import { ConfigError } from './config-error.js';
import { configPathFromArgv, loadConfig } from './load-config.js';

const files = (map: Record<string, string>) => (path: string): string => {
  const text = map[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return text;
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

describe('loadConfig', () => {
  it('uses every default when there is no file (or the file does not exist), frozen', () => {
    const c = loadConfig({ CONFIG: '/nope.yaml' }, [], files({}));
    expect(c.intervalMs).toBe(10_000);
    expect(c.logLevel).toBe('info');
    expect(c.host).toMatchObject({ enabled: true, procPath: '/proc', intervalMs: 10_000, ignoredNetDevices: '^lo$' });
    expect(c.scrape.jobs).toMatchObject([
      { job: 'api', scheme: 'http', metricsPath: '/metrics', intervalMs: 10_000, timeoutMs: 10_000, bearerToken: undefined, staticConfigs: [{ targets: ['127.0.0.1:8080'], labels: {} }] },
    ]);
    expect(c.sink).toEqual({
      kind: 'api',
      url: 'http://127.0.0.1:8080/api/v1/write',
      db: undefined,
      precision: 'ms',
      token: undefined,
      batchSize: 5000,
      flushIntervalMs: 1000,
      maxBufferSamples: 500_000,
      timeoutMs: 10_000,
      retry: { initialDelayMs: 500, maxDelayMs: 30_000, multiplier: 2, jitter: 0.2 },
    });
    expect(Object.isFrozen(c.sink.retry)).toBe(true);
    expect(() => ((c as { intervalMs: number }).intervalMs = 1)).toThrow();
    expect(CONFIG_DEFAULTS.sink.batchSize).toBe(5000);
  });

  it('derives the sink URL and self-scrape target from HOST/PORT and takes COLLECTOR_TOKEN', () => {
    const c = loadConfig({ HOST: '0.0.0.0', PORT: '9999', COLLECTOR_TOKEN: 'tok' });
    expect(c.sink.url).toBe('http://127.0.0.1:9999/api/v1/write');
    expect(c.scrape.jobs[0].staticConfigs[0].targets).toEqual(['127.0.0.1:9999']);
    expect(c.sink.token).toBe('tok');
    expect(c.scrape.jobs[0].bearerToken).toBe('tok'); // the api's /metrics may need it too
    expect(configError(() => loadConfig({ PORT: 'x' })).message).toMatch(/PORT/);
  });

  it('reads a YAML file named by --config (over CONFIG) and applies its settings', () => {
    const yaml = `
interval: 15s
logLevel: debug
host:
  procPath: /host/proc
scrape:
  selfScrape: false
  targets:
    - job: node
      url: http://127.0.0.1:9100/metrics
      interval: 30s
      labels: { env: prod }
sink:
  kind: influxdb-v1
  url: http://127.0.0.1:8086
  db: metrics
  token: from-file
  retry: { maxDelay: 1m }
`;
    const c = loadConfig({ CONFIG: '/other.yaml' }, ['--config', '/c.yaml'], files({ '/c.yaml': yaml }));
    expect(c.configFile).toBe('/c.yaml');
    expect(c.intervalMs).toBe(15_000);
    expect(c.host.procPath).toBe('/host/proc');
    expect(c.host.intervalMs).toBe(15_000);
    expect(c.scrape.jobs).toMatchObject([
      { job: 'node', metricsPath: '/metrics', intervalMs: 30_000, timeoutMs: 10_000, bearerToken: undefined, staticConfigs: [{ targets: ['127.0.0.1:9100'], labels: { env: 'prod' } }] },
    ]);
    expect(c.sink).toMatchObject({ kind: 'influxdb-v1', db: 'metrics', token: 'from-file', retry: { maxDelayMs: 60_000, initialDelayMs: 500 } });
    expect(configPathFromArgv(['--config=/x.yaml'])).toBe('/x.yaml');
  });

  it.each([
    ['sink:\n  batchSize: 0\n', 2, 'sink.batchSize', /greater or equal to 1/],
    ['interval: 10s\nhost:\n  procPth: /proc\n', 3, 'host.procPth', /unknown setting/],
    ['interval: ten seconds\n', 1, 'interval', /not a valid duration/],
    ['scrape:\n  targets:\n    - job: a\n      url: http://x:1/m\n      timeout: 20s\n', 5, 'scrape.targets.0.timeout', /longer than the interval/],
    ['host:\n  ignoredFsTypes: "(unclosed"\n', 2, 'host.ignoredFsTypes', /Invalid regular expression/],
    ['sink:\n  kind: influxdb-v1\n  url: http://127.0.0.1:8086\n', 2, 'sink.db', /required/],
    ['logLevel: loud\n', 1, 'logLevel', /"loud" is not one of fatal, error, warn, info, debug, trace, silent/],
    ['sink:\n  url: ftp://x\n', 2, 'sink.url', /is not an http:\/\/ or https:\/\/ URL/],
  ])('names the file, line and field for %j', (yaml, line, field, reason) => {
    const err = configError(() => loadConfig({ CONFIG: '/etc/c.yaml' }, [], files({ '/etc/c.yaml': yaml })));
    expect(err.message).toContain(`/etc/c.yaml:${line}: ${field}: `);
    expect(err.message).toMatch(reason);
    expect({ file: err.file, line: err.line, field: err.field }).toEqual({ file: '/etc/c.yaml', line, field });
  });

  it('reads the collector section of a shared file (npm start passes one CONFIG to the api and the collector)', () => {
    const yaml = 'server:\n  port: 9000\nstorage:\n  retention: 30d\ncollector:\n  interval: 5s\n  sink:\n    batchSize: 0\n';
    const err = configError(() => loadConfig({ CONFIG: '/c.yaml' }, [], files({ '/c.yaml': yaml })));
    expect(err.message).toMatch(/^config file \/c\.yaml:8: collector\.sink\.batchSize: /);
    const ok = loadConfig({ CONFIG: '/c.yaml' }, [], files({ '/c.yaml': yaml.replace('batchSize: 0', 'batchSize: 10') }));
    expect(ok.intervalMs).toBe(5000);
    expect(ok.sink.batchSize).toBe(10);
    // The api's sections alone (no collector section): collector defaults, and typos are still caught.
    expect(loadConfig({ CONFIG: '/a.yaml' }, [], files({ '/a.yaml': 'server:\n  port: 9000\nlog:\n  level: debug\n' })).intervalMs).toBe(10_000);
    expect(configError(() => loadConfig({ CONFIG: '/a.yaml' }, [], files({ '/a.yaml': 'server: {}\nintervall: 5s\n' }))).message).toMatch(
      /a\.yaml:2: intervall: unknown setting/,
    );
  });

  it('reports YAML syntax errors with their line', () => {
    const err = configError(() => loadConfig({ CONFIG: '/c.yaml' }, [], files({ '/c.yaml': 'interval: 10s\nhost: [\n' })));
    expect(err.message).toMatch(/^config file \/c\.yaml:\d+: YAML syntax error/);
  });
});
