import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { AlertListener, AlertRuleRef, AlertSnapshot } from '../alerting/alert.js';
import type { MetricStore } from '../storage/metric-store.js';
import { parseRuleFile } from './parse-rule-file.js';
import { watchDirectories, type DirectoryWatcher } from './directory-watcher.js';
import { expandRuleFileGlobs, ruleFileDirs } from './rule-file-glob.js';
import { RuleGroup, type RuleGroupEnv, type RuleRuntime } from './rule-group.js';
import { formatRuleFileProblem, type RuleFileProblem, type RuleGroupSpec } from './rule-spec.js';
import type { RulesMetrics } from './rules-metrics.js';

export interface RuleManagerOptions {
  /** Rule-file patterns (`alert-rules/*.yaml`), relative to `baseDir`. */
  readonly files: readonly string[];
  readonly baseDir: string;
  /** Interval of groups without their own `interval`. */
  readonly evaluationIntervalMs: number;
  readonly store: MetricStore;
  readonly lookbackDeltaMs: number;
  readonly maxSamples: number;
  readonly queryTimeoutMs: number;
  readonly logger: Logger;
  readonly metrics?: RulesMetrics;
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** What `{{ $externalURL }}` and links in alerts point at. */
  readonly externalURL?: string;
  /** Reload when a rule file changes (fs.watch on the patterns' directories, debounced). Default true. */
  readonly watch?: boolean;
  readonly watchDebounceMs?: number;
  /** Evaluate groups on their intervals. False for tests that call evaluateAllAt. Default true. */
  readonly schedule?: boolean;
  readonly now?: () => number;
}

/** The outcome of a (re)load: on failure the previous rules stay in force and `problems` say why. */
export interface ReloadResult {
  readonly success: boolean;
  readonly at: number;
  readonly files: readonly string[];
  readonly groups: number;
  readonly rules: number;
  readonly problems: readonly RuleFileProblem[];
  /** One line per problem: `file:line: field: message`. */
  readonly error: string | undefined;
}

/**
 * Loads the rule files, evaluates every group on its interval (timestamps aligned to the interval with a
 * per-group offset, as Prometheus does, so evaluations of a group are evenly spaced and groups are spread out),
 * reloads on file change and on request, and tells listeners about alerts. A reload that finds any invalid file
 * keeps the running rules, logs the problems and reports them. Groups that survive a reload keep their alert
 * state; removed groups get staleness markers on their series.
 */
export class RuleManager {
  private groups: RuleGroup[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly listeners = new Set<AlertListener>();
  private watcher: DirectoryWatcher | undefined;
  private stopped = false;
  private firstLoad = true;
  private reloading: Promise<ReloadResult> | undefined;
  private last: ReloadResult | undefined;
  private readonly now: () => number;
  private readonly env: RuleGroupEnv;
  /** The groups of the last good rule-file load, and groups registered by code (SLO burn-rate rules), by source. */
  private fileSpecs: readonly RuleGroupSpec[] = [];
  private readonly generated = new Map<string, readonly RuleGroupSpec[]>();

  constructor(private readonly opts: RuleManagerOptions) {
    this.now = opts.now ?? Date.now;
    this.env = {
      query: {
        store: opts.store,
        lookbackDeltaMs: opts.lookbackDeltaMs,
        maxSamples: opts.maxSamples,
        defaultSubqueryStepMs: opts.evaluationIntervalMs,
      },
      queryTimeoutMs: opts.queryTimeoutMs,
      externalLabels: opts.externalLabels ?? {},
      externalURL: opts.externalURL ?? '',
      logger: opts.logger,
      listeners: () => [...this.listeners],
      onRuleEvaluated: (group, _rule, failed) => {
        this.opts.metrics?.evaluations.inc({ rule_group: group.key });
        if (failed) this.opts.metrics?.evaluationFailures.inc({ rule_group: group.key });
      },
    };
  }

  /** Loads the rules and starts evaluating (and watching). A bad first load starts with no rules. */
  async start(): Promise<ReloadResult> {
    const result = await this.reload();
    if (this.opts.watch !== false) this.startWatching();
    return result;
  }

  /** Subscribes to alert state; returns the unsubscribe function. */
  addListener(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The running groups, in file then definition order. */
  ruleGroups(): readonly RuleGroup[] {
    return this.groups;
  }

  /** Pending and firing alerts of every alerting rule. */
  activeAlerts(): Array<AlertSnapshot & { readonly source: AlertRuleRef }> {
    const out: Array<AlertSnapshot & { source: AlertRuleRef }> = [];
    for (const g of this.groups) {
      for (const r of g.rules) {
        if (!r.alerting) continue;
        for (const a of r.alerting.activeAlerts()) out.push({ ...a, source: { file: g.file, group: g.name, rule: r.spec.name } });
      }
    }
    return out;
  }

  lastReload(): ReloadResult | undefined {
    return this.last;
  }

  /**
   * Registers rule groups that do not come from rule files (the SLOs' generated burn-rate rules), under `source`:
   * they replace that source's previous groups (an empty list removes them) and run beside the file groups,
   * through the same evaluation, ALERTS series, /api/v1/rules, /api/v1/alerts and listeners. A group's identity is
   * its `file` and `name`, so give generated groups a `file` no rule file has (e.g. `slo:<slo file>`). Takes effect
   * at once when the manager has started (alert state of unchanged groups is kept), else at start().
   */
  async setGeneratedGroups(source: string, groups: readonly RuleGroupSpec[]): Promise<void> {
    if (groups.length === 0) this.generated.delete(source);
    else this.generated.set(source, groups);
    if (this.last === undefined) return;
    if (this.reloading) await this.reloading.catch(() => undefined);
    await this.apply(this.allSpecs(this.fileSpecs));
  }

  private allSpecs(files: readonly RuleGroupSpec[]): RuleGroupSpec[] {
    return [...files, ...[...this.generated.values()].flat()];
  }

  /** Re-reads every rule file; concurrent calls share one reload. */
  reload(): Promise<ReloadResult> {
    this.reloading ??= this.doReload().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  /** Evaluates every group once at `ts`, in order (tests and tools; the scheduler does this on its own). */
  async evaluateAllAt(ts: number): Promise<void> {
    for (const g of this.groups) await this.runGroup(g, ts);
  }

  /**
   * Evaluates at `ts` the groups that are due by their own interval: those with a multiple of their interval in
   * (`ts - stepMs`, `ts`]. For callers that step time themselves (the evaluation benchmark), so that a group with a
   * longer interval runs as often as it would on the schedule.
   */
  async evaluateDueAt(ts: number, stepMs: number): Promise<void> {
    for (const g of this.groups) {
      if (Math.floor(ts / g.intervalMs) > Math.floor((ts - stepMs) / g.intervalMs)) await this.runGroup(g, ts);
    }
  }

  /** Stops timers and watchers and waits for evaluations in flight. Series are left as they are. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.watcher?.close();
    this.watcher = undefined;
    await Promise.allSettled([...this.running.values()]);
    if (this.reloading) await this.reloading.catch(() => undefined);
  }

  private async doReload(): Promise<ReloadResult> {
    const at = this.now();
    const problems: RuleFileProblem[] = [];
    const specs: RuleGroupSpec[] = [];
    let files: string[] = [];
    try {
      files = await expandRuleFileGlobs(this.opts.files, this.opts.baseDir);
    } catch (err) {
      problems.push({ file: this.opts.files.join(','), line: undefined, field: 'rules.files', message: (err as Error).message });
    }
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        problems.push({ file, line: undefined, field: '', message: `cannot read: ${(err as Error).message}` });
        continue;
      }
      const parsed = parseRuleFile(text, file);
      problems.push(...parsed.problems);
      specs.push(...parsed.groups);
    }
    const ruleCount = specs.reduce((n, g) => n + g.rules.length, 0);
    if (problems.length > 0) {
      const error = problems.map(formatRuleFileProblem).join('\n');
      this.last = { success: false, at, files, groups: this.groups.length, rules: this.ruleCount(), problems, error };
      this.opts.metrics?.lastReloadSuccessful.set(0);
      this.opts.logger.error(
        { problems: problems.map(formatRuleFileProblem), keptGroups: this.groups.length },
        `rule files rejected (${problems.length} problem(s)); keeping the previous rules: ${problems.map(formatRuleFileProblem)[0]}`,
      );
      // Generated groups (SLO rules) do not depend on the rule files: they run even when the first load failed.
      if (this.firstLoad && this.generated.size > 0) await this.apply(this.allSpecs([]));
      this.firstLoad = false;
      return this.last;
    }
    this.fileSpecs = specs;
    await this.apply(this.allSpecs(specs));
    this.last = { success: true, at, files, groups: specs.length, rules: ruleCount, problems: [], error: undefined };
    this.opts.metrics?.lastReloadSuccessful.set(1);
    this.opts.metrics?.lastReloadSuccessTimestamp.set(at / 1000);
    this.opts.logger.info({ files: files.length, groups: specs.length, rules: ruleCount }, `rules loaded: ${ruleCount} rule(s) in ${specs.length} group(s) from ${files.length} file(s)`);
    return this.last;
  }

  private ruleCount(): number {
    return this.groups.reduce((n, g) => n + g.rules.length, 0);
  }

  private async apply(specs: readonly RuleGroupSpec[]): Promise<void> {
    // Let evaluations in flight finish on the old groups before their state moves over.
    await Promise.allSettled([...this.running.values()]);
    const restore = this.firstLoad;
    this.firstLoad = false;
    const old = new Map(this.groups.map((g) => [g.key, g]));
    const next = specs.map((spec) => {
      const g = new RuleGroup(spec, spec.intervalMs ?? this.opts.evaluationIntervalMs, restore);
      const prev = old.get(g.key);
      if (prev) {
        g.copyStateFrom(prev);
        old.delete(g.key);
      }
      return g;
    });
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    const removedAt = this.now();
    for (const gone of old.values()) {
      this.opts.metrics?.groupRules.remove({ rule_group: gone.key });
      await gone.markAllStale(removedAt, this.env).catch((err: unknown) => this.opts.logger.warn({ err, group: gone.name }, 'writing staleness markers failed'));
    }
    this.groups = next;
    for (const g of next) {
      this.opts.metrics?.groupRules.set({ rule_group: g.key }, g.rules.length);
      if (this.opts.schedule !== false && !this.stopped) this.schedule(g, this.nextEvaluation(g, this.now()));
    }
  }

  /** The first aligned evaluation time at or after `now`: base + offset, offset a stable hash of the group. */
  private nextEvaluation(g: RuleGroup, now: number): number {
    const offset = groupOffset(g.key, g.intervalMs);
    const adj = now - offset;
    const base = adj - (((adj % g.intervalMs) + g.intervalMs) % g.intervalMs);
    let ts = base + offset;
    if (ts < now) ts += g.intervalMs;
    return ts;
  }

  private schedule(g: RuleGroup, ts: number): void {
    const timer = setTimeout(() => {
      if (this.stopped || !this.groups.includes(g)) return;
      void this.runGroup(g, ts).finally(() => {
        if (this.stopped || !this.groups.includes(g)) return;
        const now = this.now();
        let next = ts + g.intervalMs;
        if (next <= now) {
          const missed = Math.floor((now - next) / g.intervalMs) + 1;
          this.opts.metrics?.groupIterationsMissed.inc({ rule_group: g.key }, missed);
          this.opts.logger.warn({ group: g.name, missed }, 'rule group evaluation took longer than its interval: skipping missed evaluations');
          next += missed * g.intervalMs;
        }
        this.schedule(g, next);
      });
    }, Math.max(0, ts - this.now()));
    timer.unref();
    this.timers.set(g.key, timer);
  }

  private async runGroup(g: RuleGroup, ts: number): Promise<void> {
    const prev = this.running.get(g.key);
    if (prev) await prev;
    const run = g.evaluate(ts, this.env).then(() => {
      this.opts.metrics?.groupLastDuration.set({ rule_group: g.key }, g.evaluationSeconds);
      this.opts.metrics?.groupLastEvaluation.set({ rule_group: g.key }, ts / 1000);
    });
    this.running.set(g.key, run);
    try {
      await run;
    } finally {
      if (this.running.get(g.key) === run) this.running.delete(g.key);
    }
  }

  private startWatching(): void {
    this.watcher = watchDirectories(ruleFileDirs(this.opts.files, this.opts.baseDir), {
      what: 'rule files',
      hint: 'reload with POST /-/reload',
      debounceMs: this.opts.watchDebounceMs ?? 500,
      logger: this.opts.logger,
      onChange: () => {
        if (!this.stopped) void this.reload();
      },
    });
  }
}

/** A stable offset in [0, interval) from the group's identity (FNV-1a). */
function groupOffset(key: string, intervalMs: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % intervalMs;
}

export type { RuleRuntime };
