import type { Logger } from 'pino';
import type { SloRuleOptions } from './burn-rate-rules.js';
import type { SloDefinition } from './slo-definition.js';
import { registerSloRules, type GeneratedRuleSink } from './slo-rule-registration.js';

export interface SloRuleSyncOptions {
  /** The rule engine (RuleManager). */
  readonly rules: GeneratedRuleSink;
  /** The loaded SLOs (SloManager). */
  readonly slos: { definitions(): SloDefinition[] };
  readonly options?: SloRuleOptions;
  readonly logger: Logger;
}

/**
 * Keeps the rule engine's SLO burn-rate rules in step with the loaded SLOs: `sync()` registers the rules of the
 * current definitions, and does nothing when they have not changed since the last call. Subscribe it to the
 * SloManager (`slos.addListener(sync)`): it syncs after every SLO evaluation round, so a reloaded SLO file changes
 * its alerts at the next round.
 */
export class SloRuleSync {
  private lastKey: string | undefined;
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SloRuleSyncOptions) {}

  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.doSync());
    return this.syncing;
  }

  /** SloListener: sync after an evaluation round (without waiting). */
  onEvaluated(): void {
    void this.sync();
  }

  private async doSync(): Promise<void> {
    const defs = this.opts.slos.definitions();
    const key = JSON.stringify(defs);
    if (key === this.lastKey) return;
    this.lastKey = key;
    try {
      const groups = await registerSloRules(this.opts.rules, defs, this.opts.options, (slo, err) =>
        this.opts.logger.error({ slo: slo.name, file: slo.source.file, err: err.message }, `SLO ${slo.name}: no burn-rate alerts: ${err.message}`),
      );
      this.opts.logger.info({ slos: defs.length, groups }, `SLO burn-rate rules registered: ${groups} group(s) for ${defs.length} SLO(s)`);
    } catch (err) {
      this.lastKey = undefined;
      this.opts.logger.error({ err }, 'registering the SLO burn-rate rules failed');
    }
  }
}
