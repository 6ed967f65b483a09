export interface LoadProfileOptions {
  /** Mean sessions per second. */
  readonly sessionsPerSecond: number;
  /** Period of the diurnal curve (rate between 0.5x and 1.5x); 0 for a flat rate. */
  readonly dayPeriodMs: number;
  /** Occasional bursts of 3-5x lasting 10-30 s, about one every 90 s. */
  readonly bursts: boolean;
  readonly random: () => number;
}

/**
 * The session arrival rate over time: a base rate shaped by a sine "day" and random bursts. `rateAt(t)` is
 * called with non-decreasing times (ms since start); bursts are decided as time passes.
 */
export class LoadProfile {
  private burstUntil = -1;
  private burstFactor = 1;
  private lastCheck = 0;
  private lastAsked = 0;

  constructor(private readonly opts: LoadProfileOptions) {}

  /** Sessions per second at `tMs` milliseconds after the start. */
  rateAt(tMs: number): number {
    const { sessionsPerSecond, dayPeriodMs, bursts, random } = this.opts;
    const diurnal = dayPeriodMs > 0 ? 1 + 0.5 * Math.sin((2 * Math.PI * tMs) / dayPeriodMs) : 1;
    if (bursts) {
      // One chance per elapsed second of starting a burst (about one every 90 s).
      while (this.lastCheck + 1000 <= tMs) {
        this.lastCheck += 1000;
        if (this.lastCheck > this.burstUntil && random() < 1 / 90) {
          this.burstUntil = this.lastCheck + 10_000 + random() * 20_000;
          this.burstFactor = 3 + random() * 2;
        }
      }
    }
    this.lastAsked = tMs;
    const burst = tMs <= this.burstUntil ? this.burstFactor : 1;
    return sessionsPerSecond * diurnal * burst;
  }

  /** Whether a burst is on at the last time asked. */
  get inBurst(): boolean {
    return this.lastAsked <= this.burstUntil;
  }
}
