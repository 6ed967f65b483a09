import type { ScrapeJobConfig } from '../../config/sections/scrape-config.js';
import type { ScrapeTarget } from './scrape-source.js';

/**
 * A target of a job from one address of a target group, as Prometheus's populateLabels does it without
 * relabeling: group labels may set `__scheme__`, `__metrics_path__`, `__address__` and `__param_<name>`
 * (they win over the job's scheme, metrics_path and params), `job` (default: job_name) and `instance`
 * (default: the address). The address gets the scheme's default port when it has none, as Prometheus 2.x
 * does. Labels starting with `__` are then dropped.
 */
export function buildScrapeTarget(job: ScrapeJobConfig, address: string, groupLabels: Readonly<Record<string, string>>): ScrapeTarget {
  const scheme = groupLabels.__scheme__ ?? job.scheme;
  const path = groupLabels.__metrics_path__ ?? job.metricsPath;
  const withPort = addDefaultPort(groupLabels.__address__ ?? address, scheme);
  const url = new URL(`${scheme}://${withPort}`);
  url.pathname = path;
  const params = new Map<string, string[]>(Object.entries(job.params).map(([k, v]) => [k, [...v]]));
  for (const [name, value] of Object.entries(groupLabels)) {
    if (!name.startsWith('__param_')) continue;
    const param = name.slice('__param_'.length);
    const values = params.get(param) ?? [];
    values[0] = value;
    params.set(param, values);
  }
  for (const [k, values] of params) for (const v of values) url.searchParams.append(k, v);
  const labels: Record<string, string> = { job: job.job };
  for (const [name, value] of Object.entries(groupLabels)) if (!name.startsWith('__')) labels[name] = value;
  labels.instance ??= withPort;
  return {
    job: labels.job,
    url: url.toString(),
    timeoutMs: job.timeoutMs,
    labels,
    bearerToken: job.bearerToken,
    basicAuth: job.basicAuth,
    honorLabels: job.honorLabels,
    honorTimestamps: job.honorTimestamps,
    sampleLimit: job.sampleLimit,
    followRedirects: job.followRedirects,
  };
}

/** `host` -> `host:80` (http) or `host:443` (https); an address with a port is kept. */
export function addDefaultPort(address: string, scheme: string): string {
  const hasPort = address.startsWith('[') ? /\]:\d+$/.test(address) : /:\d+$/.test(address);
  if (hasPort) return address;
  return `${address}:${scheme === 'https' ? 443 : 80}`;
}
