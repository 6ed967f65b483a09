import type { Logger } from 'pino';
import { labelsKey } from '../storage/labels.js';
import type { MetricStore, Sample } from '../storage/metric-store.js';
import { STALE_NAN } from '../storage/stale-marker.js';
import { watchDirectories, type DirectoryWatcher } from '../rules/directory-watcher.js';
import { expandRuleFileGlobs, ruleFileDirs } from '../rules/rule-file-glob.js';
import type { BudgetCorrections } from './budget-corrections.js';
import { loadSloFiles } from './parse-slo-file.js';
import { formatSloFileProblem, type SloDefinition, type SloFileProblem } from './slo-definition.js';
import type { SloHistorySeries, SloStatus } from './slo-results.js';
import { SloRuntime, type SloRuntimeEnv } from './slo-runtime.js';
import { sloSeriesSamples } from './slo-series.js';

export interface SloManagerOptions {
  /** SLO-file patterns (`slo/*.yaml`), relative to `baseDir` (wildcards in the file name only). */
  readonly files: readonly string[];
  readonly baseDir: string;
  readonly evaluationIntervalMs: number;
  readonly store: MetricStore;
  readonly lookbackDeltaMs: number;
  readonly maxSamples: number;
  readonly queryTimeoutMs: number;
  readonly logger: Logger;
  /** Reload when an SLO file changes (fs.watch on the patterns' directories, debounced). Default true. */
  readonly watch?: boolean;
  readonly watchDebounceMs?: number;
  /** Evaluate on the interval. False for tests that call evaluateAllAt. Default true. */
  readonly schedule?: boolean;
  /** Write the `slo:*` series back to the store. Default true. */
  readonly writeSeries?: boolean;
  /** Wait this long after a slice ends before computing it (late samples). Default 60 s. */
  readonly settleMs?: number;
  readonly now?: () => number;
}

/** The outcome of a (re)load. Invalid files are left out (with their problems); the other files' SLOs run. */
export interface SloReloadResult {
  readonly at: number;
  readonly files: readonly string[];
  readonly slos: number;
  readonly problems: readonly SloFileProblem[];
}

/** Told after every evaluation round (burn-rate alerts, live dashboard updates). Must not block. */
export interface SloListener {
  onEvaluated(statuses: readonly SloStatus[], at: number): void;
}

/**
 * Loads the SLO files, evaluates every SLO every `evaluationIntervalMs` through the PromQL engine, writes the
 * `slo:*` series back, keeps the last status of each SLO for the API, and reloads on file change. An SLO whose
 * definition did not change across a reload keeps its computed slices.
 */
export class SloManager {
  private runtimes = new Map<string, SloRuntime>();
  private readonly listeners = new Set<SloListener>();
  private readonly written = new Map<string, Sample['labels']>();
  private watcher: DirectoryWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private reloading: Promise<SloReloadResult> | undefined;
  private last: SloReloadResult | undefined;
  private stopped = false;
  private readonly now: () => number;
  private readonly env: SloRuntimeEnv;
  private corrections: BudgetCorrections | undefined;

  constructor(private readonly opts: SloManagerOptions) {
    this.now = opts.now ?? Date.now;
    this.env = {
      store: opts.store,
      lookbackDeltaMs: opts.lookbackDeltaMs,
      maxSamples: opts.maxSamples,
      queryTimeoutMs: opts.queryTimeoutMs,
      settleMs: opts.settleMs ?? 60_000,
      historyFactor: 2,
      backfillChunkSlices: 288,
      correctionsFor: (name) => this.corrections?.list(name) ?? [],
    };
  }

  /** Budget corrections to honour from now on (slices they overlap are left out of SLIs, budgets and history). */
  useCorrections(corrections: BudgetCorrections): void {
    this.corrections = corrections;
  }

  async start(): Promise<SloReloadResult> {
    const r = await this.reload();
    if (this.opts.watch !== false) this.startWatching();
    if (this.opts.schedule !== false) this.scheduleNext();
    return r;
  }

  addListener(listener: SloListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  definitions(): SloDefinition[] {
    return [...this.runtimes.values()].map((r) => r.definition);
  }

  /** The last status of every SLO, in file then definition order. */
  statuses(): SloStatus[] {
    return [...this.runtimes.values()].map((r) => r.lastStatus());
  }

  status(name: string): SloStatus | undefined {
    return this.runtimes.get(name)?.lastStatus();
  }

  /** Burn-down points of one SLO (whole, then per group); undefined for an unknown SLO. */
  history(name: string, start: number, end: number, stepMs: number): SloHistorySeries[] | undefined {
    return this.runtimes.get(name)?.history(start, end, stepMs);
  }

  /** Slice length of an SLO (history steps finer than this add nothing). */
  sliceMs(name: string): number | undefined {
    return this.runtimes.get(name)?.slices.sliceMs;
  }

  lastReload(): SloReloadResult | undefined {
    return this.last;
  }

  reload(): Promise<SloReloadResult> {
    this.reloading ??= this.doReload().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  /** Evaluates every SLO at `t` (in order), writes the series and tells the listeners. */
  async evaluateAllAt(t: number): Promise<void> {
    if (this.running) await this.running;
    const run = this.evaluateAll(t);
    this.running = run;
    try {
      await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
    if (this.running) await this.running.catch(() => undefined);
    if (this.reloading) await this.reloading.catch(() => undefined);
  }

  private async evaluateAll(t: number): Promise<void> {
    const statuses: SloStatus[] = [];
    const samples: Sample[] = [];
    for (const rt of [...this.runtimes.values()]) {
      const before = rt.lastStatus();
      const status = await rt.evaluate(t);
      statuses.push(status);
      if (status.state === 'error' && (before.state !== 'error' || before.errors.join() !== status.errors.join())) {
        this.opts.logger.warn({ slo: rt.definition.name, errors: status.errors }, `SLO ${rt.definition.name}: ${status.errors[0] ?? 'error'}`);
      } else if (before.state === 'error' && status.state !== 'error') {
        this.opts.logger.info({ slo: rt.definition.name }, `SLO ${rt.definition.name} evaluates again`);
      }
      if (this.opts.writeSeries !== false) samples.push(...sloSeriesSamples(status, t));
    }
    if (this.opts.writeSeries !== false) await this.write(samples, t);
    for (const l of this.listeners) {
      try {
        l.onEvaluated(statuses, t);
      } catch (err) {
        this.opts.logger.error({ err }, 'SLO listener failed');
      }
    }
  }

  /** Appends this round's samples and staleness markers for series written last round but not this one. */
  private async write(samples: Sample[], t: number): Promise<void> {
    const now = new Map(samples.map((s) => [labelsKey(s.labels), s.labels]));
    const stale: Sample[] = [];
    for (const [key, labels] of this.written) if (!now.has(key)) stale.push({ labels, timestamp: t, value: STALE_NAN });
    this.written.clear();
    for (const [key, labels] of now) this.written.set(key, labels);
    try {
      await this.opts.store.append([...samples, ...stale]);
    } catch (err) {
      this.opts.logger.error({ err }, 'writing the SLO series failed');
    }
  }

  private async doReload(): Promise<SloReloadResult> {
    const at = this.now();
    let files: string[] = [];
    const problems: SloFileProblem[] = [];
    try {
      files = await expandRuleFileGlobs(this.opts.files, this.opts.baseDir);
    } catch (err) {
      problems.push({ file: this.opts.files.join(','), line: undefined, field: 'slo.files', message: (err as Error).message });
    }
    const loaded = await loadSloFiles(files);
    problems.push(...loaded.problems);
    // Files with problems are left out; SLOs they defined before keep running until the file is fixed.
    const badFiles = new Set(problems.map((p) => p.file));
    const next = new Map<string, SloRuntime>();
    for (const def of loaded.definitions) {
      const rt = new SloRuntime(def, this.env);
      const prev = this.runtimes.get(def.name);
      if (prev && JSON.stringify(prev.definition) === JSON.stringify(def)) next.set(def.name, prev);
      else next.set(def.name, rt);
    }
    for (const [name, rt] of this.runtimes) {
      if (!next.has(name) && badFiles.has(rt.definition.source.file)) next.set(name, rt);
    }
    this.runtimes = next;
    this.last = { at, files, slos: next.size, problems };
    for (const p of problems) this.opts.logger.error({ problem: p }, `SLO file rejected: ${formatSloFileProblem(p)}`);
    this.opts.logger.info({ files: files.length, slos: next.size, problems: problems.length }, `SLOs loaded: ${next.size} SLO(s) from ${files.length} file(s)`);
    return this.last;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const interval = this.opts.evaluationIntervalMs;
    const now = this.now();
    const next = Math.floor(now / interval) * interval + interval;
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      void this.evaluateAllAt(next)
        .catch((err: unknown) => this.opts.logger.error({ err }, 'SLO evaluation failed'))
        .finally(() => this.scheduleNext());
    }, Math.max(0, next - now));
    this.timer.unref();
  }

  private startWatching(): void {
    this.watcher = watchDirectories(ruleFileDirs(this.opts.files, this.opts.baseDir), {
      what: 'SLO files',
      debounceMs: this.opts.watchDebounceMs ?? 500,
      logger: this.opts.logger,
      onChange: () => {
        if (!this.stopped) void this.reload();
      },
    });
  }
}
