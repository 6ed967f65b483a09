import type { Logger } from 'pino';
import { AlertingRuleState, AlertLimitError, ALERT_NAME_LABEL } from '../alerting/alerting-rule.js';
import type { AlertListener, AlertRuleRef, AlertSnapshot, AlertTransition } from '../alerting/alert.js';
import { evaluateInstant, type QueryContext } from '../query/evaluate-query.js';
import type { InstantSample } from '../query/query-result.js';
import { labelsKey, METRIC_NAME_LABEL, normalizeLabels, type Labels } from '../storage/labels.js';
import type { Sample } from '../storage/metric-store.js';
import { STALE_NAN } from '../storage/stale-marker.js';
import { parseQuery } from '../query/parse-query.js';
import { restoreForState } from './restore-for-state.js';
import { expandAlertTemplate } from './template/alert-template.js';
import type { RuleGroupSpec, RuleSpec } from './rule-spec.js';

export type RuleHealth = 'unknown' | 'ok' | 'err';

/** One rule of a running group with its last evaluation's outcome (what /api/v1/rules shows). */
export interface RuleRuntime {
  readonly spec: RuleSpec;
  health: RuleHealth;
  lastError: string | undefined;
  /** Unix ms of the last evaluation; undefined before the first. */
  lastEvaluation: number | undefined;
  /** Seconds the last evaluation took. */
  evaluationSeconds: number;
  /** Label keys of the series written by the last evaluation (for stale markers). */
  lastSeries: Map<string, Labels>;
  /** The alert state machine of an alerting rule. */
  readonly alerting: AlertingRuleState | undefined;
}

export interface RuleGroupEnv {
  /** The store and limits the queries run with (deadline is set per evaluation). */
  readonly query: Omit<QueryContext, 'deadline'>;
  readonly queryTimeoutMs: number;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly logger: Logger;
  readonly listeners: () => readonly AlertListener[];
  /** Called after each rule evaluation (self-metrics). */
  readonly onRuleEvaluated?: (group: RuleGroup, rule: RuleRuntime, failed: boolean) => void;
}

/**
 * A rule group at run time: its rules evaluated in order at one timestamp, each rule's output appended to the
 * store before the next rule runs (so later rules see earlier recordings, as in Prometheus). Series that a rule
 * produced in the previous evaluation and not in this one get a staleness marker.
 */
export class RuleGroup {
  readonly rules: RuleRuntime[];
  lastEvaluation: number | undefined;
  evaluationSeconds = 0;
  /** True until the first evaluation after a (re)start has restored the `for` state of its alerts. */
  shouldRestore: boolean;

  constructor(
    readonly spec: RuleGroupSpec,
    readonly intervalMs: number,
    restoreOnFirstEval: boolean,
  ) {
    this.shouldRestore = restoreOnFirstEval;
    this.rules = spec.rules.map((r) => ({
      spec: r,
      health: 'unknown',
      lastError: undefined,
      lastEvaluation: undefined,
      evaluationSeconds: 0,
      lastSeries: new Map(),
      alerting: r.kind === 'alert' ? new AlertingRuleState(r.name, r.forMs, r.keepFiringForMs, !restoreOnFirstEval) : undefined,
    }));
  }

  get file(): string {
    return this.spec.file;
  }

  get name(): string {
    return this.spec.name;
  }

  /** Prometheus's identity of a group: file and name. */
  get key(): string {
    return `${this.spec.file};${this.spec.name}`;
  }

  /** Takes over alert state and series of matching rules of the group this one replaces (a reload). */
  copyStateFrom(old: RuleGroup): void {
    const byName = new Map<string, RuleRuntime[]>();
    for (const r of old.rules) {
      const key = `${r.spec.kind}\u0000${r.spec.name}\u0000${labelsKey(r.spec.labels)}`;
      const list = byName.get(key) ?? [];
      list.push(r);
      byName.set(key, list);
    }
    for (const r of this.rules) {
      const key = `${r.spec.kind}\u0000${r.spec.name}\u0000${labelsKey(r.spec.labels)}`;
      const prev = byName.get(key)?.shift();
      if (!prev) continue;
      r.lastSeries = prev.lastSeries;
      r.health = prev.health;
      r.lastError = prev.lastError;
      r.lastEvaluation = prev.lastEvaluation;
      r.evaluationSeconds = prev.evaluationSeconds;
      if (r.alerting && prev.alerting) r.alerting.copyStateFrom(prev.alerting);
    }
    this.lastEvaluation = old.lastEvaluation;
    this.evaluationSeconds = old.evaluationSeconds;
    this.shouldRestore = old.shouldRestore;
  }

  /** Evaluates every rule at `ts` (Unix ms) and appends the results. Never throws: errors go to rule health. */
  async evaluate(ts: number, env: RuleGroupEnv): Promise<void> {
    const started = performance.now();
    const transitions: AlertTransition[] = [];
    for (const rule of this.rules) {
      const t0 = performance.now();
      let failed = false;
      try {
        const samples = await this.evaluateRule(rule, ts, env, transitions);
        await this.appendWithStaleness(rule, samples, ts, env);
        rule.health = 'ok';
        rule.lastError = undefined;
      } catch (err) {
        failed = true;
        rule.health = 'err';
        rule.lastError = (err as Error).message;
        env.logger.warn({ rule: rule.spec.name, group: this.name, file: this.file, err: rule.lastError }, 'rule evaluation failed');
        if (err instanceof AlertLimitError) {
          // Prometheus drops the rule's series when it exceeds its limit
          await this.appendWithStaleness(rule, [], ts, env).catch(() => undefined);
        }
      }
      rule.lastEvaluation = ts;
      rule.evaluationSeconds = (performance.now() - t0) / 1000;
      env.onRuleEvaluated?.(this, rule, failed);
    }
    if (this.shouldRestore) {
      await restoreForState(this, ts, env);
      this.shouldRestore = false;
    }
    this.lastEvaluation = ts;
    this.evaluationSeconds = (performance.now() - started) / 1000;
    this.notify(ts, transitions, env);
  }

  private async evaluateRule(rule: RuleRuntime, ts: number, env: RuleGroupEnv, transitions: AlertTransition[]): Promise<Sample[]> {
    const vector = await this.query(rule.spec, ts, env);
    if (rule.spec.kind === 'record') {
      const out: Sample[] = [];
      const seen = new Set<string>();
      for (const s of vector) {
        const labels: Record<string, string> = { ...s.labels, ...rule.spec.labels, [METRIC_NAME_LABEL]: rule.spec.name };
        const normalized = normalizeLabels(labels);
        const key = labelsKey(normalized);
        if (seen.has(key)) throw new Error('vector contains metrics with the same labelset after applying rule labels');
        seen.add(key);
        out.push({ labels: normalized, timestamp: ts, value: s.value });
      }
      if (this.spec.limit > 0 && out.length > this.spec.limit) throw new Error(`exceeded limit of ${this.spec.limit} with ${out.length} series`);
      return out;
    }
    const state = rule.alerting as AlertingRuleState;
    const spec = rule.spec;
    const templateQuery = async (q: string): Promise<Array<{ labels: Labels; value: number }>> => {
      const r = await evaluateInstant(parseQuery(q), ts, { ...env.query, deadline: Date.now() + env.queryTimeoutMs });
      if (r.resultType === 'vector') return r.result.map((s) => ({ labels: s.labels, value: s.value }));
      if (r.resultType === 'scalar') return [{ labels: {}, value: r.result.value }];
      throw new Error(`query ${JSON.stringify(q)}: a template query must return a vector or a scalar`);
    };
    const { samples, transitions: changes } = await state.evaluate(
      vector,
      ts,
      async (s) => {
        // Prometheus gives templates the series' labels including __name__; the alert's own labels drop it.
        const data = { labels: s.labels, externalLabels: env.externalLabels, externalURL: env.externalURL, value: s.value };
        const labels: Record<string, string> = { ...withoutName(s.labels) };
        for (const [k, v] of Object.entries(spec.labels)) labels[k] = await expandAlertTemplate(spec.name, v, data, { query: templateQuery });
        labels[ALERT_NAME_LABEL] = spec.name;
        const annotations: Record<string, string> = {};
        for (const [k, v] of Object.entries(spec.annotations)) annotations[k] = await expandAlertTemplate(spec.name, v, data, { query: templateQuery });
        return { labels: normalizeLabels(labels), annotations };
      },
      this.spec.limit,
    );
    const source: AlertRuleRef = { file: this.file, group: this.name, rule: spec.name };
    for (const c of changes) transitions.push({ source, from: c.from, to: c.to, at: ts, alert: c.alert });
    return samples;
  }

  private async query(spec: RuleSpec, ts: number, env: RuleGroupEnv): Promise<readonly InstantSample[]> {
    const r = await evaluateInstant(spec.expr, ts, { ...env.query, deadline: Date.now() + env.queryTimeoutMs });
    switch (r.resultType) {
      case 'vector':
        return r.result;
      case 'scalar':
        return [{ labels: {}, timestamp: ts, value: r.result.value }];
      default:
        throw new Error('rule result is not a vector or scalar');
    }
  }

  private async appendWithStaleness(rule: RuleRuntime, samples: Sample[], ts: number, env: RuleGroupEnv): Promise<void> {
    const current = new Map<string, Labels>();
    for (const s of samples) current.set(labelsKey(s.labels), s.labels);
    const out = [...samples];
    for (const [key, labels] of rule.lastSeries) {
      if (!current.has(key)) out.push({ labels, timestamp: ts, value: STALE_NAN });
    }
    rule.lastSeries = current;
    if (out.length > 0) await env.query.store.append(out);
  }

  /** Writes staleness markers for every series the group's rules produced (the group was removed). */
  async markAllStale(ts: number, env: RuleGroupEnv): Promise<void> {
    for (const rule of this.rules) await this.appendWithStaleness(rule, [], ts, env);
  }

  private notify(ts: number, transitions: readonly AlertTransition[], env: RuleGroupEnv): void {
    const listeners = env.listeners();
    if (listeners.length === 0) return;
    const hasAlerting = this.rules.some((r) => r.alerting);
    const toSend: Array<AlertSnapshot & { source: AlertRuleRef }> = [];
    if (hasAlerting) {
      for (const r of this.rules) {
        if (!r.alerting) continue;
        const source: AlertRuleRef = { file: this.file, group: this.name, rule: r.spec.name };
        for (const a of r.alerting.alertsToSend(ts)) toSend.push({ ...a, source });
      }
    }
    for (const l of listeners) {
      try {
        for (const t of transitions) l.onTransition?.(t);
        if (hasAlerting) l.onAlerts?.({ file: this.file, group: this.name }, toSend, ts);
      } catch (err) {
        env.logger.error({ err, group: this.name }, 'an alert listener failed');
      }
    }
  }
}

function withoutName(labels: Labels): Record<string, string> {
  const out: Record<string, string> = { ...labels };
  delete out[METRIC_NAME_LABEL];
  return out;
}
