import { labelsKey, METRIC_NAME_LABEL, normalizeLabels, type Labels } from '../storage/labels.js';
import type { Sample } from '../storage/metric-store.js';
import type { InstantSample } from '../query/query-result.js';
import type { AlertSnapshot, AlertState } from './alert.js';

/** How long a resolved alert is kept (and re-sent as resolved), as Prometheus's resolvedRetention. */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

export const ALERTS_METRIC = 'ALERTS';
export const ALERTS_FOR_STATE_METRIC = 'ALERTS_FOR_STATE';
export const ALERT_NAME_LABEL = 'alertname';
export const ALERT_STATE_LABEL = 'alertstate';

interface MutableAlert {
  labels: Labels;
  annotations: Readonly<Record<string, string>>;
  state: AlertState;
  value: number;
  activeAt: number;
  firedAt: number | undefined;
  resolvedAt: number | undefined;
  keepFiringSince: number | undefined;
}

/** Expands one alert's labels and annotations (templates) for one result sample. */
export type AlertExpander = (sample: InstantSample) => Promise<{ labels: Labels; annotations: Readonly<Record<string, string>> }>;

export interface AlertEvalResult {
  /** ALERTS and ALERTS_FOR_STATE samples to write (none until the rule's `for` state is restored). */
  readonly samples: Sample[];
  readonly transitions: Array<{ from: AlertState; to: AlertState; alert: AlertSnapshot }>;
}

export class AlertLimitError extends Error {}

/**
 * The state machine of one alerting rule, Prometheus 2.42's AlertingRule.Eval on an explicit clock: every result
 * series is an alert (pending, then firing once active for `for`); an alert whose series is gone goes inactive,
 * unless it was firing and `keep_firing_for` has not passed since the condition cleared.
 */
export class AlertingRuleState {
  private active = new Map<string, MutableAlert>();
  /** False until `for` state was restored after a start: no ALERTS series are written before (as Prometheus). */
  restored: boolean;

  constructor(
    readonly name: string,
    readonly forMs: number,
    readonly keepFiringForMs: number,
    restored: boolean,
  ) {
    this.restored = restored;
  }

  /** Applies one evaluation's result at `ts`. Throws AlertLimitError when `limit` > 0 and more alerts are active. */
  async evaluate(result: readonly InstantSample[], ts: number, expand: AlertExpander, limit: number): Promise<AlertEvalResult> {
    const current = new Map<string, MutableAlert>();
    for (const s of result) {
      const { labels, annotations } = await expand(s);
      const key = labelsKey(labels);
      if (current.has(key)) throw new Error('vector contains metrics with the same labelset after applying alert labels');
      current.set(key, { labels, annotations, state: 'pending', value: s.value, activeAt: ts, firedAt: undefined, resolvedAt: undefined, keepFiringSince: undefined });
    }
    const transitions: AlertEvalResult['transitions'] = [];
    for (const [key, a] of current) {
      const existing = this.active.get(key);
      if (existing && existing.state !== 'inactive') {
        existing.value = a.value;
        existing.annotations = a.annotations;
        continue;
      }
      this.active.set(key, a);
      transitions.push({ from: 'inactive', to: 'pending', alert: snapshot(a) });
    }

    const samples: Sample[] = [];
    let activeCount = 0;
    for (const [key, a] of this.active) {
      if (!current.has(key)) {
        let keepFiring = false;
        if (a.state === 'firing' && this.keepFiringForMs > 0) {
          a.keepFiringSince ??= ts;
          if (ts - a.keepFiringSince < this.keepFiringForMs) keepFiring = true;
        }
        if (!keepFiring) {
          if (a.state === 'pending' || (a.resolvedAt !== undefined && ts - a.resolvedAt > RESOLVED_RETENTION_MS)) this.active.delete(key);
          if (a.state !== 'inactive') {
            const from = a.state;
            a.state = 'inactive';
            a.resolvedAt = ts;
            transitions.push({ from, to: 'inactive', alert: snapshot(a) });
          }
          continue;
        }
      } else {
        a.keepFiringSince = undefined;
      }
      activeCount++;
      if (a.state === 'pending' && ts - a.activeAt >= this.forMs) {
        a.state = 'firing';
        a.firedAt = ts;
        transitions.push({ from: 'pending', to: 'firing', alert: snapshot(a) });
      }
      if (this.restored) {
        samples.push({ labels: normalizeLabels({ ...a.labels, [METRIC_NAME_LABEL]: ALERTS_METRIC, [ALERT_STATE_LABEL]: a.state }), timestamp: ts, value: 1 });
        samples.push({ labels: normalizeLabels({ ...a.labels, [METRIC_NAME_LABEL]: ALERTS_FOR_STATE_METRIC }), timestamp: ts, value: Math.floor(a.activeAt / 1000) });
      }
    }
    if (limit > 0 && activeCount > limit) {
      this.active.clear();
      throw new AlertLimitError(`exceeded limit of ${limit} with ${activeCount} alerts`);
    }
    // A transition into pending that fired in the same evaluation (for: 0) is reported as both steps.
    return { samples, transitions };
  }

  /** Pending and firing alerts. */
  activeAlerts(): AlertSnapshot[] {
    return [...this.active.values()].filter((a) => a.state !== 'inactive').map(snapshot);
  }

  /** Firing alerts and those resolved within RESOLVED_RETENTION_MS of `ts` (what goes to a notifier). */
  alertsToSend(ts: number): AlertSnapshot[] {
    return [...this.active.values()]
      .filter((a) => a.state === 'firing' || (a.state === 'inactive' && a.resolvedAt !== undefined && ts - a.resolvedAt <= RESOLVED_RETENTION_MS))
      .map(snapshot);
  }

  /** The rule's state: firing if any alert fires, else pending if any is pending, else inactive. */
  state(): AlertState {
    let s: AlertState = 'inactive';
    for (const a of this.active.values()) {
      if (a.state === 'firing') return 'firing';
      if (a.state === 'pending') s = 'pending';
    }
    return s;
  }

  /** Calls `fn` on each active alert so a restore can move its activeAt. */
  forEachActive(fn: (labels: Labels, setActiveAt: (ms: number) => void) => void): void {
    for (const a of this.active.values()) {
      if (a.state === 'inactive') continue;
      fn(a.labels, (ms) => {
        a.activeAt = ms;
      });
    }
  }

  /** Takes over the alerts of the same rule from before a reload (Prometheus's copyState). */
  copyStateFrom(other: AlertingRuleState): void {
    this.active = other.active;
    this.restored = other.restored;
  }
}

function snapshot(a: MutableAlert): AlertSnapshot {
  return {
    labels: a.labels,
    annotations: a.annotations,
    state: a.state,
    value: a.value,
    activeAt: a.activeAt,
    firedAt: a.firedAt,
    resolvedAt: a.resolvedAt,
    keepFiringSince: a.keepFiringSince,
  };
}
