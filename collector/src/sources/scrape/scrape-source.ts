import type { Logger } from 'pino';
import type { ScrapeTargetConfig } from '../../config/config-schema.js';
import type { CollectedSample, Source } from '../source.js';
import { ExpositionParseError, type ExpositionParser } from './exposition.js';
import { parsePrometheusText } from './text-format-parser.js';

/** What Prometheus sends when it asks only for the text format 0.0.4. */
export const SCRAPE_ACCEPT_HEADER = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';
const USER_AGENT = 'slo-collector/0.1';

export type ScrapeTarget = Pick<ScrapeTargetConfig, 'job' | 'url' | 'timeoutMs' | 'labels'> & { readonly bearerToken?: string };

/** Prometheus's `instance` for a URL: host:port, with the scheme's default port made explicit. */
export function instanceOf(url: URL): string {
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  return `${url.hostname}:${port}`;
}

/**
 * Scrapes one Prometheus text-format endpoint. Adds `job` and `instance` (a scraped label of the same name
 * is kept as `exported_<name>`, Prometheus's honor_labels: false), and the synthetic series `up`,
 * `scrape_duration_seconds` and `scrape_samples_scraped`. A target that is down, slow or returns garbage gives
 * `up 0` (and no other samples); that is logged once per change of state, never thrown.
 */
export class ScrapeSource implements Source {
  readonly name: string;
  private readonly url: URL;
  private readonly targetLabels: Record<string, string>;
  private lastUp: boolean | undefined;

  constructor(
    private readonly target: ScrapeTarget,
    private readonly log: Logger,
    private readonly parser: ExpositionParser = parsePrometheusText,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.url = new URL(target.url);
    this.targetLabels = { ...target.labels, job: target.job, instance: instanceOf(this.url) };
    this.name = `scrape:${target.job}:${this.targetLabels.instance}`;
  }

  async collect(now: number): Promise<CollectedSample[]> {
    const started = this.now();
    let out: CollectedSample[] = [];
    let failure: string | undefined;
    try {
      const body = await this.fetchBody();
      out = this.toSamples(body, now);
    } catch (err) {
      failure = reasonOf(err, this.target.timeoutMs);
      out = [];
    }
    const durationS = (this.now() - started) / 1000;
    const up = failure === undefined;
    this.logStateChange(up, failure);
    const synthetic = (name: string, value: number): CollectedSample => ({ name, labels: { ...this.targetLabels }, value, timestamp: now });
    out.push(
      synthetic('up', up ? 1 : 0),
      synthetic('scrape_duration_seconds', durationS),
      synthetic('scrape_samples_scraped', out.length),
    );
    return out;
  }

  private async fetchBody(): Promise<string> {
    const headers: Record<string, string> = {
      accept: SCRAPE_ACCEPT_HEADER,
      'accept-encoding': 'gzip',
      'user-agent': USER_AGENT,
      'x-prometheus-scrape-timeout-seconds': String(this.target.timeoutMs / 1000),
    };
    if (this.target.bearerToken !== undefined) headers.authorization = `Bearer ${this.target.bearerToken}`;
    const res = await fetch(this.url, {
      headers,
      signal: AbortSignal.timeout(this.target.timeoutMs),
    });
    if (res.status < 200 || res.status > 299) {
      await res.body?.cancel();
      throw new Error(`server returned HTTP status ${res.status} ${res.statusText}`.trim());
    }
    return await res.text();
  }

  private toSamples(body: string, now: number): CollectedSample[] {
    const parsed = this.parser(body);
    const out: CollectedSample[] = [];
    for (const s of parsed.samples) {
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(s.labels)) {
        // An empty label value is the same as no label in Prometheus.
        if (v === '') continue;
        labels[k in this.targetLabels ? `exported_${k}` : k] = v;
      }
      Object.assign(labels, this.targetLabels);
      out.push({ name: s.name, labels, value: s.value, timestamp: s.timestamp ?? now });
    }
    return out;
  }

  private logStateChange(up: boolean, reason: string | undefined): void {
    if (this.lastUp === up) return;
    const first = this.lastUp === undefined;
    this.lastUp = up;
    const fields = { job: this.target.job, instance: this.targetLabels.instance, url: this.target.url };
    if (up) this.log.info(fields, first ? 'scrape target is up' : 'scrape target is up again');
    else this.log.warn({ ...fields, reason }, 'scrape target is down (up 0); next log line when it changes');
  }
}

function reasonOf(err: unknown, timeoutMs: number): string {
  if (err instanceof ExpositionParseError) return `invalid exposition: ${err.message}`;
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return `timeout after ${timeoutMs}ms`;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code !== undefined) return `${err.message}: ${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
    return err.message;
  }
  return String(err);
}
