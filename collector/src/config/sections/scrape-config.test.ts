import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config-error.js';
import { loadConfig } from '../load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'scrape-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads `yaml` as the config file <dir>/collector.yaml (so relative paths resolve against dir). */
function load(yaml: string): ReturnType<typeof loadConfig> {
  const file = join(dir, 'collector.yaml');
  writeFileSync(file, yaml);
  return loadConfig({ CONFIG: file });
}

function configError(yaml: string): ConfigError {
  try {
    load(yaml);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('scrape.configs: Prometheus scrape_configs entries', () => {
  it('takes a prometheus.yml scrape config unchanged', () => {
    writeFileSync(join(dir, 'token'), 'file-token\n');
    const c = load(`
interval: 15s
scrape:
  selfScrape: false
  configs:
    - job_name: node
      scrape_interval: 30s
      scrape_timeout: 5s
      metrics_path: /probe
      scheme: https
      params: { module: [http_2xx], target: [a, b] }
      honor_labels: true
      honor_timestamps: false
      sample_limit: 1000
      authorization:
        credentials_file: token
      static_configs:
        - targets: ['10.0.0.1:9100', 'db.example.com']
          labels: { env: prod, __metrics_path__: /other }
      file_sd_configs:
        - files: ['targets/*.json', /etc/sd/nodes.yml]
          refresh_interval: 1m
    - job_name: minimal
      static_configs:
        - targets: ['127.0.0.1:9090']
      basic_auth: { username: u, password: p }
`);
    expect(c.scrape.jobs).toEqual([
      {
        job: 'node',
        intervalMs: 30_000,
        timeoutMs: 5_000,
        scheme: 'https',
        metricsPath: '/probe',
        params: { module: ['http_2xx'], target: ['a', 'b'] },
        honorLabels: true,
        honorTimestamps: false,
        sampleLimit: 1000,
        followRedirects: true,
        bearerToken: 'file-token',
        basicAuth: undefined,
        staticConfigs: [{ targets: ['10.0.0.1:9100', 'db.example.com'], labels: { env: 'prod', __metrics_path__: '/other' } }],
        fileSdConfigs: [{ files: [join(dir, 'targets/*.json'), '/etc/sd/nodes.yml'], refreshIntervalMs: 60_000 }],
      },
      {
        job: 'minimal',
        intervalMs: 15_000,
        timeoutMs: 10_000,
        scheme: 'http',
        metricsPath: '/metrics',
        params: {},
        honorLabels: false,
        honorTimestamps: true,
        sampleLimit: 0,
        followRedirects: true,
        bearerToken: undefined,
        basicAuth: { username: 'u', password: 'p' },
        staticConfigs: [{ targets: ['127.0.0.1:9090'], labels: {} }],
        fileSdConfigs: [],
      },
    ]);
  });

  it('keeps the short `targets` form and the self-scrape beside configs; the default timeout never exceeds the interval', () => {
    const c = load(`
interval: 5s
scrape:
  targets:
    - job: app
      url: https://app.example.com/metrics?format=prom
  configs:
    - job_name: other
      static_configs: [{ targets: ['127.0.0.1:1'] }]
`);
    expect(c.scrape.jobs.map((j) => [j.job, j.scheme, j.metricsPath, j.params, j.timeoutMs, j.staticConfigs[0].targets])).toEqual([
      ['api', 'http', '/metrics', {}, 5000, ['127.0.0.1:8080']],
      ['app', 'https', '/metrics', { format: ['prom'] }, 5000, ['app.example.com']],
      ['other', 'http', '/metrics', {}, 5000, ['127.0.0.1:1']],
    ]);
  });

  it.each([
    [
      'relabel_configs',
      'scrape:\n  configs:\n    - job_name: a\n      relabel_configs:\n        - action: drop\n',
      5, // the line of the value, as for every field
      'scrape.configs.0.relabel_configs',
      /not supported by the collector: relabeling is not implemented/,
    ],
    ['a service discovery', 'scrape:\n  configs:\n    - job_name: a\n      kubernetes_sd_configs: []\n', 4, 'scrape.configs.0.kubernetes_sd_configs', /only static_configs and file_sd_configs/],
    ['a misspelt key', 'scrape:\n  configs:\n    - job_name: a\n      scrape_intervall: 1m\n', 4, 'scrape.configs.0.scrape_intervall', /unknown setting/],
    ['a timeout over the interval', 'scrape:\n  configs:\n    - job_name: a\n      scrape_interval: 5s\n      scrape_timeout: 10s\n', 5, 'scrape.configs.0.scrape_timeout', /longer than scrape_interval/],
    ['a duplicate job_name', 'scrape:\n  configs:\n    - job_name: a\n    - job_name: a\n', 4, 'scrape.configs.1.job_name', /already the job_name of scrape.configs\[0\]/],
    [
      'a URL as a target',
      'scrape:\n  configs:\n    - job_name: a\n      static_configs:\n        - targets: [ok:1, "http://x:1/metrics"]\n',
      5,
      'scrape.configs.0.static_configs.0.targets.1',
      /not a host:port address/,
    ],
    ['a glob in a directory', 'scrape:\n  configs:\n    - job_name: a\n      file_sd_configs:\n        - files: ["*/x.json"]\n', 5, 'scrape.configs.0.file_sd_configs.0.files.0', /"\*" only in the last path element/],
    ['two credentials', 'scrape:\n  configs:\n    - job_name: a\n      bearer_token: x\n      basic_auth: { username: u }\n', 5, 'scrape.configs.0.basic_auth', /only one of bearer_token, basic_auth/],
    ['a missing credentials file', 'scrape:\n  configs:\n    - job_name: a\n      bearer_token_file: nope.txt\n', 4, 'scrape.configs.0.bearer_token_file', /ENOENT/],
    ['no job_name', 'scrape:\n  configs:\n    - scrape_interval: 1m\n', 3, 'scrape.configs.0.job_name', /Expected required property/],
    ['a bad scheme', 'scrape:\n  configs:\n    - job_name: a\n      scheme: ftp\n', 4, 'scrape.configs.0.scheme', /"ftp" is not one of http, https/],
  ])('rejects %s with file, line and field', (_what, yaml, line, field, reason) => {
    const err = configError(yaml);
    expect(err.message).toMatch(reason);
    expect({ line: err.line, field: err.field }).toEqual({ line, field });
    expect(err.message).toContain(`collector.yaml:${line}: ${field}: `);
  });
});
