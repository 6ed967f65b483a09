import { createHash } from 'node:crypto';
import type { AlertRuleRef } from '../alerting/alert.js';
import { labelsKey, type Labels } from '../storage/labels.js';

export type NotifyAlertStatus = 'firing' | 'resolved';

/** An alert as the notifier tracks it inside an aggregation group (Alertmanager's alert model). */
export interface NotifyAlert {
  /** Stable identity of the label set (hex sha256 prefix of the sorted labels). */
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
  readonly status: NotifyAlertStatus;
  /** Unix ms the alert started firing (or became active). */
  readonly startsAt: number;
  /** Unix ms it resolved; undefined while firing. */
  readonly endsAt: number | undefined;
  /** Unix ms the rule engine last reported it (resolve timeout). */
  readonly lastSeen: number;
  readonly source: AlertRuleRef | undefined;
}

/** A label set's fingerprint: the first 16 hex digits of sha256 over the sorted labels. */
export function alertFingerprint(labels: Labels): string {
  return createHash('sha256').update(labelsKey(labels)).digest('hex').slice(0, 16);
}
