import { LoadProfile } from './load-profile.js';
import { ShopClient } from './shop-client.js';
import { runVisitorSession, type SessionOutcome } from './visitor-session.js';

export interface TrafficOptions {
  /** Base URL of the shop, e.g. http://127.0.0.1:8090. */
  readonly target: string;
  readonly sessionsPerSecond: number;
  /** Period of the diurnal curve; 0 for a flat rate. */
  readonly dayPeriodMs?: number;
  readonly bursts?: boolean;
  /** Mean pause between a visitor's steps, in ms (default 600; tests use a few ms). */
  readonly thinkTimeMs?: number;
  /** Sessions running at once are capped (default 200), so a slow shop is not buried under visitors. */
  readonly maxConcurrentSessions?: number;
  readonly random?: () => number;
}

export interface TrafficStats {
  sessions: number;
  requests: number;
  /** Responses by status code ("0" for network failures). */
  readonly byStatus: Record<string, number>;
  readonly outcomes: Partial<Record<SessionOutcome, number>>;
}

/**
 * Starts visitor sessions against the shop at a rate that follows a LoadProfile (Poisson arrivals), until
 * `stop()`; `stop()` lets the running sessions end quickly (they stop at their next step) and resolves when
 * they have.
 */
export class TrafficGenerator {
  readonly stats: TrafficStats = { sessions: 0, requests: 0, byStatus: {}, outcomes: {} };
  private readonly client: ShopClient;
  private readonly profile: LoadProfile;
  private readonly random: () => number;
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private startedAt = 0;

  constructor(private readonly opts: TrafficOptions) {
    if (!(opts.sessionsPerSecond > 0)) throw new RangeError(`sessionsPerSecond must be positive, not ${opts.sessionsPerSecond}`);
    this.random = opts.random ?? Math.random;
    this.client = new ShopClient(opts.target.replace(/\/+$/, ''));
    this.profile = new LoadProfile({
      sessionsPerSecond: opts.sessionsPerSecond,
      dayPeriodMs: opts.dayPeriodMs ?? 0,
      bursts: opts.bursts ?? false,
      random: this.random,
    });
  }

  start(): void {
    if (this.startedAt !== 0) return;
    this.startedAt = Date.now();
    this.scheduleNext();
  }

  /** Sessions currently running. */
  get active(): number {
    return this.running.size;
  }

  get inBurst(): boolean {
    return this.profile.inBurst;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([...this.running]);
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const rate = this.profile.rateAt(Date.now() - this.startedAt);
    const gapMs = (-Math.log(1 - this.random()) / rate) * 1000;
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      if (this.running.size < (this.opts.maxConcurrentSessions ?? 200)) this.launch();
      this.scheduleNext();
    }, Math.min(gapMs, 60_000));
  }

  private launch(): void {
    const meanThink = this.opts.thinkTimeMs ?? 600;
    const think = (): Promise<void> =>
      this.stopped ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, meanThink * (0.25 + 1.5 * this.random())));
    this.stats.sessions++;
    const session = runVisitorSession(this.client, { random: this.random, think, stopped: () => this.stopped }, (r) => {
      this.stats.requests++;
      this.stats.byStatus[String(r.status)] = (this.stats.byStatus[String(r.status)] ?? 0) + 1;
    }).then(
      (outcome) => {
        this.stats.outcomes[outcome] = (this.stats.outcomes[outcome] ?? 0) + 1;
      },
      () => undefined,
    );
    const tracked = session.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }
}
