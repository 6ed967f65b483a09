import type { Logger } from 'pino';
import type { ScrapeJobConfig, TargetGroup } from '../../config/sections/scrape-config.js';
import type { MetricSink } from '../../sinks/metric-sink.js';
import type { CollectedSample, Source } from '../source.js';
import { buildScrapeTarget } from './build-scrape-target.js';
import { FileTargetDiscovery } from './file-target-discovery.js';
import { ScrapeSource, seriesKey, type ScrapeTarget } from './scrape-source.js';

/**
 * One Prometheus scrape job: its targets come from `static_configs` and `file_sd_configs` (re-read when the
 * files change), each target is a ScrapeSource, and every run scrapes all current targets at once (each
 * bounded by the job's scrape_timeout). A target that left service discovery gets staleness markers for
 * everything it reported, at the next run, as in Prometheus. Identical targets (same URL and labels) are
 * scraped once.
 *
 * With a `sink`, each target's samples are written to it as soon as that target's scrape is done and
 * `collect` returns nothing: memory then holds a few targets' samples at a time instead of the whole job's
 * (100 targets of 1,000 series are 100,000 samples per run). Without one, `collect` returns everything.
 */
export class ScrapeJobSource implements Source {
  readonly name: string;
  private readonly discoveries: FileTargetDiscovery[];
  private readonly scrapers = new Map<string, ScrapeSource>();
  private readonly log: Logger;

  constructor(
    private readonly job: ScrapeJobConfig,
    private readonly logger: Logger,
    private readonly sink?: Pick<MetricSink, 'write'>,
  ) {
    this.name = `scrape:${job.job}`;
    this.log = logger.child({ job: job.job });
    this.discoveries = job.fileSdConfigs.map((f) => new FileTargetDiscovery(f, this.log));
    for (const d of this.discoveries) d.start();
  }

  /** The targets as of now: static ones, then those of the file_sd files. */
  targets(): Map<string, ScrapeTarget> {
    const groups: TargetGroup[] = [...this.job.staticConfigs, ...this.discoveries.flatMap((d) => d.groups())];
    const out = new Map<string, ScrapeTarget>();
    for (const g of groups) {
      for (const address of g.targets) {
        const t = buildScrapeTarget(this.job, address, g.labels);
        out.set(`${t.url}\u0002${seriesKey('', t.labels)}`, t);
      }
    }
    return out;
  }

  async collect(now: number): Promise<CollectedSample[]> {
    const wanted = this.targets();
    const out: CollectedSample[] = [];
    for (const [key, scraper] of this.scrapers) {
      if (wanted.has(key)) continue;
      this.scrapers.delete(key);
      this.log.info({ instance: scraper.targetLabels.instance }, 'scrape target removed; its series are marked stale');
      out.push(...scraper.stop(now));
    }
    for (const [key, target] of wanted) {
      if (!this.scrapers.has(key)) this.scrapers.set(key, new ScrapeSource(target, this.logger));
    }
    const sink = this.sink;
    if (sink === undefined) {
      const results = await Promise.all([...this.scrapers.values()].map((s) => s.collect(now)));
      for (const r of results) for (const s of r) out.push(s);
      return out;
    }
    if (out.length > 0) await this.write(sink, out);
    await Promise.all([...this.scrapers.values()].map(async (s) => this.write(sink, await s.collect(now))));
    return [];
  }

  private async write(sink: Pick<MetricSink, 'write'>, samples: CollectedSample[]): Promise<void> {
    try {
      // Back-pressure: while the sink's buffer is full this waits, and so does this job's next run.
      await sink.write(samples);
    } catch (err) {
      this.log.error({ err, samples: samples.length }, 'sink rejected the samples of a scrape');
    }
  }

  /** Stops watching the file_sd files. */
  close(): void {
    for (const d of this.discoveries) d.close();
  }
}
