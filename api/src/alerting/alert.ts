import type { Labels } from '../storage/labels.js';

/** Prometheus's alert states. An alert whose condition cleared is `inactive` with a `resolvedAt`. */
export type AlertState = 'inactive' | 'pending' | 'firing';

/** One alert of an alerting rule (one label set of its expression's result), as a read-only snapshot. */
export interface AlertSnapshot {
  /** Series labels without `__name__`, plus the rule's (templated) labels and `alertname`. */
  readonly labels: Labels;
  /** The rule's annotations, templated with this alert's labels and value. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly state: AlertState;
  /** Value of the expression at the last evaluation where the alert was active. */
  readonly value: number;
  /** Unix ms when the alert became pending (after a restart: the restored time). */
  readonly activeAt: number;
  /** Unix ms when it last went firing; undefined when it never fired. */
  readonly firedAt: number | undefined;
  /** Unix ms when it became inactive; undefined while active. */
  readonly resolvedAt: number | undefined;
  /** Unix ms since when the condition is gone but `keep_firing_for` keeps it firing. */
  readonly keepFiringSince: number | undefined;
}

/** Where an alert comes from. */
export interface AlertRuleRef {
  readonly file: string;
  readonly group: string;
  readonly rule: string;
}

/** A state change of one alert: inactive→pending, pending→firing, pending/firing→inactive (resolved). */
export interface AlertTransition {
  readonly source: AlertRuleRef;
  readonly from: AlertState;
  readonly to: AlertState;
  /** The group's evaluation time (Unix ms). */
  readonly at: number;
  readonly alert: AlertSnapshot;
}

/**
 * In-process subscribers to alert state (the PagerDuty notifier, the dashboard's live updates). Both hooks are
 * optional and called synchronously after each group evaluation, in evaluation order; a hook that throws is
 * logged and does not stop evaluation or the other listeners. Hooks must not block: queue work and return.
 *
 * - `onTransition`: every state change, once, in the evaluation that made it. After an api restart, restored
 *   alerts start from `inactive` again, so an alert that was firing produces a fresh `pending`/`firing`
 *   transition: deduplicate by `labels` (the notifier's dedup key) where that matters.
 * - `onAlerts`: after every evaluation of a group with alerting rules, what Prometheus would send to
 *   Alertmanager: the firing alerts and those resolved in the last 15 minutes (state `inactive`).
 */
export interface AlertListener {
  onTransition?(transition: AlertTransition): void;
  onAlerts?(source: { readonly file: string; readonly group: string }, alerts: readonly (AlertSnapshot & { readonly source: AlertRuleRef })[], at: number): void;
}
