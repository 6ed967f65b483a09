import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config-error.js';
import { loadConfig } from '../load-config.js';

const files = (map: Record<string, string>) => (path: string): string => {
  const text = map[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return text;
};

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('logs config section', () => {
  it('is off without files; the offsets file defaults to <DATA_DIR>/collector/log-offsets.json', () => {
    const c = loadConfig({}, [], files({}));
    expect(c.logs.enabled).toBe(false);
    expect(c.logs.checkpointPath).toBe(resolve('data', 'collector', 'log-offsets.json'));
    const d = loadConfig({ DATA_DIR: '/srv/state', PORT: '9000' }, [], files({}));
    expect(d.logs.checkpointPath).toBe('/srv/state/collector/log-offsets.json');
    expect(d.logs.url).toBe('http://127.0.0.1:9000/api/v1/logs');
  });

  it('resolves files, paths relative to the config file, and every default', () => {
    const yaml = [
      'logs:',
      '  files:',
      "    - paths: ['app/*.log', '/var/log/x.log']",
      '      exclude: [app/*.gz.log]',
      '      format: json',
      '      service: shop',
      '      attributes: { env: prod }',
      '      multiline: { startPattern: "^\\\\d{4}-", timeout: 2s }',
      '    - paths: [/var/log/syslog]',
      '      startAt: end',
      '      multiline: { enabled: false }',
      '  checkpointDir: state',
      '  batchSize: 2000',
      '',
    ].join('\n');
    const c = loadConfig({ CONFIG: '/etc/collector/c.yaml' }, [], files({ '/etc/collector/c.yaml': yaml }));
    expect(c.logs).toMatchObject({
      enabled: true,
      checkpointPath: '/etc/collector/state/log-offsets.json',
      pollIntervalMs: 250,
      batchSize: 2000,
      flushIntervalMs: 200,
      maxBufferRecords: 20_000,
      rotateWaitMs: 5000,
      maxLineBytes: 262_144,
    });
    const [a, b] = c.logs.files;
    expect(a).toMatchObject({ paths: ['/etc/collector/app/*.log', '/var/log/x.log'], exclude: ['/etc/collector/app/*.gz.log'], format: 'json', service: 'shop', attributes: { env: 'prod' }, startAt: 'beginning' });
    expect(a.multiline).toMatchObject({ enabled: true, maxLines: 500, timeoutMs: 2000 });
    expect(a.multiline.startPattern?.test('2024-11-24 x')).toBe(true);
    expect(a.multiline.startPattern?.test('  at x')).toBe(false);
    expect(b).toMatchObject({ format: 'auto', startAt: 'end', multiline: { enabled: false, startPattern: undefined, timeoutMs: 1000 } });
  });

  it('names file, line and field of a bad setting', () => {
    const load = (yaml: string): ConfigError => errorOf(() => loadConfig({ CONFIG: 'c.yaml' }, [], files({ 'c.yaml': yaml })));
    expect(load('logs:\n  files:\n    - paths: [a.log]\n      multiline: { startPattern: "(" }\n').message).toMatch(
      /^config file c\.yaml:4: logs\.files\.0\.multiline\.startPattern: .*regular expression/i,
    );
    expect(load('logs:\n  files:\n    - paths: [a.log]\n      format: xml\n').message).toMatch(/c\.yaml:4: logs\.files\.0\.format: "xml" is not one of auto, json, logfmt, plain/);
    expect(load('logs:\n  files:\n    - paths: []\n').message).toMatch(/c\.yaml:3: logs\.files\.0\.paths/);
    expect(load('logs:\n  batchSize: 500\n  maxBufferRecords: 100\n').message).toMatch(/c\.yaml:3: logs\.maxBufferRecords: must be at least logs\.batchSize/);
    expect(load('logs:\n  pollInterval: soon\n').message).toMatch(/c\.yaml:2: logs\.pollInterval/);
    expect(load('logs:\n  tail: true\n').message).toMatch(/c\.yaml:2: logs\.tail: unknown setting/);
  });
});
