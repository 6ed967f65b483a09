import type { Logger } from 'pino';
import type { CollectedSample, Source } from '../source.js';
import { httpGetText } from './http-get-text.js';
import { ExpositionParseError, type ExpositionParser, type ParsedExposition } from './exposition.js';
import { mergeTargetLabels } from './merge-target-labels.js';
import { parseOpenMetricsText } from './openmetrics-parser.js';
import { STALE_NAN } from './stale-marker.js';
import { parsePrometheusText } from './text-format-parser.js';

/** What Prometheus 2.42 sends: OpenMetrics preferred, text 0.0.4 accepted, anything else as a last resort. */
export const SCRAPE_ACCEPT_HEADER =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
const USER_AGENT = 'slo-collector/0.1';

/** The series Prometheus adds for every scrape of a target (its "report" series). */
export const REPORT_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'] as const;

/** One scrape target: where, how, and the labels its samples get. */
export interface ScrapeTarget {
  /** The `job` label (unless `labels` has one: target labels win, as in Prometheus). */
  readonly job: string;
  /** Full URL: scheme, address, metrics path and params. */
  readonly url: string;
  readonly timeoutMs: number;
  /** Target labels added to every sample; `job` and `instance` (host:port of `url`) are added when absent. */
  readonly labels: Readonly<Record<string, string>>;
  /** Sent as `Authorization: Bearer`; never logged. */
  readonly bearerToken?: string;
  /** Sent as `Authorization: Basic`; never logged. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /** Prometheus `honor_labels` (default false: clashing scraped labels become `exported_<name>`). */
  readonly honorLabels?: boolean;
  /** Prometheus `honor_timestamps` (default true: timestamps in the exposition are kept). */
  readonly honorTimestamps?: boolean;
  /** Prometheus `sample_limit`: a scrape with more samples fails (0 or absent: no limit). */
  readonly sampleLimit?: number;
  /** Prometheus `follow_redirects` (default true). */
  readonly followRedirects?: boolean;
}

/**
 * Scrapes one Prometheus endpoint as Prometheus 2.42 does:
 *
 * - Content negotiation: asks for OpenMetrics 1.0.0 first, then text 0.0.4; parses by the Content-Type the
 *   target answers with (`application/openmetrics-text` -> OpenMetrics, anything else -> text 0.0.4), unless a
 *   parser is passed to the constructor (then that one is always used).
 * - Labels: target labels (job, instance, extra labels) with `honor_labels` semantics (see mergeTargetLabels);
 *   exposition timestamps kept unless `honorTimestamps` is false.
 * - Report series on every run: `up`, `scrape_duration_seconds`, `scrape_samples_scraped`,
 *   `scrape_samples_post_metric_relabeling` (no relabeling: the same count) and `scrape_series_added`.
 * - Staleness: a series of the previous successful scrape that is missing now gets a staleness marker (the
 *   NaN with bits 0x7ff0000000000002) at this run's timestamp; a failed scrape marks every series of the
 *   previous one; `stop()` (the target left service discovery) marks those and the report series. Samples
 *   with an exposition timestamp are not tracked, as in Prometheus.
 * - Failures (connection refused, HTTP status, timeout, malformed exposition with its line number, sample
 *   limit) give `up 0` and one log line per change of state, never a throw.
 */
export class ScrapeSource implements Source {
  readonly name: string;
  /** Target labels in their final form: job and instance always present. */
  readonly targetLabels: Readonly<Record<string, string>>;
  private readonly url: URL;
  private readonly headers: Record<string, string>;
  private lastUp: boolean | undefined;
  /**
   * Series (keys, see seriesKey) of the last successful scrape, each with the number of the scrape that last
   * saw it. One map kept across scrapes, so a series seen again keeps its old key string and the new one dies
   * young (100,000 series would otherwise move ~15 MB of fresh keys to the old generation every scrape).
   */
  private readonly seen = new Map<string, number>();
  private generation = 0;
  private reportedOnce = false;

  constructor(
    private readonly target: ScrapeTarget,
    private readonly log: Logger,
    private readonly parser?: ExpositionParser,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.url = new URL(target.url);
    this.targetLabels = Object.freeze({ job: target.job, instance: instanceOf(this.url), ...target.labels });
    this.name = `scrape:${this.targetLabels.job}:${this.targetLabels.instance}`;
    this.headers = {
      accept: SCRAPE_ACCEPT_HEADER,
      'accept-encoding': 'gzip',
      'user-agent': USER_AGENT,
      'x-prometheus-scrape-timeout-seconds': String(target.timeoutMs / 1000),
    };
    if (target.bearerToken !== undefined) this.headers.authorization = `Bearer ${target.bearerToken}`;
    else if (target.basicAuth !== undefined) {
      this.headers.authorization = `Basic ${Buffer.from(`${target.basicAuth.username}:${target.basicAuth.password}`).toString('base64')}`;
    }
  }

  async collect(now: number): Promise<CollectedSample[]> {
    const started = this.now();
    let out: CollectedSample[] = [];
    let failure: string | undefined;
    let scraped = 0;
    let added = 0;
    const generation = ++this.generation;
    try {
      const { body, contentType } = await this.fetchBody();
      const parsed = this.parse(body, contentType);
      scraped = parsed.samples.length;
      const limit = this.target.sampleLimit ?? 0;
      if (limit > 0 && scraped > limit) throw new Error(`sample limit exceeded: ${scraped} samples, sample_limit ${limit}`);
      ({ out, added } = this.toSamples(parsed, now, generation));
    } catch (err) {
      failure = reasonOf(err, this.target.timeoutMs);
      out = [];
      added = 0;
    }
    const durationS = (this.now() - started) / 1000;
    const up = failure === undefined;
    this.logStateChange(up, failure);
    // Staleness: what the last scrape had and this one has not (everything, when this one failed).
    for (const [key, lastSeen] of this.seen) {
      if (lastSeen === generation) continue;
      out.push(staleMarker(key, now));
      this.seen.delete(key);
    }
    const postRelabel = up ? scraped : 0;
    out.push(
      this.report('up', up ? 1 : 0, now),
      this.report('scrape_duration_seconds', durationS, now),
      this.report('scrape_samples_scraped', up ? scraped : 0, now),
      this.report('scrape_samples_post_metric_relabeling', postRelabel, now),
      this.report('scrape_series_added', added, now),
    );
    this.reportedOnce = true;
    return out;
  }

  /** The target is gone (removed from service discovery or config): staleness markers for all it reported. */
  stop(now: number): CollectedSample[] {
    const out: CollectedSample[] = [];
    for (const key of this.seen.keys()) out.push(staleMarker(key, now));
    if (this.reportedOnce) for (const name of REPORT_SERIES) out.push(this.report(name, STALE_NAN, now));
    this.seen.clear();
    this.reportedOnce = false;
    return out;
  }

  private report(name: string, value: number, now: number): CollectedSample {
    return { name, labels: { ...this.targetLabels }, value, timestamp: now };
  }

  private async fetchBody(): Promise<{ body: string; contentType: string }> {
    const res = await httpGetText(this.url, { headers: this.headers, timeoutMs: this.target.timeoutMs, followRedirects: this.target.followRedirects !== false });
    if (res.status < 200 || res.status > 299) throw new Error(`server returned HTTP status ${res.status} ${res.statusText}`.trim());
    return res;
  }

  private parse(body: string, contentType: string): ParsedExposition {
    if (this.parser !== undefined) return this.parser(body);
    return isOpenMetrics(contentType) ? parseOpenMetricsText(body) : parsePrometheusText(body);
  }

  private toSamples(parsed: ParsedExposition, now: number, generation: number): { out: CollectedSample[]; added: number } {
    const out: CollectedSample[] = [];
    const honorTimestamps = this.target.honorTimestamps !== false;
    const honorLabels = this.target.honorLabels === true;
    let added = 0;
    for (const s of parsed.samples) {
      const labels = mergeTargetLabels(s.labels, this.targetLabels, honorLabels);
      const timestamp = honorTimestamps && s.timestamp !== undefined ? s.timestamp : now;
      if (timestamp === now) {
        const key = seriesKey(s.name, labels);
        // A second sample of the same series in one scrape is dropped, as Prometheus does.
        const lastSeen = this.seen.get(key);
        if (lastSeen === generation) continue;
        if (lastSeen === undefined) added++;
        this.seen.set(key, generation);
      } else {
        added++;
      }
      out.push({ name: s.name, labels, value: s.value, timestamp });
    }
    return { out, added };
  }

  private logStateChange(up: boolean, reason: string | undefined): void {
    if (this.lastUp === up) return;
    const first = this.lastUp === undefined;
    this.lastUp = up;
    const fields = { job: this.targetLabels.job, instance: this.targetLabels.instance, url: this.target.url };
    if (up) this.log.info(fields, first ? 'scrape target is up' : 'scrape target is up again');
    else this.log.warn({ ...fields, reason }, 'scrape target is down (up 0); next log line when it changes');
  }
}

/** `application/openmetrics-text` (any version) is OpenMetrics; everything else is read as text 0.0.4, like Prometheus. */
export function isOpenMetrics(contentType: string): boolean {
  return contentType.split(';')[0].trim().toLowerCase() === 'application/openmetrics-text';
}

const KEY_SEPARATOR = '\u0000';

/**
 * Identity of a series: name and labels sorted by name, as one flat string (`name\0l1\0v1\0l2\0v2`). Label
 * names and values cannot contain NUL in practice (Prometheus rejects it in names; a NUL in a value would only
 * make two series share a key).
 */
export function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels);
  if (names.length > 1) names.sort();
  const parts: string[] = [name];
  for (const n of names) parts.push(n, labels[n]);
  return parts.join(KEY_SEPARATOR);
}

/** The staleness marker of the series a key stands for. */
function staleMarker(key: string, now: number): CollectedSample {
  const parts = key.split(KEY_SEPARATOR);
  const labels: Record<string, string> = {};
  for (let i = 1; i + 1 < parts.length; i += 2) labels[parts[i]] = parts[i + 1];
  return { name: parts[0], labels, value: STALE_NAN, timestamp: now };
}

/** The `instance` of a URL: host:port with the scheme's default port made explicit. */
export function instanceOf(url: URL): string {
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  return `${url.hostname}:${port}`;
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
