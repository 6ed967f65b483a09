/** Randomness and waiting, injectable so tests can make the shop's behaviour deterministic. */
export interface Chance {
  /** A number in [0, 1). */
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const REAL_CHANCE: Chance = {
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface DependencyLatency {
  /** Typical latency range in milliseconds. */
  readonly fastMs: readonly [number, number];
  /** Latency range of a slow call. */
  readonly slowMs: readonly [number, number];
  /** Probability that a call is slow. */
  readonly slowRate: number;
}

/**
 * A downstream service the shop waits for (inventory database, payment provider): each call takes a random
 * time, now and then a slow one, so the shop's latency histogram has a realistic long tail.
 */
export class SimulatedDependency {
  constructor(
    readonly name: string,
    private readonly latency: DependencyLatency,
    private readonly chance: Chance = REAL_CHANCE,
  ) {}

  /** Waits as long as one call to the dependency takes; returns the milliseconds waited. */
  async call(): Promise<number> {
    const slow = this.chance.random() < this.latency.slowRate;
    const [lo, hi] = slow ? this.latency.slowMs : this.latency.fastMs;
    const ms = Math.round(lo + (hi - lo) * this.chance.random());
    await this.chance.sleep(ms);
    return ms;
  }
}

/** The payment provider declined or failed the charge. */
export class PaymentFailedError extends Error {
  constructor(readonly reason: string) {
    super(`payment failed: ${reason}`);
    this.name = 'PaymentFailedError';
  }
}

const DECLINE_REASONS = ['card_declined', 'insufficient_funds', 'provider_timeout', 'fraud_suspected'];

/** The payment provider: slow-ish, and it fails a configurable share of charges. */
export class PaymentGateway {
  private next = 1;

  constructor(
    private readonly dependency: SimulatedDependency,
    private readonly failureRate: number,
    private readonly chance: Chance = REAL_CHANCE,
  ) {}

  /** Charges the amount; resolves to a transaction id or rejects with PaymentFailedError. */
  async charge(amountCents: number): Promise<string> {
    if (!Number.isInteger(amountCents) || amountCents <= 0) throw new RangeError(`cannot charge ${amountCents} cents`);
    await this.dependency.call();
    if (this.chance.random() < this.failureRate) {
      throw new PaymentFailedError(DECLINE_REASONS[Math.floor(this.chance.random() * DECLINE_REASONS.length) % DECLINE_REASONS.length]);
    }
    return `tx-${Date.now().toString(36)}-${(this.next++).toString(36)}`;
  }
}
